import HospitalScenario

extension ScenarioLoader {
    /// Loads a scenario from YAML text that may name any built-in policy.
    public static func load(yaml: String, file: String) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [ScenarioError]) {
        try load(yaml: yaml, file: file, policies: PolicyRegistry.catalogue)
    }

    /// Reads a built-in policy given on the command line for `scenario`: a name, or a YAML flow
    /// mapping such as `{name: bed-reservation, reserve: 2, classes: [resus]}`.
    public static func policy(_ text: String, for scenario: Scenario) throws(ScenarioErrors) -> PolicySpec {
        try policy(text, for: scenario, policies: PolicyRegistry.catalogue)
    }
}
