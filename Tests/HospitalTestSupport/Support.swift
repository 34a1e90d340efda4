import SimKernel
import XCTest
import HospitalAnalysis
import HospitalFormats
import HospitalModel
import HospitalPolicies
import HospitalScenario
import HospitalSimulation

/// Loads a scenario from YAML text, failing the test with every diagnostic if it is invalid.
public func scenario(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> Scenario {
    do {
        return try ScenarioLoader.load(yaml: yaml, file: "test.yaml").scenario
    } catch {
        XCTFail("invalid scenario:\n\(error)", file: file, line: line)
        fatalError()
    }
}

/// Compiles `s`, with the policy (a name or a YAML flow mapping) replacing the scenario's.
public func compiled(_ s: Scenario, policy: String? = nil, file: StaticString = #filePath, line: UInt = #line) -> CompiledModel {
    guard let policy else { return CompiledModel(s) }
    do {
        return CompiledModel(s, policy: try ScenarioLoader.policy(policy, for: s))
    } catch {
        XCTFail("invalid policy:\n\(error)", file: file, line: line)
        fatalError()
    }
}

public func simulate(_ yaml: String, policy: String? = nil, threads: Int = 2) -> RunResult {
    Runner.run(compiled(scenario(yaml), policy: policy), threads: threads)
}

extension Summary {
    /// The half width of the confidence interval at `level` (the result's own is 95%).
    public func halfWidth(level: Double) -> Double {
        Summary.studentQuantile((1 + level) / 2, degreesOfFreedom: n - 1) * sd / Double(n).squareRoot()
    }
}

/// Asserts that the 99.9% Student-t interval of `metric` covers the theoretical value, and that
/// the interval is narrow enough (relative half width below `precision`) to mean something.
/// The 99.9% level keeps the chance that a correct model fails any one check at 1 in 1000.
public func assertCovers(_ result: RunResult, _ metric: String, _ theory: Double, precision: Double = 0.05,
                  file: StaticString = #filePath, line: UInt = #line) {
    guard let s = result.metric(metric) else {
        return XCTFail("no metric \(metric)", file: file, line: line)
    }
    let hw = s.halfWidth(level: 0.999)
    XCTAssertLessThanOrEqual(abs(s.mean - theory), hw,
                             "\(metric): simulated \(s.mean) ± \(hw) (99.9%) does not cover theory \(theory)",
                             file: file, line: line)
    XCTAssertLessThan(hw, precision * max(abs(theory), 1e-9),
                      "\(metric): interval ± \(hw) too wide to test theory \(theory)", file: file, line: line)
}

/// The loader's messages for `yaml` (read as "bad.yaml"), one per line; empty when it loads.
public func loadMessages(_ yaml: String) -> String {
    do {
        _ = try ScenarioLoader.load(yaml: yaml, file: "bad.yaml")
        return ""
    } catch {
        return error.errors.map(\.description).joined(separator: "\n")
    }
}

/// A file of the repository (`scenarios/data/ed-episodes.csv`) as an absolute path.
public func repositoryFile(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(relative).path
}
