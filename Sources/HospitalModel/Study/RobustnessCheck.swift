import HospitalAnalysis

/// A recommendation re-run with each input moved down and up (one at a time, on the
/// replications the recommendation got, so every difference is paired), its constraints judged
/// again: which plausible errors in the inputs would break it.
public struct RobustnessCheck: Sendable {
    /// What a move does to the recommendation: every constraint met, or within its limit on
    /// the estimate (`holds`); an estimate beyond a limit that the replications cannot confirm
    /// (`atRisk`); or a constraint failed with confidence (`breaks`).
    public enum Verdict: String, Sendable { case holds, atRisk = "at risk", breaks }

    public struct Move: Sendable {
        /// The input's value in this run, as written in the scenario ("10.8", "38.5 min").
        public var value: String
        public var result: RunResult
        public var checks: [Optimizer.ConstraintCheck]

        public var verdict: Verdict {
            if checks.contains(where: { $0.verdict == .failed }) { return .breaks }
            return checks.contains { $0.verdict == .undecided && $0.excess > 0 } ? .atRisk : .holds
        }
    }

    /// The relative change (0.1: ±10%).
    public var change: Double
    /// Replications of each move: those of the recommendation.
    public var replications: Int
    /// The demand scenario the moves run under, with demand scenarios.
    public var demand: String?
    public var inputs: [SensitivityOutcome.Input]
    /// Capacities left as they are: a change of `change` is less than half a unit.
    public var unmoved: [String] = []
    /// [input][0: low, 1: high].
    public var moves: [[Move]]

    /// The moves that break a constraint or put one at risk, worst first.
    public var failing: [(input: Int, high: Bool, move: Move)] {
        let all = moves.indices.flatMap { i in moves[i].indices.map { (input: i, high: $0 == 1, move: moves[i][$0]) } }
        return all.filter { $0.move.verdict != .holds }.sorted { a, b in
            (a.move.verdict == .breaks ? 0 : 1, a.input) < (b.move.verdict == .breaks ? 0 : 1, b.input)
        }
    }
}
