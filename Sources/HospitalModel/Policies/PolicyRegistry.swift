import HospitalScenario

/// The built-in policies. Adding one is a new file and one line here.
public enum PolicyRegistry {
    public static let types: [any AllocationPolicy.Type] = [
        FIFOPolicy.self,
        PriorityPolicy.self,
        PreemptivePolicy.self,
        AccumulatingPriorityPolicy.self,
        ShortestExpectedFirstPolicy.self,
        FastTrackPolicy.self,
        BedReservationPolicy.self,
        SurgeStaffingPolicy.self,
    ]

    public static var names: [String] { types.map { $0.name } }
    public static func type(named name: String) -> (any AllocationPolicy.Type)? {
        types.first { $0.name == name }
    }

    /// What the scenario reader checks policies against.
    public static let catalogue = BuiltInPolicies()

    /// The policy a specification names, made from its recorded parameters. A specification
    /// the reader produced always makes one; a hand-made one that does not is a programming error.
    public static func make(_ spec: PolicySpec, classNames: [String], classPriorities: [Int]) -> any AllocationPolicy {
        guard let type = type(named: spec.name) else { preconditionFailure("unknown policy \(spec.name)") }
        let arguments = PolicyArguments(recorded: spec.parameters, classNames: classNames, classPriorities: classPriorities)
        guard let policy = type.init(arguments) else { preconditionFailure("the parameters of \(spec.label) do not make a policy") }
        return policy
    }
}
