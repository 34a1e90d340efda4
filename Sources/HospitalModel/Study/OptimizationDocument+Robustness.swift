import HospitalFormats

extension OptimizationDocument.Robustness {
    /// The document of a recommendation's robustness check, the metrics of each move being
    /// those the optimisation shows (objectives, then constrained metrics).
    public init(_ r: RobustnessCheck, shown: [String]) {
        func move(_ m: RobustnessCheck.Move) -> Move {
            Move(value: m.value, verdict: m.verdict.rawValue, constraints: m.checks.map(OptimizationDocument.Check.init),
                 metrics: DocumentMap(shown.compactMap { name in m.result.metric(name).map { (name, ResultsDocument.SummaryEntry($0)) } }))
        }
        let failing = r.failing.map { f in
            let input = r.inputs[f.input]
            let moved = input.value == "profile" ? "the whole profile \(f.move.value)" : "\(f.move.value) for \(input.value)"
            return "\(input.path) \(f.high ? "high" : "low") (\(moved)): \(f.move.verdict.rawValue): "
                + OptimizationDocument.failures(f.move.checks).joined(separator: "; ")
        }
        self.init(change: r.change, replications: r.replications, demand: r.demand,
                  inputs: zip(r.inputs, r.moves).map { input, pair in
                      Input(input: input.path, value: input.value, low: move(pair[0]), high: move(pair[1]))
                  }, unmoved: r.unmoved, failing: failing)
    }
}
