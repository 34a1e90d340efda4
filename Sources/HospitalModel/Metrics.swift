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

extension Simulation {
    /// This replication's metrics, in catalog order.
    func collect() -> ReplicationResult {
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
        var v: [Double] = [Double(arrived), Double(completed), Double(reneged), Double(blocked), Double(inside),
                           ratio(reneged, arrived), ratio(blocked, arrived),
                           wait.meanOrNaN, waitQuantiles.quantile(0.5), waitQuantiles.quantile(0.9),
                           waitQuantiles.quantile(0.95), timeInSystem.meanOrNaN]
        if model.classes.contains(where: { $0.target != nil }) { v.append(ratio(targetMet, targetCounted)) }
        var cost = 0.0
        for (r, res) in model.resources.enumerated() {
            let staffedHours = res.units == nil ? 0 : resources[r].staffedTime.integral(at: end) / hour
            let busyHours = resources[r].busyTime.integral(at: end) / hour
            let surgeHours = resources[r].surgeTime.integral(at: end) / hour
            cost += res.cost.staffedPerHour * staffedHours + res.cost.busyPerHour * busyHours
                + res.cost.perUse * Double(resources[r].uses) + (res.policy.policy.surge?.premiumPerHour ?? 0) * surgeHours
        }
        v += [cost, completed > 0 ? cost / Double(completed) : .nan, bill.meanOrNaN]
        for (c, cls) in model.classes.enumerated() {
            let s = classStats[c]
            v += [s.wait.meanOrNaN, s.timeInSystem.meanOrNaN, ratio(s.reneged, s.arrived), ratio(s.blocked, s.arrived)]
            if cls.target != nil { v.append(ratio(s.targetMet, s.targetCounted)) }
        }
        var profiles: [[Double]] = []
        for (r, res) in model.resources.enumerated() {
            let state = resources[r]
            if res.units != nil {
                let staffed = state.staffedTime.integral(at: end)
                v.append(staffed > 0 ? state.busyTime.integral(at: end) / staffed : .nan)
            }
            v += [state.busyTime.mean(at: end), state.queueTime.mean(at: end), state.wait.meanOrNaN]
            for (c, cls) in model.classes.enumerated() where cls.resourcesUsed.contains(r) {
                v.append(state.classWait[c].meanOrNaN)
            }
            v += [ratio(state.blocked, state.requests), Double(state.wait.count)]
            if res.policy.policy.surge != nil { v.append(state.surgeTime.mean(at: end)) }
            profiles += [state.busyTime.hourlyMeans(at: end), state.queueTime.hourlyMeans(at: end)]
        }
        return ReplicationResult(replication: replication, metrics: v, profiles: profiles, events: eventCount)
    }
}
