import XCTest
@testable import SimKernel

final class DistributionTests: XCTestCase {
    /// Each continuous distribution of the scenario format, with parameters that exercise it.
    static let continuous: [(String, Distribution)] = [
        ("exponential", try! .exponential(mean: 5)),
        ("uniform", try! .uniform(min: 2, max: 7)),
        ("triangular", try! .triangular(min: 1, mode: 2, max: 6)),
        ("normal", try! .normal(mean: 3, sd: 2)),  // truncated at zero: P(X < 0) = 6.7%
        ("lognormal", try! .lognormal(mean: 48, sd: 24)),
        ("gamma(mean,sd)", try! .gamma(mean: 12, sd: 6)),
        ("gamma(shape,scale)", try! .gamma(shape: 0.7, scale: 3)),
        ("erlang", try! .erlang(k: 3, mean: 9)),
        ("weibull", try! .weibull(shape: 1.5, scale: 10)),
    ]

    static let draws = 100_000

    func sample(_ d: Distribution, purpose: String) -> [Double] {
        let stream = RandomStream(seed: 20_261_125, replication: 0, purpose: purpose)
        return (0..<Self.draws).map { _ in d.sample(stream) }
    }

    func testMeanAndVarianceWithinFourStandardErrors() {
        for (name, d) in Self.continuous + [("empirical", try! .empirical(values: [1, 2, 10], weights: [1, 3, 1])),
                                            ("deterministic", try! .deterministic(4))] {
            let xs = sample(d, purpose: name)
            let n = Double(xs.count)
            let mean = xs.reduce(0, +) / n
            let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            let m4 = xs.reduce(0) { $0 + pow($1 - mean, 4) } / n
            let seMean = (d.variance / n).squareRoot()
            let seVariance = (max(m4 - variance * variance, 0) / n).squareRoot()
            XCTAssertLessThanOrEqual(abs(mean - d.mean), 4 * seMean + 1e-12, "\(name): mean \(mean) vs \(d.mean)")
            XCTAssertLessThanOrEqual(abs(variance - d.variance), 4 * seVariance + 1e-12,
                                     "\(name): variance \(variance) vs \(d.variance)")
        }
    }

    /// Kolmogorov-Smirnov against GSL's own CDF at the 0.1% level: the asymptotic critical
    /// value of sqrt(n) D is 1.9495.
    func testKolmogorovSmirnovAgainstGSLCDF() {
        let critical = 1.9495 / Double(Self.draws).squareRoot()
        for (name, d) in Self.continuous {
            let xs = sample(d, purpose: "ks-" + name).sorted()
            let n = Double(xs.count)
            var dMax = 0.0
            for (i, x) in xs.enumerated() {
                let f = d.cdf(x)
                dMax = max(dMax, abs(Double(i + 1) / n - f), abs(f - Double(i) / n))
            }
            XCTAssertLessThan(dMax, critical, "\(name): KS statistic \(dMax) over \(critical)")
        }
    }

    func testEmpiricalFrequenciesMatchWeights() {
        let d = try! Distribution.empirical(values: [5, 15, 30], weights: [2, 1, 1])
        let xs = sample(d, purpose: "empirical-freq")
        for (value, p) in [(5.0, 0.5), (15.0, 0.25), (30.0, 0.25)] {
            let observed = Double(xs.filter { $0 == value }.count) / Double(xs.count)
            let se = (p * (1 - p) / Double(xs.count)).squareRoot()
            XCTAssertLessThanOrEqual(abs(observed - p), 4 * se, "value \(value)")
        }
    }

    func testBadParametersAreRejectedAtConstruction() {
        let bad: [() throws -> Distribution] = [
            { try Distribution.exponential(mean: 0) },
            { try Distribution.exponential(mean: -3) },
            { try Distribution.exponential(mean: .nan) },
            { try Distribution.uniform(min: 5, max: 2) },
            { try Distribution.triangular(min: 1, mode: 7, max: 6) },
            { try Distribution.normal(mean: 3, sd: -1) },
            { try Distribution.lognormal(mean: 0, sd: 1) },
            { try Distribution.gamma(mean: 2, sd: 0) },
            { try Distribution.erlang(k: 0, mean: 2) },
            { try Distribution.weibull(shape: 0, scale: 1) },
            { try Distribution.empirical(values: []) },
            { try Distribution.empirical(values: [1, 2], weights: [0, 0]) },
            { try Distribution.empirical(values: [1, 2], weights: [1]) },
            { try Distribution.deterministic(-1) },
        ]
        for (i, make) in bad.enumerated() {
            XCTAssertThrowsError(try make(), "case \(i) should be rejected")
        }
        do {
            _ = try Distribution.uniform(min: 5, max: 2)
        } catch {
            XCTAssertTrue(error.message.contains("must not exceed"), error.message)
        }
    }
}
