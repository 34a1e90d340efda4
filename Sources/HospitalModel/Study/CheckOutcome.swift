import HospitalAnalysis
import HospitalScenario

/// What `Study.check` returns: each metric's verdict against the baseline, the scenario as
/// run (the baseline's settings, then the overrides), and what differs from when the baseline
/// was made, in words.
public struct CheckOutcome: Sendable {
    public var check: RegressionCheck
    public var scenario: Scenario
    /// A baseline of other content or another model version is still compared (that may be
    /// the point of the check), but the difference is said.
    public var notes: [String]
}
