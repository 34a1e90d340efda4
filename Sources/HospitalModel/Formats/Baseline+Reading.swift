import Foundation
import HospitalAnalysis
import HospitalScenario

extension Baseline {
    /// Reads a baseline; `file` names it in messages.
    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> Baseline {
        func fail(_ message: String, _ path: String = "") -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: path, message: message)])
        }
        let doc = try JSONFile.object(data, file: file, what: "a baseline (a results document)")
        let results = try ResultsDocument.read(doc, file: file)
        let result = results.metrics.map { Metric(name: $0.name, mean: $0.mean, sd: $0.sd, n: $0.n) }
        var tolerances: [String: Double] = [:]
        if let t = doc["tolerance"] {
            guard let map = t as? [String: Any] else { throw fail("\"tolerance\" must map metric names to fractions", "tolerance") }
            for (name, value) in map {
                guard let x = (value as? NSNumber)?.doubleValue, x >= 0 else {
                    throw fail("a tolerance must be a number >= 0", "tolerance.\(name)")
                }
                tolerances[name] = x
            }
        }
        return Baseline(metrics: result, tolerances: tolerances, seed: results.seed, replications: results.replications,
                        horizon: results.horizon, warmup: results.warmup,
                        scenarioHash: doc["scenario_hash"] as? String, modelVersion: (doc["model_version"] as? NSNumber)?.intValue)
    }
}
