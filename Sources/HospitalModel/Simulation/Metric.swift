import HospitalScenario
import HospitalPolicies
/// One metric of a replication: what it measures, from which its name and its value both
/// follow. A model's metrics are a list of these (`Metric.all(for:)`), so the catalog of names
/// and the values a replication collects cannot fall out of step: there is nothing to keep in
/// step.
///
/// ```swift
/// let metrics = Metric.all(for: model)
/// metrics[0].name(in: model)   // "patients.arrived"
/// ```
public enum Metric: Sendable, Equatable {
    case arrived, completed, left, reneged, blocked, inSystemAtEnd
    case renegedFraction, blockedFraction
    case waitMean, waitQuantile(Double), timeInSystemMean, timeInSystemQuantile(Double)
    case timeToTreatmentMean, timeToTreatmentQuantile(Double)
    case targetMet, stayTargetMet
    case costTotal, costPerPatient, revenueTotal, billMean
    case classWaitMean(Int), classTimeInSystemMean(Int), classRenegedFraction(Int), classBlockedFraction(Int), classTargetMet(Int)
    case classLeftFraction(Int)
    case classTimeInSystemQuantile(Int, Double), classTimeToTreatmentMean(Int), classTimeToTreatmentQuantile(Int, Double)
    case classStayTargetMet(Int)
    case utilization(Int), busyMean(Int), queueMean(Int), resourceWaitMean(Int), resourceClassWaitMean(Int, Int)
    case resourceBlockedFraction(Int), seizes(Int), surgeMean(Int)
    case turnaroundMean(Int), dischargeWaitMean(Int), dischargeWaitBedHours(Int)
    case groupUtilization(Int, Int), skillWaitMean(Int, Int)
    case noShows
    case clinicBooked(Int), clinicAttended(Int), clinicNoShowFraction(Int), clinicWaitMean(Int), clinicWaitP90(Int)
    case clinicIdleFraction(Int), clinicOvertimeMean(Int), clinicSessions(Int)
    case supplyDemands(Int), supplyStockoutFraction(Int), supplyStockMean(Int), supplyOrders(Int), supplyCost(Int)
    /// The same, for patients arriving in window w, and resources over its hours.
    case windowArrived(Int), windowCompleted(Int), windowWaitMean(Int), windowTimeInSystemMean(Int), windowTargetMet(Int)
    case windowRenegedFraction(Int), windowBlockedFraction(Int)
    case windowClassWaitMean(Int, Int), windowClassTimeInSystemMean(Int, Int), windowClassRenegedFraction(Int, Int)
    case windowClassBlockedFraction(Int, Int), windowClassTargetMet(Int, Int)
    case windowUtilization(Int, Int), windowBusyMean(Int, Int), windowQueueMean(Int, Int)

    /// The name of a metric of the whole model (not of one class, resource, window, clinic or
    /// supply item): the same in every model. Nil for the others.
    public var fixedName: String? {
        switch self {
        case .arrived: "patients.arrived"
        case .completed: "patients.completed"
        case .left: "patients.left"
        case .reneged: "patients.reneged"
        case .blocked: "patients.blocked"
        case .inSystemAtEnd: "patients.in_system.end"
        case .renegedFraction: "reneged.fraction"
        case .blockedFraction: "blocked.fraction"
        case .waitMean: "wait.mean"
        case .waitQuantile(let p): "wait.p\(Int((p * 100).rounded()))"
        case .timeInSystemMean: "time_in_system.mean"
        case .timeInSystemQuantile(let p): "time_in_system.p\(Int((p * 100).rounded()))"
        case .timeToTreatmentMean: "time_to_treatment.mean"
        case .timeToTreatmentQuantile(let p): "time_to_treatment.p\(Int((p * 100).rounded()))"
        case .targetMet: "target_met.fraction"
        case .stayTargetMet: "stay_target_met.fraction"
        case .costTotal: "cost.total"
        case .costPerPatient: "cost.per_patient"
        case .revenueTotal: "revenue.total"
        case .billMean: "bill.mean"
        case .noShows: "patients.no_show"
        default: nil
        }
    }

    /// The metric's name in the results contract.
    public func name(in model: CompiledModel) -> String {
        func cls(_ c: Int) -> String { "class." + model.classes[c].name }
        func res(_ r: Int) -> String { "resource." + model.resources[r].name }
        func win(_ w: Int) -> String { "window." + model.scenario.windows[w].name + "." }
        func sup(_ i: Int) -> String { "supply." + model.scenario.supplies[i].name }
        func clinic(_ k: Int) -> String { "clinic." + model.scenario.clinics[k].name }
        switch self {
        case .classWaitMean(let c): return cls(c) + ".wait.mean"
        case .classTimeInSystemMean(let c): return cls(c) + ".time_in_system.mean"
        case .classRenegedFraction(let c): return cls(c) + ".reneged.fraction"
        case .classBlockedFraction(let c): return cls(c) + ".blocked.fraction"
        case .classTargetMet(let c): return cls(c) + ".target_met.fraction"
        case .classLeftFraction(let c): return cls(c) + ".left.fraction"
        case .classTimeInSystemQuantile(let c, let p): return cls(c) + ".time_in_system.p\(Int((p * 100).rounded()))"
        case .classTimeToTreatmentMean(let c): return cls(c) + ".time_to_treatment.mean"
        case .classTimeToTreatmentQuantile(let c, let p): return cls(c) + ".time_to_treatment.p\(Int((p * 100).rounded()))"
        case .classStayTargetMet(let c): return cls(c) + ".stay_target_met.fraction"
        case .utilization(let r): return res(r) + ".utilization"
        case .busyMean(let r): return res(r) + ".busy.mean"
        case .queueMean(let r): return res(r) + ".queue.mean"
        case .resourceWaitMean(let r): return res(r) + ".wait.mean"
        case .resourceClassWaitMean(let r, let c): return res(r) + "." + cls(c) + ".wait.mean"
        case .resourceBlockedFraction(let r): return res(r) + ".blocked.fraction"
        case .seizes(let r): return res(r) + ".seizes"
        case .surgeMean(let r): return res(r) + ".surge.mean"
        case .turnaroundMean(let r): return res(r) + ".turnaround.mean"
        case .dischargeWaitMean(let r): return res(r) + ".discharge_wait.mean"
        case .dischargeWaitBedHours(let r): return res(r) + ".discharge_wait.bed_hours"
        case .groupUtilization(let r, let g): return res(r) + ".group." + model.resources[r].groups[g].name + ".utilization"
        case .skillWaitMean(let r, let s): return res(r) + ".skill." + model.resources[r].skills[s] + ".wait.mean"
        case .clinicBooked(let k): return clinic(k) + ".booked"
        case .clinicAttended(let k): return clinic(k) + ".attended"
        case .clinicNoShowFraction(let k): return clinic(k) + ".no_show.fraction"
        case .clinicWaitMean(let k): return clinic(k) + ".wait.mean"
        case .clinicWaitP90(let k): return clinic(k) + ".wait.p90"
        case .clinicIdleFraction(let k): return clinic(k) + ".idle.fraction"
        case .clinicOvertimeMean(let k): return clinic(k) + ".overtime.mean"
        case .clinicSessions(let k): return clinic(k) + ".sessions"
        case .supplyDemands(let i): return sup(i) + ".demands"
        case .supplyStockoutFraction(let i): return sup(i) + ".stockout.fraction"
        case .supplyStockMean(let i): return sup(i) + ".stock.mean"
        case .supplyOrders(let i): return sup(i) + ".orders"
        case .supplyCost(let i): return sup(i) + ".cost"
        case .windowArrived(let w): return win(w) + "patients.arrived"
        case .windowCompleted(let w): return win(w) + "patients.completed"
        case .windowWaitMean(let w): return win(w) + "wait.mean"
        case .windowTimeInSystemMean(let w): return win(w) + "time_in_system.mean"
        case .windowTargetMet(let w): return win(w) + "target_met.fraction"
        case .windowRenegedFraction(let w): return win(w) + "reneged.fraction"
        case .windowBlockedFraction(let w): return win(w) + "blocked.fraction"
        case .windowClassWaitMean(let w, let c): return win(w) + cls(c) + ".wait.mean"
        case .windowClassTimeInSystemMean(let w, let c): return win(w) + cls(c) + ".time_in_system.mean"
        case .windowClassRenegedFraction(let w, let c): return win(w) + cls(c) + ".reneged.fraction"
        case .windowClassBlockedFraction(let w, let c): return win(w) + cls(c) + ".blocked.fraction"
        case .windowClassTargetMet(let w, let c): return win(w) + cls(c) + ".target_met.fraction"
        case .windowUtilization(let w, let r): return win(w) + res(r) + ".utilization"
        case .windowBusyMean(let w, let r): return win(w) + res(r) + ".busy.mean"
        case .windowQueueMean(let w, let r): return win(w) + res(r) + ".queue.mean"
        case .arrived, .completed, .left, .reneged, .blocked, .inSystemAtEnd, .renegedFraction, .blockedFraction, .waitMean, .waitQuantile,
             .timeInSystemMean, .timeInSystemQuantile, .timeToTreatmentMean, .timeToTreatmentQuantile, .targetMet, .stayTargetMet,
             .costTotal, .costPerPatient, .revenueTotal, .billMean, .noShows:
            return fixedName!
        }
    }

    /// Every metric of `model`, in the order of the results document: the run's, each class's,
    /// then each resource's. A metric that does not apply (a target where no class has one,
    /// utilisation of infinite capacity) is left out.
    public static func all(for model: CompiledModel) -> [Metric] {
        // Patients who leave by a `leave` step are counted when some pathway has one.
        let leaves = model.classes.map { $0.program.contains(.leave) }
        var list: [Metric] = [.arrived, .completed]
        if leaves.contains(true) { list.append(.left) }
        if !model.clinics.isEmpty { list.append(.noShows) }
        list += [.reneged, .blocked, .inSystemAtEnd, .renegedFraction, .blockedFraction,
                 .waitMean, .waitQuantile(0.5), .waitQuantile(0.9), .waitQuantile(0.95), .timeInSystemMean]
        let quantiles = [0.5, 0.9, 0.95]
        list += quantiles.map { .timeInSystemQuantile($0) }
        if model.classes.contains(where: \.hasTreatment) { list += [.timeToTreatmentMean] + quantiles.map { .timeToTreatmentQuantile($0) } }
        if model.classes.contains(where: { $0.target != nil }) { list.append(.targetMet) }
        if model.classes.contains(where: { $0.stayTarget != nil }) { list.append(.stayTargetMet) }
        list += [.costTotal, .costPerPatient, .revenueTotal, .billMean]
        for (c, cls) in model.classes.enumerated() {
            list += [.classWaitMean(c), .classTimeInSystemMean(c)]
            list += quantiles.map { .classTimeInSystemQuantile(c, $0) }
            if cls.hasTreatment { list += [.classTimeToTreatmentMean(c)] + quantiles.map { .classTimeToTreatmentQuantile(c, $0) } }
            list += [.classRenegedFraction(c), .classBlockedFraction(c)]
            if cls.target != nil { list.append(.classTargetMet(c)) }
            if cls.stayTarget != nil { list.append(.classStayTargetMet(c)) }
            if leaves[c] { list.append(.classLeftFraction(c)) }
        }
        for (r, res) in model.resources.enumerated() {
            if res.units != nil { list.append(.utilization(r)) }
            list += [.busyMean(r), .queueMean(r), .resourceWaitMean(r)]
            for (c, cls) in model.classes.enumerated() where cls.resourcesUsed.contains(r) {
                list.append(.resourceClassWaitMean(r, c))
            }
            list += [.resourceBlockedFraction(r), .seizes(r)]
            if res.surge != nil { list.append(.surgeMean(r)) }
            if res.turnaround != nil { list.append(.turnaroundMean(r)) }
            if res.dischargeHours != nil { list += [.dischargeWaitMean(r), .dischargeWaitBedHours(r)] }
            list += res.groups.indices.map { .groupUtilization(r, $0) }
            list += res.groups.isEmpty ? [] : res.skills.indices.map { .skillWaitMean(r, $0) }
        }
        for k in model.clinics.indices {
            list += [.clinicBooked(k), .clinicAttended(k), .clinicNoShowFraction(k), .clinicWaitMean(k), .clinicWaitP90(k),
                     .clinicIdleFraction(k), .clinicOvertimeMean(k), .clinicSessions(k)]
        }
        for i in model.scenario.supplies.indices {
            list += [.supplyDemands(i), .supplyStockoutFraction(i), .supplyStockMean(i), .supplyOrders(i), .supplyCost(i)]
        }
        let anyTarget = model.classes.contains { $0.target != nil }
        for w in model.scenario.windows.indices {
            list += [.windowArrived(w), .windowCompleted(w), .windowWaitMean(w), .windowTimeInSystemMean(w)]
            if anyTarget { list.append(.windowTargetMet(w)) }
            list += [.windowRenegedFraction(w), .windowBlockedFraction(w)]
            for (c, cls) in model.classes.enumerated() {
                list += [.windowClassWaitMean(w, c), .windowClassTimeInSystemMean(w, c), .windowClassRenegedFraction(w, c),
                         .windowClassBlockedFraction(w, c)]
                if cls.target != nil { list.append(.windowClassTargetMet(w, c)) }
            }
            for (r, res) in model.resources.enumerated() {
                if res.units != nil { list.append(.windowUtilization(w, r)) }
                list += [.windowBusyMean(w, r), .windowQueueMean(w, r)]
            }
        }
        return list
    }
}
