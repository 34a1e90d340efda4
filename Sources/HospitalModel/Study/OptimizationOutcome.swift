import HospitalAnalysis
import HospitalScenario

/// What `Study.optimize` returns: the search's outcome, the goal it pursued (with its budget),
/// and how it searched.
public struct OptimizationOutcome: Sendable {
    public var outcome: Optimizer.Outcome
    public var goal: OptimizationGoal
    /// The scenario as written, with the overrides made (its name, seed and time unit).
    public var scenario: Scenario
    public var shown: [String]
    /// The grid's size, when it was searched by neighbourhood rather than exhaustively (a
    /// Double: five axes of 9,999 values each hold more points than an Int counts).
    public var gridSize: Double?
    /// The points a neighbourhood search evaluated.
    public var visited: Int?
    public var seconds: Double
    /// With `OptimizationRequest.checkRobustness`: the recommendation with each input moved.
    public var robustness: RobustnessCheck?
}
