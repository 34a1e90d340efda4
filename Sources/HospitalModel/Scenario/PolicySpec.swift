/// An allocation policy as a scenario names it: its name and its parameters, read and checked.
/// The model is made from it when the scenario is compiled (`PolicyRegistry.make`), so a
/// scenario is plain data that can be compared, printed and sent elsewhere.
public struct PolicySpec: Sendable, Equatable {
    public var name: String
    /// The name with its parameters as written, for reports: `bed-reservation{reserve: 2}`.
    public var label: String
    /// The parameters as read, by key (absent ones take their defaults when the policy is made).
    public var parameters: [String: PolicyValue]
    /// Whether an arriving urgent patient may interrupt a service, and the policy's own surge
    /// rule: the reader's checks need both, so the catalogue reports them when it checks.
    public var traits: PolicyTraits

    public init(name: String, label: String? = nil, parameters: [String: PolicyValue] = [:], traits: PolicyTraits = PolicyTraits()) {
        self.name = name
        self.label = label ?? name
        self.parameters = parameters
        self.traits = traits
    }

    /// First come, first served: the policy of a scenario that names none.
    public static let fifo = PolicySpec(name: "fifo")
}

/// What the reader needs to know of a policy beyond its parameters.
public struct PolicyTraits: Sendable, Equatable {
    public var preemptive: Bool
    public var surge: SurgeRule?

    public init(preemptive: Bool = false, surge: SurgeRule? = nil) {
        self.preemptive = preemptive
        self.surge = surge
    }
}

/// The policies a scenario may name. The reader checks a policy's name and parameters against
/// it (so a wrong parameter is reported with its place, with the rest of the file's problems);
/// the policies layer supplies the built-in ones (`PolicyRegistry.catalogue`).
public protocol PolicyCatalogue: Sendable {
    var names: [String] { get }
    /// The parameter keys `name` takes besides `name`, or nil for an unknown policy.
    func parameterKeys(of name: String) -> [String]?
    /// Reads the parameters of policy `name` through `arguments`, which reports any problem;
    /// the policy's traits, or nil when a parameter is wrong.
    func check(_ name: String, _ arguments: PolicyArguments) -> PolicyTraits?
}
