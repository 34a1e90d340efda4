import SimKernel

extension Simulation {
    /// This replication's metrics and profiles, in the order of the model's `Metric` and
    /// `Profile` lists, which also name them.
    func collect() -> ReplicationResult {
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
        var cost = 0.0
        for (r, res) in model.resources.enumerated() {
            let staffedHours = res.units == nil ? 0 : stats.resources[r].staffedTime.integral(at: end) / hour
            let busyHours = stats.resources[r].busyTime.integral(at: end) / hour
            let surgeHours = stats.resources[r].surgeTime.integral(at: end) / hour
            cost += res.cost.staffedPerHour * staffedHours + res.cost.busyPerHour * busyHours
                + res.cost.perUse * Double(stats.resources[r].uses) + (res.surge?.premiumPerHour ?? 0) * surgeHours
        }
        let values = model.metrics.map { metric -> Double in
            switch metric {
            case .arrived: Double(stats.arrived)
            case .completed: Double(stats.completed)
            case .reneged: Double(stats.reneged)
            case .blocked: Double(stats.blocked)
            case .inSystemAtEnd: Double(stats.inside)
            case .renegedFraction: ratio(stats.reneged, stats.arrived)
            case .blockedFraction: ratio(stats.blocked, stats.arrived)
            case .waitMean: stats.wait.meanOrNaN
            case .waitQuantile(let p): stats.waitQuantiles.quantile(p)
            case .timeInSystemMean: stats.timeInSystem.meanOrNaN
            case .targetMet: ratio(stats.targetMet, stats.targetCounted)
            case .costTotal: cost
            case .costPerPatient: stats.completed > 0 ? cost / Double(stats.completed) : .nan
            case .billMean: stats.bill.meanOrNaN
            case .classWaitMean(let c): stats.classes[c].wait.meanOrNaN
            case .classTimeInSystemMean(let c): stats.classes[c].timeInSystem.meanOrNaN
            case .classRenegedFraction(let c): ratio(stats.classes[c].reneged, stats.classes[c].arrived)
            case .classBlockedFraction(let c): ratio(stats.classes[c].blocked, stats.classes[c].arrived)
            case .classTargetMet(let c): ratio(stats.classes[c].targetMet, stats.classes[c].targetCounted)
            case .utilization(let r):
                stats.resources[r].staffedTime.integral(at: end) > 0
                    ? stats.resources[r].busyTime.integral(at: end) / stats.resources[r].staffedTime.integral(at: end) : .nan
            case .busyMean(let r): stats.resources[r].busyTime.mean(at: end)
            case .queueMean(let r): stats.resources[r].queueTime.mean(at: end)
            case .resourceWaitMean(let r): stats.resources[r].wait.meanOrNaN
            case .resourceClassWaitMean(let r, let c): stats.resources[r].classWait[c].meanOrNaN
            case .resourceBlockedFraction(let r): ratio(stats.resources[r].blocked, stats.resources[r].requests)
            case .seizes(let r): Double(stats.resources[r].wait.count)
            case .surgeMean(let r): stats.resources[r].surgeTime.mean(at: end)
            }
        }
        let profiles = model.profiles.map { profile -> [Double] in
            switch profile {
            case .busyByHour(let r): stats.resources[r].busyTime.hourlyMeans(at: end)
            case .queueByHour(let r): stats.resources[r].queueTime.hourlyMeans(at: end)
            }
        }
        return ReplicationResult(replication: replication, metrics: values, profiles: profiles, events: eventCount)
    }
}
