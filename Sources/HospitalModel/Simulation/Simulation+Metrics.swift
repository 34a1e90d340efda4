import SimKernel

extension Simulation {
    /// This replication's metrics and profiles, in the order of the model's `Metric` and
    /// `Profile` lists, which also name them.
    func collect() -> ReplicationResult {
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }
        var cost = 0.0
        for (r, res) in model.resources.enumerated() {
            let staffedHours = res.units == nil ? 0 : resources[r].staffedTime.integral(at: end) / hour
            let busyHours = resources[r].busyTime.integral(at: end) / hour
            let surgeHours = resources[r].surgeTime.integral(at: end) / hour
            cost += res.cost.staffedPerHour * staffedHours + res.cost.busyPerHour * busyHours
                + res.cost.perUse * Double(resources[r].uses) + (res.surge?.premiumPerHour ?? 0) * surgeHours
        }
        let values = model.metrics.map { metric -> Double in
            switch metric {
            case .arrived: Double(arrived)
            case .completed: Double(completed)
            case .reneged: Double(reneged)
            case .blocked: Double(blocked)
            case .inSystemAtEnd: Double(inside)
            case .renegedFraction: ratio(reneged, arrived)
            case .blockedFraction: ratio(blocked, arrived)
            case .waitMean: wait.meanOrNaN
            case .waitQuantile(let p): waitQuantiles.quantile(p)
            case .timeInSystemMean: timeInSystem.meanOrNaN
            case .targetMet: ratio(targetMet, targetCounted)
            case .costTotal: cost
            case .costPerPatient: completed > 0 ? cost / Double(completed) : .nan
            case .billMean: bill.meanOrNaN
            case .classWaitMean(let c): classStats[c].wait.meanOrNaN
            case .classTimeInSystemMean(let c): classStats[c].timeInSystem.meanOrNaN
            case .classRenegedFraction(let c): ratio(classStats[c].reneged, classStats[c].arrived)
            case .classBlockedFraction(let c): ratio(classStats[c].blocked, classStats[c].arrived)
            case .classTargetMet(let c): ratio(classStats[c].targetMet, classStats[c].targetCounted)
            case .utilization(let r):
                resources[r].staffedTime.integral(at: end) > 0
                    ? resources[r].busyTime.integral(at: end) / resources[r].staffedTime.integral(at: end) : .nan
            case .busyMean(let r): resources[r].busyTime.mean(at: end)
            case .queueMean(let r): resources[r].queueTime.mean(at: end)
            case .resourceWaitMean(let r): resources[r].wait.meanOrNaN
            case .resourceClassWaitMean(let r, let c): resources[r].classWait[c].meanOrNaN
            case .resourceBlockedFraction(let r): ratio(resources[r].blocked, resources[r].requests)
            case .seizes(let r): Double(resources[r].wait.count)
            case .surgeMean(let r): resources[r].surgeTime.mean(at: end)
            }
        }
        let profiles = model.profiles.map { profile -> [Double] in
            switch profile {
            case .busyByHour(let r): resources[r].busyTime.hourlyMeans(at: end)
            case .queueByHour(let r): resources[r].queueTime.hourlyMeans(at: end)
            }
        }
        return ReplicationResult(replication: replication, metrics: values, profiles: profiles, events: eventCount)
    }
}
