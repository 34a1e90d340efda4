import SimKernel

extension ScenarioReader {
    /// Warns when the offered load of a resource (arrival rate x expected holding time, summed
    /// over classes and the chance of reaching each step) is at or above its mean capacity:
    /// its queue then grows without bound unless patients renege or are blocked. A resource
    /// with a `queue_capacity` is not warned about: its queue is bounded, and the excess load is
    /// turned away (counted in `blocked.fraction`).
    func warnAboutOfferedLoad(_ scenario: Scenario) {
        let load = OfferedLoad.perResource(scenario)
        for (r, resource) in scenario.resources.enumerated() where resource.queueCapacity == nil {
            guard let capacity = resource.capacity else { continue }
            let mean = resource.shifts.map { Roster(shifts: $0).meanCapacity } ?? Double(capacity)
            if load[r] >= mean, load[r] > 0 {
                let mark = r < resourceMarks.count ? resourceMarks[r] : nil
                report(mark: mark, "resources[\(r)]",
                       String(format: "the offered load of '%@' is %.3g units, at or above its mean capacity %.3g: its queue will grow without bound unless patients renege or are blocked",
                              resource.name, load[r], mean),
                       severity: .warning)
            }
        }
    }
}

extension ScenarioReader {
    /// Warns when a clinic session, with its overbooked patients, can run past its clinicians'
    /// roster: from the session's start until its slots plus one slot per overbooked patient are
    /// over, the resource of the clinic class's treatment step must have at least the clinic's
    /// `doctors` on shift, or the patients left over wait for the next shift (overnight).
    func warnAboutClinicRosters(_ scenario: Scenario) {
        for (k, clinic) in scenario.clinics.enumerated() {
            let pathway = scenario.classes[clinic.classIndex].pathway ?? scenario.pathway
            guard let r = Self.treatmentResource(pathway), let shifts = scenario.resources[r].shifts else { continue }
            let perMinute = Roster.minuteCapacities(shifts)
            let period = perMinute.count
            let unit = scenario.timeUnit.minutes
            for (j, session) in clinic.sessions.enumerated() {
                let minutes = Int(((session.length + Double(clinic.overbook) * session.slotLength) * unit).rounded(.up))
                let days = period == 1440 ? [0] : (session.days ?? Set(0..<7)).sorted()
                for day in days {
                    let start = day * 1440 + session.start
                    guard let short = (0..<minutes).first(where: { (perMinute[(start + $0) % period] ?? 0) < clinic.doctors }) else { continue }
                    let at = (start + short) % period
                    let when = String(format: "%@%02d:%02d", period == 1440 ? "" : ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][at / 1440] + " ",
                                      at % 1440 / 60, at % 60)
                    let mark = k < sessionMarks.count && j < sessionMarks[k].count ? sessionMarks[k][j] : nil
                    let overbooked = clinic.overbook > 0 ? " with its \(clinic.overbook) overbooked patient\(clinic.overbook == 1 ? "" : "s")" : ""
                    report(mark: mark, "clinics[\(k)].sessions[\(j)]",
                           "the \(clinic.name) session\(overbooked) runs until \(readable(Double(minutes) / 60)) hours after its start, but '\(scenario.resources[r].name)' "
                           + "has fewer than \(clinic.doctors) on shift from \(when): patients still waiting then wait for the next shift",
                           severity: .warning)
                    break
                }
            }
        }
    }

    /// The resource of a pathway's treatment step (the `use` marked `treatment: true`, else the
    /// first `use`), looking into branch arms in order.
    static func treatmentResource(_ steps: [Step]) -> Int? {
        var first: Int?
        func visit(_ steps: [Step]) -> Int? {
            for step in steps {
                switch step {
                case .use(let r, _, _, let treatment, _, _):
                    if treatment == true { return r }
                    if first == nil { first = r }
                case .branch(let arms, _):
                    for arm in arms { if let r = visit(arm.steps) { return r } }
                default: break
                }
            }
            return nil
        }
        return visit(steps) ?? first
    }
}
