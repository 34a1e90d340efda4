import HospitalScenario
import HospitalPolicies
import SimKernel

/// The names of a model's metrics and profiles, as in the results contract.
public struct MetricCatalog: Sendable {
    public var names: [String]
    public var profileNames: [String]
    /// The classes, with their time-to-treatment targets, whose waits are kept as distributions.
    public var classes: [(name: String, target: Double?)]

    public init(names: [String], profileNames: [String], classes: [(name: String, target: Double?)] = []) {
        self.names = names
        self.profileNames = profileNames
        self.classes = classes
    }

    /// The names of `model`'s metrics and profiles, from the lists that also compute them.
    public init(_ model: CompiledModel) {
        names = model.metrics.map { $0.name(in: model) }
        profileNames = model.profiles.map { $0.name(in: model) }
        classes = model.classes.map { ($0.name, $0.target) }
    }
}
