import Foundation
import HospitalAnalysis
import HospitalScenario

extension Baseline {
    /// Reads a baseline (a results document with its identity and tolerances); `file` names it
    /// in messages.
    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> Baseline {
        // Another of simrun's documents is said as such, not as the first key it lacks.
        if let kind = try DocumentKind.of(data, file: file), kind != .results {
            throw ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: "",
                                                message: "this is \(kind.described), not a baseline: write one with simrun baseline (or run --format json)")])
        }
        let doc = try DocumentReader.decode(ResultsDocument.self, from: data, file: file, what: "a baseline (a results document)")
        return Baseline(metrics: doc.metrics.entries.map { Metric(name: $0.key, mean: $0.value.mean.value, sd: $0.value.sd.value, n: $0.value.n) },
                        tolerances: Dictionary(uniqueKeysWithValues: doc.tolerance?.entries.map { ($0.key, $0.value) } ?? []),
                        seed: doc.seed, replications: doc.replications, horizon: doc.horizon, warmup: doc.warmup,
                        scenarioHash: doc.scenarioHash, modelVersion: doc.modelVersion)
    }
}
