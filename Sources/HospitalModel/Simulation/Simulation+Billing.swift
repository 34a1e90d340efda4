import HospitalScenario
import HospitalPolicies
extension Simulation {
    /// The resources that charge by the day, and the charge.
    var dailyCharges: [(resource: Int, charge: Double)] {
        model.resources.enumerated().compactMap { r, res in res.cost.perDay > 0 ? (r, res.cost.perDay) : nil }
    }

    /// The midnight census: every patient holding a unit of a resource with a `per_day` charge
    /// is billed one day of it.
    mutating func census() {
        let now = events.now
        for (r, charge) in dailyCharges {
            var billed = 0
            // A free slot holds nothing (a departing patient releases all), so no slot is skipped.
            for p in 0..<slotCount where held[p * resourceCount + r] != -1 {
                patients[p].bill += charge
                logCharge(p, resource: r, charge)
                billed += 1
            }
            if now >= warmup { stats.revenue += charge * Double(billed) }
            if recording.trace != nil {
                let detail = "\(billed) \(model.resources[r].name) day\(billed == 1 ? "" : "s") charged"
                note("census", patient: nil, resource: r, detail: detail)
            }
        }
    }
}
