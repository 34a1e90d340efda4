import HospitalScenario
import HospitalPolicies
import CGSL
import SimKernel

extension Simulation {
    /// The forecast's start: the census placed, the first hour mark scheduled.
    mutating func startForecast() {
        guard let plan = forecast.plan else { return }
        forecast.series = ForecastSeries(resources: resourceCount, items: supplies.items.count)
        // Today's stock, where given, then the reorder rules from now on.
        for (i, onHand) in plan.stock.enumerated() where i < supplies.items.count {
            if let onHand {
                supplies.items[i].onHand = onHand
                stats.supplies[i].stock.update(to: Double(onHand), at: events.now)
            }
        }
        if !supplies.isEmpty { startSupplies() }
        placeCensus(plan.census)
        noteFull()
        if plan.hours > 0 { events.schedule(at: events.now + hour, kind: EventKind.hourMark.rawValue, subject: 1) }
    }

    /// After each event of a forecast: resources with no free unit now, if first, are noted.
    mutating func noteFull() {
        let hours = (events.now - warmup) / hour
        for r in 0..<resourceCount where !resources[r].infinite && resources[r].free.count == 0 {
            forecast.full(resource: r, at: hours)
        }
    }

    /// Records hour mark `k` and schedules the next.
    mutating func hourMark(_ k: Int) {
        for r in 0..<resourceCount {
            forecast.record(resource: r, busy: resources[r].busy, queue: resources[r].queue.count,
                            full: !resources[r].infinite && resources[r].free.count == 0,
                            capacity: resources[r].infinite ? nil : resources[r].capacity)
        }
        for i in supplies.items.indices { forecast.record(item: i, onHand: supplies.items[i].onHand) }
        forecast.endHour()
        if k < forecast.plan!.hours { events.schedule(at: events.now + hour, kind: EventKind.hourMark.rawValue, subject: Int32(k + 1)) }
    }

    /// Places the census patients, those in service first (they hold units), then those
    /// queueing, longest waiting first (so a first-come queue keeps their order). Their future
    /// draws, and what is left of the durations under way, come from a stream of their own, so
    /// that the arrivals' numbers are those of a forecast with any other census.
    mutating func placeCensus(_ census: [CensusPatient]) {
        let stream = RandomStream(seed: model.run.seed, replication: replication, purpose: "census")
        let order = census.indices.sorted { a, b in
            let (x, y) = (census[a], census[b])
            if x.status != y.status { return x.status == .inService }
            return x.waited > y.waited
        }
        let now = events.now
        // Queued patients join their queues only once every patient is placed: one queued for a
        // unit must not take the unit another queued patient already holds (a bed held while
        // waiting for the doctor), which would leave that holder without its unit.
        var queued: [Int] = []
        for i in order {
            let entry = census[i]
            let c = entry.classIndex
            let cls = model.classes[c]
            let p = allocatePatient()
            var patient = Patient()
            patient.classIndex = Int32(c)
            let relative = Int(cls.stepStarts[entry.step]!)
            patient.pc = programStart[c] + Int32(relative)
            patient.arrival = now - entry.elapsed
            patient.ticket = patients[p].ticket &+ 1
            patient.abandonTag = patients[p].abandonTag
            // Past its treatment step, a patient no longer reneges.
            let treatment = cls.program.firstIndex { if case .use(_, _, true) = $0 { true } else { false } }
            patient.treated = treatment.map { relative > $0 || (relative == $0 && entry.status == .inService) } ?? false
            for (d, spec) in cls.draws.enumerated() { draws[p * maxDraws + d] = spec.distribution?.sample(stream) ?? stream.uniform() }
            arrivalNumber &+= 1
            patient.id = arrivalNumber
            patients[p] = patient
            note("placed", patient: p, resource: nil, detail: "\(entry.id) at step \(entry.stepText), \(entry.status.rawValue)")
            for r in entry.holds { hold(p, resource: r, group: entry.groups[r]) }
            switch entry.status {
            case .inService:
                let remaining: Double
                switch cls.program[relative] {
                case .use(let r, let d, _):
                    hold(p, resource: Int(r), group: entry.groups[Int(r)])
                    remaining = cls.draws[Int(d)].distribution!.residual(after: entry.elapsed, u: stream.uniform())
                    patients[p].inService = r
                    patients[p].serviceStart = now
                    patients[p].serviceEnd = now + remaining
                    patients[p].serviceEvent = events.schedule(at: now + remaining, kind: EventKind.stepDone.rawValue, subject: Int32(p))
                case .delay(let d):
                    remaining = cls.draws[Int(d)].distribution!.residual(after: entry.elapsed, u: stream.uniform())
                    events.schedule(at: now + remaining, kind: EventKind.stepDone.rawValue, subject: Int32(p))
                default:
                    preconditionFailure("the census was checked: in service only at use and delay steps")
                }
                if recording.trace != nil { recording.trace![recording.trace!.count - 1].drawn = remaining }
            case .queued:
                patients[p].waited = entry.waited
                if let patience = cls.patience, !patients[p].treated {
                    patients[p].patience = entry.waited + patience.residual(after: entry.waited, u: stream.uniform())
                }
                queued.append(p)
            }
        }
        for p in queued { advance(p) }
    }

    /// Gives `p` a unit of `r` at once, as the census says it holds one: a free unit, or one
    /// called in from off shift when the roster has fewer on duty than are held now; of skill
    /// group `group` (its index within `r`) for a resource with groups.
    mutating func hold(_ p: Int, resource r: Int, group: Int? = nil) {
        var unit = Simulation.infiniteUnit
        if let g = group, lanes[r] > 1 {
            let gi = program.groupFirst[r] + g
            let first = Int(program.groupUnitFirst[gi]), end = Int(program.groupUnitEnd[gi])
            if let free = (first..<end).first(where: { resources[r].free.contains(Int32($0)) }) {
                unit = Int32(free)
                resources[r].free.remove(unit)
            } else if let off = groups.offShift[gi].popLast() {
                unit = off
                groups.present[gi] += 1
                resources[r].present += 1
                stats.groupStaffed[gi].update(to: Double(groups.present[gi]), at: events.now)
                stats.resources[r].staffedTime.update(to: Double(resources[r].present), at: events.now)
            } else {
                preconditionFailure("the census was checked: no more holders than a group's units")
            }
            assign(p, resource: r, unit: unit)
        } else if resources[r].infinite {
            resources[r].busy += 1
            busyChanged(r)
        } else {
            if let free = resources[r].free.lowest() {
                unit = free
                resources[r].free.remove(free)
            } else if let off = resources[r].offShift.popLast() {
                unit = off
                resources[r].present += 1
                stats.resources[r].staffedTime.update(to: Double(resources[r].present), at: events.now)
            } else {
                preconditionFailure("the census was checked: no more holders than units")
            }
            assign(p, resource: r, unit: unit)
        }
        seized(p, resource: r, unit: unit, waited: 0)
    }
}
