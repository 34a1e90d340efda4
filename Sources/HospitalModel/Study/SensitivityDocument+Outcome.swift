import HospitalFormats

extension SensitivityDocument {
    /// The document of a sensitivity study's outcome.
    public init(_ s: SensitivityOutcome) {
        let first = s.comparison.variants[0].result
        self.init(scenario: first.scenario, replications: first.replications.count, seed: first.seed, change: s.change,
                  inputs: s.inputs.map { ($0.path, $0.value, $0.low, $0.high) },
                  metrics: s.metrics.enumerated().map { m, name in
                      (name, s.base[m], s.ranking[m].map { (s.inputs[$0.input].path, $0.low, $0.high, $0.swing) })
                  })
    }
}
