import HospitalScenario
import HospitalPolicies
import SimKernel

/// Capacity over time: roster changes (of a resource or of one of its skill groups), units
/// going off shift as they finish, and surge staffing.
extension Simulation {
    /// Brings units on or off shift to match `resources[r].capacity`: idle units leave at once
    /// (highest number first), busy ones when they finish; units coming on take waiting patients.
    mutating func matchCapacity(_ r: Int) {
        let now = events.now
        // Capacity is read afresh each time: a unit coming on may serve a patient, and the
        // shorter queue may end a surge.
        while resources[r].present > resources[r].capacity, let unit = resources[r].free.highest() {
            resources[r].free.remove(unit)
            resources[r].present -= 1
            resources[r].offShift.append(unit)
            logShiftOff(resource: r, unit: unit)
        }
        // Keep the off-shift stack handing out the lowest number first.
        resources[r].offShift.sort(by: >)
        while resources[r].present < resources[r].capacity, let unit = resources[r].offShift.popLast() {
            resources[r].present += 1
            stats.resources[r].staffedTime.update(to: Double(resources[r].present), at: now)
            logShiftOn(resource: r, unit: unit)
            handOver(resource: r, unit: unit)
        }
        stats.resources[r].staffedTime.update(to: Double(resources[r].present), at: now)
    }

    /// Schedules the next change of `r`'s roster (or of its group `group`'s) after `t`.
    mutating func scheduleRosterChange(resource r: Int, group: Int = -1, after t: Double) {
        guard let roster = group < 0 ? model.resources[r].roster : model.resources[r].groups[group].roster else { return }
        let cycle = group < 0 ? model.resources[r].rosterCycle : model.resources[r].groups[group].rosterCycle
        let cycleStart = (t / cycle).rounded(.down) * cycle
        var next: Double?
        for change in roster where cycleStart + change.time > t {
            next = cycleStart + change.time
            break
        }
        let at = next ?? cycleStart + cycle + roster[0].time
        let kind = EventKind.rosterChange.rawValue | Int32(bitPattern: UInt32(group + 1) << Self.tagShift)
        if at <= end { events.schedule(at: at, kind: kind, subject: Int32(r)) }
    }

    /// The capacity `roster` (repeating every `cycle`) gives at time `now`.
    /// Static: as a method it made every roster change copy the whole replication.
    static func rosterCapacity(_ roster: [(time: Double, capacity: Int)], cycle: Double, at now: Double) -> Int {
        let into = now - (now / cycle).rounded(.down) * cycle
        var capacity = roster[0].capacity
        for change in roster where change.time <= into + 1e-9 * cycle { capacity = change.capacity }
        return capacity
    }

    /// A skill group's roster changes: idle units of the group leave at once (highest number
    /// first), busy ones when they finish; units coming on take waiting patients they may serve.
    mutating func changeGroupRoster(_ r: Int, group g: Int) {
        let now = events.now
        let gi = program.groupFirst[r] + g
        let capacity = Self.rosterCapacity(model.resources[r].groups[g].roster!, cycle: model.resources[r].groups[g].rosterCycle, at: now)
        groups.rostered[gi] = capacity
        let first = Int(program.groupUnitFirst[gi]), end = Int(program.groupUnitEnd[gi])
        while groups.present[gi] > groups.rostered[gi],
              let unit = (first..<end).reversed().first(where: { resources[r].free.contains(Int32($0)) }) {
            resources[r].free.remove(Int32(unit))
            goOffShift(r, group: gi, unit: Int32(unit))
        }
        groups.offShift[gi].sort(by: >)
        while groups.present[gi] < groups.rostered[gi], let unit = groups.offShift[gi].popLast() {
            groups.present[gi] += 1
            resources[r].present += 1
            stats.groupStaffed[gi].update(to: Double(groups.present[gi]), at: now)
            stats.resources[r].staffedTime.update(to: Double(resources[r].present), at: now)
            logShiftOn(resource: r, unit: unit)
            handOver(resource: r, unit: unit)
        }
        if recording.trace != nil {
            let detail = "group \(model.resources[r].groups[g].name) capacity \(capacity)"
            note("roster", patient: nil, resource: r, detail: detail)
        }
        scheduleRosterChange(resource: r, group: g, after: now)
    }

    /// Unit `unit` of skill group `gi` of `r` leaves its shift (it is neither free nor busy).
    mutating func goOffShift(_ r: Int, group gi: Int, unit: Int32) {
        groups.present[gi] -= 1
        resources[r].present -= 1
        groups.offShift[gi].append(unit)
        stats.groupStaffed[gi].update(to: Double(groups.present[gi]), at: events.now)
        stats.resources[r].staffedTime.update(to: Double(resources[r].present), at: events.now)
        logShiftOff(resource: r, unit: unit)
    }

    mutating func changeRoster(_ r: Int) {
        let now = events.now
        let capacity = Self.rosterCapacity(model.resources[r].roster!, cycle: model.resources[r].rosterCycle, at: now)
        resources[r].rostered = capacity
        matchCapacity(r)
        note("roster", patient: nil, resource: r, detail: "capacity \(capacity)")
        scheduleRosterChange(resource: r, after: now)
    }

    /// Surge staffing's state machine, run whenever `r`'s queue length changes.
    mutating func updateSurge(_ r: Int) {
        guard let rule = surgeRules[r] else { return }
        let length = resources[r].queue.count
        switch resources[r].surge {
        case .idle where length > rule.threshold:
            resources[r].surge = .pending(events.schedule(at: events.now + rule.after, kind: EventKind.surgeCall.rawValue, subject: Int32(r)))
        case .pending(let call) where length <= rule.threshold:
            events.cancel(call)  // the queue did not stay long for the whole `after`
            resources[r].surge = .idle
        case .active where length < rule.releaseBelow:
            resources[r].surge = .idle
            resources[r].surgeExtra = 0
            stats.resources[r].surgeTime.update(to: 0, at: events.now)
            matchCapacity(r)
            note("surge ends", patient: nil, resource: r)
        default:
            break
        }
    }

    mutating func callSurge(_ r: Int) {
        guard case .pending = resources[r].surge, let rule = surgeRules[r] else { return }
        resources[r].surge = .called
        events.schedule(at: events.now + rule.delay, kind: EventKind.surgeArrive.rawValue, subject: Int32(r))
    }

    mutating func surgeArrives(_ r: Int) {
        guard let rule = surgeRules[r] else { return }
        resources[r].surge = .active
        resources[r].surgeExtra = rule.extra
        stats.resources[r].surgeTime.update(to: Double(rule.extra), at: events.now)
        matchCapacity(r)
        note("surge starts", patient: nil, resource: r, detail: "+\(rule.extra) units")
        updateSurge(r)  // the queue may have emptied while they came
    }
}
