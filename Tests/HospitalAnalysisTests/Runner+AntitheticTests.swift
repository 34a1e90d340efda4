import Foundation
import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Antithetic pairs: the mirrored stream, unbiasedness against theory, and the variance they
/// save against independent replications of the same number of runs.
final class RunnerAntitheticTests: XCTestCase {
    func testTheMirroredStreamGivesOneMinusEachUniform() {
        let plain = RandomStream(seed: 42), mirror = RandomStream(seed: 42, antithetic: true)
        for _ in 0..<10_000 {
            let u = plain.uniform(), v = mirror.uniform()
            XCTAssertEqual(u + v, 1, accuracy: 1e-9)
            XCTAssertTrue(v >= 0 && v < 1)
        }
    }

    static let mm1 = """
        name: M/M/1 at rho 0.8
        run: {horizon: "10 day", warmup: "1 day", replications: 800, seed: 11, antithetic: true}
        arrivals: [{name: patients, rate: 0.8}]
        resources: [{name: server, capacity: 1}]
        pathway: [{use: server, duration: {exponential: {mean: 1}}}]
        """

    func testPairsStayUnbiased() {
        let result = simulate(Self.mm1)
        XCTAssertTrue(result.antithetic)
        XCTAssertEqual(result.metric("wait.mean")?.n, 400, "intervals are over the pairs")
        // Wq = rho / (mu - lambda) = 0.8 / 0.2 = 4; utilisation = rho.
        assertCovers(result, "wait.mean", 4)
        assertCovers(result, "resource.server.utilization", 0.8, precision: 0.01)
    }

    /// The two runs of a pair are negatively correlated, so the pair mean varies less than the
    /// mean of two independent runs: the variance of the estimate, for the same number of runs,
    /// is (1 + rho) times that of independent replications. The test asks that the whole 95%
    /// interval of rho (Fisher's z) lies below zero.
    func assertPairsReduceVariance(_ result: RunResult, _ metric: String, file: StaticString = #filePath, line: UInt = #line) -> Double {
        let i = result.catalog.names.firstIndex(of: metric)!
        let pairs = RunResult.pairs(result.replications)
        let a = pairs.map { $0.0.metrics[i] }, b = pairs.map { $0.1.metrics[i] }
        let rho = Self.correlation(a, b)
        let z = atanh(rho), se = 1 / Double(pairs.count - 3).squareRoot()
        let upper = tanh(z + 1.96 * se)
        XCTAssertLessThan(upper, 0, "\(metric): pair correlation \(rho) (95% up to \(upper)) shows no variance reduction",
                          file: file, line: line)
        print("antithetic \(metric): pair correlation \(String(format: "%.3f", rho)), variance ratio to independent runs \(String(format: "%.3f", 1 + rho)) over \(pairs.count) pairs")
        return 1 + rho
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) {
            sab += (x - ma) * (y - mb)
            saa += (x - ma) * (x - ma)
            sbb += (y - mb) * (y - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }

    func testPairsNarrowTheMM1Wait() {
        let ratio = assertPairsReduceVariance(simulate(Self.mm1), "wait.mean")
        XCTAssertLessThan(ratio, 1)
    }

    func testPairsNarrowTheEmergencyDepartmentWait() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/emergency-department.yaml")
        var ed = try ScenarioLoader.load(path: url.path).scenario
        ed.run.horizon = 5 * 1440
        ed.run.replications = 1600
        ed.run.antithetic = true
        let result = Runner.run(CompiledModel(ed), threads: 2)
        XCTAssertLessThan(assertPairsReduceVariance(result, "wait.mean"), 1)
    }

    func testAPairedRunNeedsAnEvenNumberOfReplications() {
        let odd = Self.mm1.replacingOccurrences(of: "replications: 800", with: "replications: 7")
        XCTAssertThrowsError(try ScenarioLoader.load(yaml: odd, file: "odd.yaml")) { error in
            XCTAssertTrue("\(error)".contains("antithetic replications come in pairs"), "\(error)")
        }
    }

    func testThreadCountChangesNothing() {
        let small = Self.mm1.replacingOccurrences(of: "replications: 800", with: "replications: 6")
        let one = simulate(small, threads: 1), four = simulate(small, threads: 4)
        XCTAssertEqual(ResultsDocument.json(one), ResultsDocument.json(four))
    }
}
