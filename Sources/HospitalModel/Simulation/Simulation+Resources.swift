import HospitalScenario
import HospitalPolicies
import SimKernel

/// Resources: requests, queues, hand-overs decided by the resource's allocation policy,
/// preemption, rosters and surge staffing.
extension Simulation {
    // MARK: Asking the policy

    /// Asks `r`'s policy which free unit `p` may take.
    mutating func policyUnit(for p: Int, resource r: Int) -> Int32? {
        let c = Int(patients[p].classIndex)
        let applicant = Applicant(classIndex: c, priority: classPriority[c], expectedService: expectedHold[Int(patients[p].pc)])
        let v = view(of: r)
        return policies[r].unit(for: applicant, in: v)
    }

    /// What a policy sees of resource `r` (heads as last filled in). Mutating only so that the
    /// fields are read in place: a non-mutating read of `resources[r]` copies the whole state.
    mutating func view(of r: Int) -> ResourceView {
        ResourceView(now: events.now, capacity: resources[r].infinite ? Int.max : resources[r].present,
                     busyUnits: resources[r].busy, freeUnits: resources[r].free.count,
                     queueLength: resources[r].queue.count, freeBits: resources[r].free.bits,
                     unitCount: resources[r].owner.count,
                     heads: UnsafeBufferPointer(start: heads, count: classCount),
                     waitingByClass: UnsafeBufferPointer(start: resources[r].queue.waiting, count: classCount))
    }

    /// Fills `heads` with the longest-waiting patient of each class in `r`'s queue, dropping
    /// the stale entries of patients who reneged. With skill groups only the lanes in `lanes`
    /// (bits), those the unit on offer may serve, are looked at.
    mutating func fillHeads(resource r: Int, lanes mask: UInt64 = 1) {
        let laneCount = lanes[r]
        guard laneCount > 1 else { return fillHeadsOneLane(resource: r) }
        for c in 0..<classCount {
            heads[c].patient = -1
            for l in 0..<laneCount where mask & (1 << UInt64(l)) != 0 {
                let ring = l * classCount + c
                while let e = resources[r].queue.byClass[ring].first {
                    let q = Int(e.patient)
                    if patients[q].ticket == e.ticket, patients[q].waitingAt == Int32(r) {
                        if heads[c].patient < 0 || e.sequence < heads[c].sequence {
                            heads[c] = WaitingHead(patient: e.patient, classIndex: c, priority: classPriority[c], since: e.since,
                                                   sequence: e.sequence, expectedService: expectedHold[Int(patients[q].pc)])
                            headLane[c] = l
                        }
                        break
                    }
                    _ = resources[r].queue.byClass[ring].popFirst()
                }
            }
        }
    }

    /// `fillHeads` without skill groups: one ring per class, and lane 0 for every head.
    @inline(__always)
    mutating func fillHeadsOneLane(resource r: Int) {
        for c in 0..<classCount {
            heads[c].patient = -1
            while let e = resources[r].queue.byClass[c].first {
                let q = Int(e.patient)
                if patients[q].ticket == e.ticket, patients[q].waitingAt == Int32(r) {
                    heads[c] = WaitingHead(patient: e.patient, classIndex: c, priority: classPriority[c], since: e.since,
                                           sequence: e.sequence, expectedService: expectedHold[Int(patients[q].pc)])
                    break
                }
                _ = resources[r].queue.byClass[c].popFirst()
            }
        }
    }

    // MARK: Skill groups

    /// The lane of `p`'s request at `r`: the skill its step asks for, or the last lane (any
    /// unit) when it asks for none; 0 without skill groups.
    func lane(_ p: Int, resource r: Int) -> Int {
        let count = lanes[r]
        guard count > 1 else { return 0 }
        let skill = program.opSkill[Int(patients[p].pc)]
        return skill >= 0 ? Int(skill) : count - 1
    }

    /// The skill group (index into the program's group tables) of unit `unit` of `r`.
    func group(of unit: Int32, resource r: Int) -> Int {
        var g = program.groupFirst[r]
        while unit >= program.groupUnitEnd[g] { g += 1 }
        return g
    }

    /// The free unit of `r` that `p` takes: the lowest-numbered with the skill asked for, so
    /// the groups are tried in the order written.
    mutating func skilledUnit(for p: Int, resource r: Int) -> Int32? {
        let bit = UInt64(1) << UInt64(lane(p, resource: r))
        for g in program.groupFirst[r]..<program.groupFirst[r + 1] where program.groupLanes[g] & bit != 0 {
            if let unit = resources[r].free.bits.lowestSetBit(from: Int(program.groupUnitFirst[g]), to: Int(program.groupUnitEnd[g])).map(Int32.init) {
                return unit
            }
        }
        return nil
    }

    mutating func changeGroupBusy(resource r: Int, unit: Int32, by delta: Int) {
        let g = group(of: unit, resource: r)
        groups.busy[g] += delta
        stats.groupBusy[g].update(to: Double(groups.busy[g]), at: events.now)
    }

    /// The class whose head comes first, as `FIFOPolicy` (by joining order) or `PriorityPolicy`
    /// (by priority, then joining order) choose it, without asking them: the built-in
    /// disciplines are a switch in the loop, not a call through a protocol.
    @inline(__always)
    func firstHead(byPriority: Bool) -> Int? {
        var best = -1
        for c in 0..<classCount where heads[c].patient >= 0 {
            if best < 0 { best = c; continue }
            let h = heads[c], b = heads[best]
            if byPriority ? (h.priority, h.sequence) < (b.priority, b.sequence) : h.sequence < b.sequence { best = c }
        }
        return best < 0 ? nil : best
    }

    // MARK: Requests

    /// Patient `p` asks for a unit of `r`. Returns true when it has one now; otherwise it is
    /// waiting (or was blocked and has left).
    @inline(__always)
    mutating func request(_ p: Int, resource r: Int) -> Bool {
        guard r == watched, patients[p].counted else { return requestUnit(p, resource: r) }
        let inside = resources[r].busy + resources[r].queue.count
        let now = events.now
        let got = requestUnit(p, resource: r)
        let c = Int(patients[p].classIndex)
        recording.hourly!.request(at: now, classIndex: c, inside: inside, delayed: !got, targeted: !classTarget[c].isNaN)
        return got
    }

    /// The resource's busy units changed: its time average, and the hourly watch's.
    @inline(__always)
    mutating func busyChanged(_ r: Int) {
        stats.resources[r].busyTime.update(to: Double(resources[r].busy), at: events.now)
        if r == watched { recording.hourly!.busy(resources[r].busy, at: events.now) }
    }

    @inline(__always)
    mutating func requestUnit(_ p: Int, resource r: Int) -> Bool {
        if patients[p].counted { stats.resources[r].requests += 1 }
        if resources[r].infinite {
            resources[r].busy += 1
            busyChanged(r)
            seized(p, resource: r, unit: Simulation.infiniteUnit, waited: 0)
            return true
        }
        if resources[r].free.count > 0,
           let unit = lanes[r] > 1 ? skilledUnit(for: p, resource: r)
               : allocation[r] == .policy ? policyUnit(for: p, resource: r) : resources[r].free.lowest() {
            resources[r].free.remove(unit)
            assign(p, resource: r, unit: unit)
            seized(p, resource: r, unit: unit, waited: 0)
            return true
        }
        if preemptive[r], preempt(for: p, resource: r) {
            return true
        }
        if resources[r].queue.count >= queueLimit[r] {
            block(p, resource: r)
            return false
        }
        enqueue(p, resource: r, atFront: false)
        return false
    }

    @inline(__always)
    mutating func assign(_ p: Int, resource r: Int, unit: Int32) {
        resources[r].owner[Int(unit)] = Int32(p)
        resources[r].busy += 1
        if lanes[r] > 1 { changeGroupBusy(resource: r, unit: unit, by: 1) }
        busyChanged(r)
    }

    /// Book-keeping when `p` obtains a unit after waiting `waited` in this queue.
    @inline(__always)
    mutating func seized(_ p: Int, resource r: Int, unit: Int32, waited: Double) {
        held[p * resourceCount + r] = unit
        let now = events.now
        heldSince[p * resourceCount + r] = now
        let c = Int(patients[p].classIndex)
        let resuming = patients[p].remaining >= 0
        if r == watched, patients[p].counted, !resuming {
            let target = classTarget[c]
            recording.hourly!.served(requested: now - waited, waited: waited, met: !target.isNaN && Self.within(waited, target))
        }
        if patients[p].counted {
            stats.resources[r].wait.add(waited)
            stats.resources[r].classWait[c].add(waited)
            if lanes[r] > 1, case let l = lane(p, resource: r), l < lanes[r] - 1 {
                stats.skillWait[stats.skillFirst[r] + l].add(waited)
            }
        }
        note(resuming ? "resume" : "seize", patient: p, resource: r, detail: unit >= 0 ? "unit \(unit + 1)" : "")
        if let log = recording.eventLog { log.use(Int(patients[p].id), c, r, unit, now) }
        logVisitStart(p, resource: r, unit: unit, started: true)
        if !resuming {
            patients[p].bill += perUse[r]
            logCharge(p, resource: r, perUse[r])
            if now >= warmup {
                stats.resources[r].uses += 1
                stats.revenue += perUse[r]
            }
        }
        if !patients[p].treated, case .use(_, _, true) = ops[Int(patients[p].pc)] {
            patients[p].treated = true
            logTreatmentStart(p)
            if patients[p].session >= 0 { consultationStarts(p) }
            let target = classTarget[c]
            if patients[p].counted {
                let toTreatment = now - patients[p].arrival
                stats.timeToTreatment.add(toTreatment)
                stats.classes[c].timeToTreatment.add(toTreatment)
                stats.classes[c].treatmentQuantiles.add(toTreatment)
            }
            if patients[p].counted, !target.isNaN {
                let met = Self.within(now - patients[p].arrival, target)
                stats.targetCounted += 1
                stats.classes[c].targetCounted += 1
                if met {
                    stats.targetMet += 1
                    stats.classes[c].targetMet += 1
                }
                forEachWindow(patients[p].windows) { w in
                    stats.windows[w].all.targetCounted += 1
                    stats.windows[w].classes[c].targetCounted += 1
                    if met {
                        stats.windows[w].all.targetMet += 1
                        stats.windows[w].classes[c].targetMet += 1
                    }
                }
            }
        }
    }

    // MARK: Queues

    mutating func enqueue(_ p: Int, resource r: Int, atFront: Bool) {
        let now = events.now
        let c = Int(patients[p].classIndex)
        patients[p].ticket &+= 1
        let entry = WaitQueue.Entry(patient: Int32(p), ticket: patients[p].ticket,
                                    sequence: resources[r].queue.takeSequence(), since: now)
        let ring = lane(p, resource: r) * classCount + c
        if atFront { resources[r].queue.prepend(entry, ring: ring, classIndex: c) } else { resources[r].queue.append(entry, ring: ring, classIndex: c) }
        patients[p].waitingAt = Int32(r)
        patients[p].queueSince = now
        stats.resources[r].queueTime.update(to: Double(resources[r].queue.count), at: now)
        // Patience runs out on the total time queueing before treatment starts.
        var patienceLeft: Double?
        if !patients[p].treated, patients[p].patience.isFinite {
            let left = max(0, patients[p].patience - patients[p].waited)
            startPatience(p, at: now + left)
            patienceLeft = left
        }
        note(atFront ? "preempted" : "wait", patient: p, resource: r, drawn: patienceLeft)
        if let log = recording.eventLog { log.queue(Int(patients[p].id), c, r, now) }
        logVisitStart(p, resource: r, unit: nil, started: false)
        if surgeRules[r] != nil { updateSurge(r) }
    }

    /// A patient of class `c` left `r`'s queue (served or reneged).
    @inline(__always)
    mutating func leftQueue(resource r: Int, classIndex c: Int) {
        resources[r].queue.waiting[c] -= 1
        resources[r].queue.count -= 1
        stats.resources[r].queueTime.update(to: Double(resources[r].queue.count), at: events.now)
        if surgeRules[r] != nil { updateSurge(r) }
    }

    /// Offers the unit `unit` of `r`, just freed or come on shift, to the waiting patient the
    /// policy chooses, or idles it.
    mutating func handOver(resource r: Int, unit: Int32) {
        let now = events.now
        if lanes[r] > 1 {
            let gi = group(of: unit, resource: r)
            if groups.present[gi] > groups.rostered[gi] {
                // Over its group's capacity: this unit's shift has ended.
                return goOffShift(r, group: gi, unit: unit)
            }
        } else if !resources[r].infinite, resources[r].present > resources[r].rostered + resources[r].surgeExtra {
            // Over capacity: this unit's shift (or surge) has ended.
            resources[r].present -= 1
            resources[r].offShift.append(unit)
            stats.resources[r].staffedTime.update(to: Double(resources[r].present), at: now)
            logShiftOff(resource: r, unit: unit)
            return
        }
        if let waiting = resources[r].turnaroundQueue.popFirst() {
            // Units waiting to be turned around come before patients.
            return startTurnaround(resource: Int(waiting.resource), unit: waiting.unit, by: unit)
        }
        resources[r].free.insert(unit)
        guard resources[r].queue.count > 0 else { return }
        fillHeads(resource: r, lanes: lanes[r] > 1 ? program.groupLanes[group(of: unit, resource: r)] : 1)
        let chosen: Int?
        switch allocation[r] {
        case .firstComeFirstServed: chosen = firstHead(byPriority: false)
        case .mostUrgentFirst: chosen = firstHead(byPriority: true)
        case .policy: chosen = policies[r].next(for: unit, in: view(of: r))
        }
        guard let c = chosen, heads[c].patient >= 0 else { return }
        let q = Int(heads[c].patient)
        _ = resources[r].queue.byClass[lanes[r] > 1 ? headLane[c] * classCount + c : c].popFirst()
        resources[r].free.remove(unit)
        patients[q].waitingAt = -1
        leftQueue(resource: r, classIndex: c)
        let waitedHere = now - patients[q].queueSince
        patients[q].waited += waitedHere
        cancelPatience(q)
        assign(q, resource: r, unit: unit)
        seized(q, resource: r, unit: unit, waited: waitedHere)
        if case .use = ops[Int(patients[q].pc)] {
            startService(q, resource: r)
        } else {
            patients[q].pc += 1
            advance(q)
        }
    }

    mutating func releaseUnit(_ p: Int, resource r: Int) {
        let slot = p * resourceCount + r
        let unit = held[slot]
        held[slot] = -1
        logVisitEnd(p, resource: r)
        if let log = recording.eventLog { log.useEnd(Int(patients[p].id), Int(patients[p].classIndex), r, unit, events.now, preempted: false) }
        resources[r].busy -= 1
        busyChanged(r)
        note("release", patient: p, resource: r, detail: unit >= 0 ? "unit \(unit + 1)" : "")
        if resources[r].infinite { return }
        resources[r].owner[Int(unit)] = -1
        if lanes[r] > 1 { changeGroupBusy(resource: r, unit: unit, by: -1) }
        guard turnaroundStream[r] >= 0 else { return handOver(resource: r, unit: unit) }
        // Out of use (being cleaned) for the turnaround, then free.
        resources[r].turning += 1
        stats.resources[r].turnaroundTime.update(to: Double(resources[r].turning), at: events.now)
        let by = Int(program.turnaroundBy[r])
        guard by >= 0 else { return startTurnaround(resource: r, unit: unit) }
        // The turnaround needs a unit of `by` (a cleaner): now, or when one is free.
        if resources[by].free.count > 0, let worker = resources[by].free.lowest() {
            resources[by].free.remove(worker)
            startTurnaround(resource: r, unit: unit, by: worker)
        } else {
            resources[by].turnaroundQueue.append((Int32(r), unit))
            if recording.trace != nil {
                let detail = "unit \(unit + 1) waits for \(model.resources[by].name)"
                note("await turnaround", patient: nil, resource: r, detail: detail)
            }
        }
    }

    /// Starts turning `unit` of `r` around, with unit `worker` of its turnaround resource if it
    /// needs one.
    mutating func startTurnaround(resource r: Int, unit: Int32, by worker: Int32 = -1) {
        if worker >= 0 {
            let by = Int(program.turnaroundBy[r])
            resources[by].owner[Int(worker)] = -2  // busy, but with no patient
            resources[by].busy += 1
            busyChanged(by)
            if events.now >= warmup { stats.resources[by].uses += 1 }
            resources[r].turnedBy[Int(unit)] = worker
        }
        let duration = program.turnaroundSampler[r].sample(rngs[Int(turnaroundStream[r])])
        let ready = events.now + duration
        note("turnaround", patient: nil, resource: r, detail: "unit \(unit + 1) until \(TraceRecord.format(ready))", drawn: duration)
        let kind = EventKind.turnaroundDone.rawValue | Int32(bitPattern: UInt32(r) << Self.tagShift)
        events.schedule(at: ready, kind: kind, subject: unit)
    }

    mutating func turnaroundDone(resource r: Int, unit: Int32) {
        resources[r].turning -= 1
        stats.resources[r].turnaroundTime.update(to: Double(resources[r].turning), at: events.now)
        note("ready", patient: nil, resource: r, detail: "unit \(unit + 1)")
        let by = Int(program.turnaroundBy[r])
        if by >= 0 {
            let worker = resources[r].turnedBy[Int(unit)]
            resources[r].turnedBy[Int(unit)] = -1
            resources[by].owner[Int(worker)] = -1
            resources[by].busy -= 1
            busyChanged(by)
            handOver(resource: by, unit: worker)
        }
        handOver(resource: r, unit: unit)
    }

    // MARK: Discharge hours

    /// When now is outside `r`'s discharge hours, keeps `p`'s unit until they open (scheduling
    /// that) and returns true; inside them returns false.
    mutating func holdForDischarge(_ p: Int, resource r: Int) -> Bool {
        let now = events.now, day = 24 * hour
        let dayStart = (now / day).rounded(.down) * day
        let clock = now - dayStart
        let from = dischargeFrom[r], to = dischargeTo[r]
        let inside = from < to ? clock >= from && clock < to : clock >= from || clock < to
        if inside { return false }
        let opens = clock < from ? dayStart + from : dayStart + day + from
        resources[r].awaitingDischarge += 1
        stats.resources[r].dischargeWaitTime.update(to: Double(resources[r].awaitingDischarge), at: now)
        note("await discharge", patient: p, resource: r, detail: "until \(TraceRecord.format(opens))")
        let kind = EventKind.dischargeOpens.rawValue | Int32(bitPattern: UInt32(r) << Self.tagShift)
        events.schedule(at: opens, kind: kind, subject: Int32(p))
        return true
    }

    /// Discharge hours open for `p`, which held its unit of `r` since its stay ended: it
    /// releases the unit and goes on.
    mutating func dischargeOpens(_ p: Int, resource r: Int) {
        resources[r].awaitingDischarge -= 1
        stats.resources[r].dischargeWaitTime.update(to: Double(resources[r].awaitingDischarge), at: events.now)
        releaseUnit(p, resource: r)
        patients[p].pc += 1
        advance(p)
    }

    /// Preemptive-resume: the least urgent patient in a use step of `r` (the most recently
    /// started among equals), if less urgent than `p`, goes back to the head of its class's
    /// queue with its remaining service, and `p` takes its unit.
    mutating func preempt(for p: Int, resource r: Int) -> Bool {
        let urgency = classPriority[Int(patients[p].classIndex)]
        var victim = -1
        var victimPriority = urgency
        var victimStart = -Double.infinity
        for u in resources[r].owner.indices {
            let v = Int(resources[r].owner[u])
            guard v >= 0, patients[v].inService == Int32(r) else { continue }
            let pr = classPriority[Int(patients[v].classIndex)]
            if pr > victimPriority || (pr == victimPriority && victim >= 0 && patients[v].serviceStart > victimStart) {
                victim = v
                victimPriority = pr
                victimStart = patients[v].serviceStart
            }
        }
        guard victim >= 0 else { return false }
        let now = events.now
        if let e = patients[victim].serviceEvent { events.cancel(e) }
        patients[victim].remaining = patients[victim].serviceEnd - now
        patients[victim].inService = -1
        if patients[victim].session >= 0 { consultationServed(victim, since: patients[victim].serviceStart) }
        let slot = victim * resourceCount + r
        let unit = held[slot]
        held[slot] = -1
        logVisitEnd(victim, resource: r)
        if let log = recording.eventLog { log.useEnd(Int(patients[victim].id), Int(patients[victim].classIndex), r, unit, now, preempted: true) }
        resources[r].owner[Int(unit)] = Int32(p)
        enqueue(victim, resource: r, atFront: true)
        seized(p, resource: r, unit: unit, waited: 0)
        return true
    }
}
