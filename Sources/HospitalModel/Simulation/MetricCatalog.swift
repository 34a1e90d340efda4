import SimKernel

/// The metrics of one replication, in the order of `MetricCatalog.names`.
public struct ReplicationResult: Sendable {
    public var replication: Int
    public var metrics: [Double]
    /// 24 hour-of-day values per profile, in the order of `MetricCatalog.profileNames`.
    public var profiles: [[Double]]
    public var events: Int
    /// Patient-level records, when they were asked for.
    public var patients: PatientLog?
    /// Why the replication stopped before its horizon (a limit of `RunLimits`), or nil.
    public var stopped: String?
    /// A warm-up study's series, when they were asked for: the mean number inside per bin, and
    /// completed patients' waits and arrival times in arrival order.
    public var series: (inside: [Double], waits: [Double], arrivals: [Double])?

    public init(replication: Int, metrics: [Double], profiles: [[Double]], events: Int, patients: PatientLog? = nil) {
        self.replication = replication
        self.metrics = metrics
        self.profiles = profiles
        self.events = events
        self.patients = patients
    }
}

/// The names of a model's metrics and profiles, as in the results contract.
public struct MetricCatalog: Sendable {
    public var names: [String]
    public var profileNames: [String]

    public init(names: [String], profileNames: [String]) {
        self.names = names
        self.profileNames = profileNames
    }

    /// The names of `model`'s metrics and profiles, from the lists that also compute them.
    public init(_ model: CompiledModel) {
        names = model.metrics.map { $0.name(in: model) }
        profileNames = model.profiles.map { $0.name(in: model) }
    }
}
