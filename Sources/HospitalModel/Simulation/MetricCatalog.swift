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

    public init(_ model: CompiledModel) {
        var n = ["patients.arrived", "patients.completed", "patients.reneged", "patients.blocked",
                 "patients.in_system.end", "reneged.fraction", "blocked.fraction",
                 "wait.mean", "wait.p50", "wait.p90", "wait.p95", "time_in_system.mean"]
        let anyTarget = model.classes.contains { $0.target != nil }
        if anyTarget { n.append("target_met.fraction") }
        n += ["cost.total", "cost.per_patient", "bill.mean"]
        for c in model.classes {
            n += ["class.\(c.name).wait.mean", "class.\(c.name).time_in_system.mean", "class.\(c.name).reneged.fraction",
                  "class.\(c.name).blocked.fraction"]
            if c.target != nil { n.append("class.\(c.name).target_met.fraction") }
        }
        var profiles: [String] = []
        for (r, res) in model.resources.enumerated() {
            if res.units != nil { n.append("resource.\(res.name).utilization") }
            n += ["resource.\(res.name).busy.mean", "resource.\(res.name).queue.mean", "resource.\(res.name).wait.mean"]
            for c in model.classes where c.resourcesUsed.contains(r) {
                n.append("resource.\(res.name).class.\(c.name).wait.mean")
            }
            n += ["resource.\(res.name).blocked.fraction", "resource.\(res.name).seizes"]
            if res.policy.policy.surge != nil { n.append("resource.\(res.name).surge.mean") }
            profiles += ["resource.\(res.name).busy.by_hour", "resource.\(res.name).queue.by_hour"]
        }
        names = n
        profileNames = profiles
    }
}
