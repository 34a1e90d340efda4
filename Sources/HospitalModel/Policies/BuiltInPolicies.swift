import HospitalScenario

/// `PolicyRegistry.types` as the scenario reader sees them.
public struct BuiltInPolicies: PolicyCatalogue {
    public var names: [String] { PolicyRegistry.names }

    public func parameterKeys(of name: String) -> [String]? {
        PolicyRegistry.type(named: name)?.parameterKeys
    }

    public func check(_ name: String, _ arguments: PolicyArguments) -> PolicyTraits? {
        guard let policy = PolicyRegistry.type(named: name)?.init(arguments) else { return nil }
        return PolicyTraits(preemptive: policy.preemptive, surge: policy.surge)
    }
}
