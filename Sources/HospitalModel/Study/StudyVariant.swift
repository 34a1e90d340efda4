import HospitalScenario

/// One arm of a comparison: a scenario of the same model (same classes and arrival streams, so
/// that every variant sees the same patients), with its policy replaced when `policy` is given.
public struct StudyVariant: Sendable {
    public var label: String
    public var scenario: Scenario
    public var policy: PolicySpec?

    public init(label: String, scenario: Scenario, policy: PolicySpec? = nil) {
        self.label = label
        self.scenario = scenario
        self.policy = policy
    }
}
