import SimKernel

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
