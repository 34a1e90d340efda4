import HospitalScenario
import HospitalPolicies
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
            // What the hospital pays: wages (charges to patients are income, `revenue.total`).
            cost += res.cost.staffedPerHour * staffedHours + res.cost.busyPerHour * busyHours
                + (res.surge?.premiumPerHour ?? 0) * surgeHours
        }
        cost += stats.supplies.reduce(0) { $0 + $1.cost }
        let windowHours = model.scenario.windows.map(\.hoursOfWeek)
        // All patients' waits are the classes' together: one sketch per class is filled, not two.
        let classWaits = (0..<model.classes.count).map { stats.classes[$0].waitQuantiles.sketch() }
        var waitQuantiles = QuantileSketch()
        for sketch in classWaits { waitQuantiles.merge(sketch) }
        let classTreatments = (0..<model.classes.count).map { stats.classes[$0].treatmentQuantiles.sketch() }
        var treatmentQuantiles = QuantileSketch(), stayQuantiles = QuantileSketch()
        for sketch in classTreatments { treatmentQuantiles.merge(sketch) }
        let classStays = (0..<model.classes.count).map { stats.classes[$0].stayQuantiles.sketch() }
        for sketch in classStays { stayQuantiles.merge(sketch) }
        func quantile(_ sketch: QuantileSketch, _ p: Double) -> Double { sketch.count > 0 ? sketch.quantile(p) : .nan }
        let values = model.metrics.map { metric -> Double in
            switch metric {
            case .arrived: Double(stats.arrived)
            case .completed: Double(stats.completed)
            case .left: Double(stats.left)
            case .reneged: Double(stats.reneged)
            case .blocked: Double(stats.blocked)
            case .inSystemAtEnd: Double(stats.inside)
            case .renegedFraction: ratio(stats.reneged, stats.arrived)
            case .blockedFraction: ratio(stats.blocked, stats.arrived)
            case .waitMean: stats.wait.meanOrNaN
            case .waitQuantile(let p): waitQuantiles.quantile(p)
            case .timeInSystemMean: stats.timeInSystem.meanOrNaN
            case .timeInSystemQuantile(let p): quantile(stayQuantiles, p)
            case .timeToTreatmentMean: stats.timeToTreatment.meanOrNaN
            case .timeToTreatmentQuantile(let p): quantile(treatmentQuantiles, p)
            case .targetMet: ratio(stats.targetMet, stats.targetCounted)
            case .stayTargetMet: ratio(stats.stayMet, stats.stayCounted)
            case .costTotal: cost
            case .costPerPatient: stats.completed > 0 ? cost / Double(stats.completed) : .nan
            case .billMean: stats.bill.meanOrNaN
            case .revenueTotal: stats.revenue
            case .classWaitMean(let c): stats.classes[c].wait.meanOrNaN
            case .classTimeInSystemMean(let c): stats.classes[c].timeInSystem.meanOrNaN
            case .classRenegedFraction(let c): ratio(stats.classes[c].reneged, stats.classes[c].arrived)
            case .classBlockedFraction(let c): ratio(stats.classes[c].blocked, stats.classes[c].arrived)
            case .classTargetMet(let c): ratio(stats.classes[c].targetMet, stats.classes[c].targetCounted)
            case .classTimeInSystemQuantile(let c, let p): quantile(classStays[c], p)
            case .classTimeToTreatmentMean(let c): stats.classes[c].timeToTreatment.meanOrNaN
            case .classTimeToTreatmentQuantile(let c, let p): quantile(classTreatments[c], p)
            case .classStayTargetMet(let c): ratio(stats.classes[c].stayMet, stats.classes[c].stayCounted)
            case .classLeftFraction(let c): ratio(stats.classes[c].left, stats.classes[c].arrived)
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
            case .turnaroundMean(let r): stats.resources[r].turnaroundTime.mean(at: end)
            case .dischargeWaitMean(let r): stats.resources[r].dischargeWaitTime.mean(at: end)
            case .dischargeWaitBedHours(let r): stats.resources[r].dischargeWaitTime.integral(at: end) / hour
            case .groupUtilization(let r, let g):
                { (busy: Double, staffed: Double) in staffed > 0 ? busy / staffed : .nan }(
                    stats.groupBusy[program.groupFirst[r] + g].integral(at: end), stats.groupStaffed[program.groupFirst[r] + g].integral(at: end))
            case .skillWaitMean(let r, let s): stats.skillWait[stats.skillFirst[r] + s].meanOrNaN
            case .noShows: Double(stats.noShows)
            case .clinicBooked(let k): Double(stats.clinics[k].booked)
            case .clinicAttended(let k): Double(stats.clinics[k].attended)
            case .clinicNoShowFraction(let k): ratio(stats.clinics[k].noShows, stats.clinics[k].booked)
            case .clinicWaitMean(let k): stats.clinics[k].wait.meanOrNaN
            case .clinicWaitP90(let k): stats.clinics[k].wait.count > 0 ? stats.clinics[k].waitQuantiles.quantile(0.9) : .nan
            case .clinicIdleFraction(let k): stats.clinics[k].doctorTime > 0 ? stats.clinics[k].idleTime / stats.clinics[k].doctorTime : .nan
            case .clinicOvertimeMean(let k): stats.clinics[k].overtime.meanOrNaN
            case .clinicSessions(let k): Double(stats.clinics[k].sessions)
            case .supplyDemands(let i): Double(stats.supplies[i].demands)
            case .supplyStockoutFraction(let i): ratio(stats.supplies[i].stockouts, stats.supplies[i].demands)
            case .supplyStockMean(let i): stats.supplies[i].stock.mean(at: end)
            case .supplyOrders(let i): Double(stats.supplies[i].orders)
            case .supplyCost(let i): stats.supplies[i].cost
            case .windowArrived(let w): Double(stats.windows[w].all.arrived)
            case .windowCompleted(let w): Double(stats.windows[w].completed)
            case .windowWaitMean(let w): stats.windows[w].all.wait.meanOrNaN
            case .windowTimeInSystemMean(let w): stats.windows[w].all.timeInSystem.meanOrNaN
            case .windowTargetMet(let w): ratio(stats.windows[w].all.targetMet, stats.windows[w].all.targetCounted)
            case .windowRenegedFraction(let w): ratio(stats.windows[w].all.reneged, stats.windows[w].all.arrived)
            case .windowBlockedFraction(let w): ratio(stats.windows[w].all.blocked, stats.windows[w].all.arrived)
            case .windowClassWaitMean(let w, let c): stats.windows[w].classes[c].wait.meanOrNaN
            case .windowClassTimeInSystemMean(let w, let c): stats.windows[w].classes[c].timeInSystem.meanOrNaN
            case .windowClassRenegedFraction(let w, let c): ratio(stats.windows[w].classes[c].reneged, stats.windows[w].classes[c].arrived)
            case .windowClassBlockedFraction(let w, let c): ratio(stats.windows[w].classes[c].blocked, stats.windows[w].classes[c].arrived)
            case .windowClassTargetMet(let w, let c): ratio(stats.windows[w].classes[c].targetMet, stats.windows[w].classes[c].targetCounted)
            case .windowUtilization(let w, let r):
                { (busy: Double, staffed: Double) in staffed > 0 ? busy / staffed : .nan }(
                    stats.resources[r].busyTime.over(bins: windowHours[w], at: end).integral,
                    stats.resources[r].staffedTime.over(bins: windowHours[w], at: end).integral)
            case .windowBusyMean(let w, let r):
                { (x: (integral: Double, exposure: Double)) in x.exposure > 0 ? x.integral / x.exposure : .nan }(
                    stats.resources[r].busyTime.over(bins: windowHours[w], at: end))
            case .windowQueueMean(let w, let r):
                { (x: (integral: Double, exposure: Double)) in x.exposure > 0 ? x.integral / x.exposure : .nan }(
                    stats.resources[r].queueTime.over(bins: windowHours[w], at: end))
            }
        }
        let profiles = model.profiles.map { profile -> [Double] in
            switch profile {
            case .busyByHour(let r): stats.resources[r].busyTime.hourlyMeans(at: end)
            case .queueByHour(let r): stats.resources[r].queueTime.hourlyMeans(at: end)
            }
        }
        var result = ReplicationResult(replication: replication, metrics: values, profiles: profiles, events: eventCount)
        result.waits = classWaits
        result.treatments = classTreatments
        return result
    }
}
