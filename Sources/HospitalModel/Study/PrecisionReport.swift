import HospitalAnalysis

/// What a study run to a precision goal reached: the verdict, and the goal of each metric
/// judged (for the document's `precision` section).
public struct PrecisionReport: Sendable {
    public var verdict: PrecisionVerdict
    public var goals: [(metric: String, goal: Double)]

    public init(verdict: PrecisionVerdict, goals: [(metric: String, goal: Double)]) {
        self.verdict = verdict
        self.goals = goals
    }
}
