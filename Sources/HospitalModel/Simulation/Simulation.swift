import HospitalScenario
import HospitalPolicies
import CGSL
import Foundation
import SimKernel

/// One replication of a compiled model: the event loop and the state it changes.
///
/// ```swift
/// var sim = Simulation(model: model, replication: 0)
/// let result = sim.run()
/// ```
/// Every random quantity a patient needs (class, patience, each step's duration, each branch)
/// is drawn at its arrival from the stream of that purpose, so runs of the same model under
/// different policies see the same patients (common random numbers).
///
/// Patients live in a pool indexed by a small integer; events carry that index. Memory grows
/// with the number of patients inside at once, not with the number simulated.
///
/// The steps every patient takes (admit, request, seize, start a service, leave a queue,
/// complete) are `@inline(__always)`: inlined into the handful of places that call them they
/// made the M/M/c model 5% faster (calls and reloads of the replication's fields saved).
public struct Simulation {
    enum EventKind: Int32 {
        case arrival = 0, stepDone, abandon, rosterChange, warmupEnd, surgeCall, surgeArrive
        /// A unit's turnaround ends (subject: the unit; the resource in the kind's upper bits).
        case turnaroundDone
        /// Discharge hours open for a patient holding a unit (the resource in the upper bits).
        case dischargeOpens
        /// A supply order arrives (subject: the order's slot); a periodic review (subject: the item).
        case delivery, review
        /// Midnight: patients holding units with a daily charge are billed, and the day's clinic
        /// sessions are booked.
        case midnight
        /// A booked patient arrives (subject: the booking's slot).
        case appointment
        /// A forecast starts from its census; an hour mark of a forecast (subject: its number).
        case forecastStart, hourMark
        /// The session of an early booked patient opens (subject: the patient).
        case sessionOpens
    }
    /// An abandon event's kind carries the patient's timer tag in its upper bits.
    static let kindMask: Int32 = 0xFF
    static let tagShift: UInt32 = 8
    static let tagLimit: UInt32 = 0xFF_FFFF

    /// Starts `p`'s patience timer, to run out at `time`.
    mutating func startPatience(_ p: Int, at time: Double) {
        patients[p].abandonTag &+= 1
        let kind = EventKind.abandon.rawValue | Int32(bitPattern: (patients[p].abandonTag & Self.tagLimit) << Self.tagShift)
        events.schedule(at: time, kind: kind, subject: Int32(p))
    }

    /// Stops `p`'s patience timer, if one runs: its event stays in the list, dead.
    mutating func cancelPatience(_ p: Int) {
        patients[p].abandonTag &+= 1
    }

    struct Patient {
        /// Arrival number, from 1: a stable name for traces (slots are reused).
        var id: Int32 = 0
        var classIndex: Int32 = 0
        var pc: Int32 = 0
        var arrival: Double = 0
        var counted = false
        var treated = false
        var patience: Double = .infinity
        /// Total time queueing so far.
        var waited: Double = 0
        var queueSince: Double = 0
        /// The resource whose queue it is in, or -1.
        var waitingAt: Int32 = -1
        var ticket: UInt32 = 0
        /// The resource of the use step in service, or -1.
        var inService: Int32 = -1
        var serviceStart: Double = 0
        var serviceEnd: Double = 0
        /// Service left after a preemption, or -1.
        var remaining: Double = -1
        var serviceEvent: EventHandle?
        /// Patience timers are never taken out of the event list: a timer is live while its tag
        /// (in the event's kind) equals this, and cancelling one just moves this on.
        var abandonTag: UInt32 = 0
        /// Charges so far: per use, and busy time of the units it held.
        var bill: Double = 0
        /// The windows its arrival fell in (bit w for window w).
        var windows: UInt64 = 0
        /// The clinic session it was booked into (an index into `clinics.sessions`) until its
        /// consultation ends, or -1; and its appointment time.
        var session: Int32 = -1
        var appointment: Double = 0
    }

    public let model: CompiledModel
    public let replication: Int
    let warmup: Double
    let end: Double
    let hour: Double
    let resourceCount: Int
    let classCount: Int

    // The model's tables, linked once per model and read through raw pointers: shared by every
    // replication and thread, with no reference counting in the loop.
    let program: LinkedProgram
    let ops: UnsafeBufferPointer<Op>
    let programEnd: UnsafeBufferPointer<Int32>
    let programStart: UnsafeBufferPointer<Int32>
    let branchFirst: UnsafeBufferPointer<Int32>
    let branchCount: UnsafeBufferPointer<Int32>
    let branchOtherwise: UnsafeBufferPointer<Int32>
    let branchBound: UnsafeBufferPointer<Double>
    let branchStart: UnsafeBufferPointer<Int32>
    let classPriority: UnsafeBufferPointer<Int>
    let classTarget: UnsafeBufferPointer<Double>  // NaN: no target
    let classStayTarget: UnsafeBufferPointer<Double>  // NaN: no target
    let preemptive: UnsafeBufferPointer<Bool>
    let allocation: UnsafeBufferPointer<LinkedProgram.Allocation>
    let queueLimit: UnsafeBufferPointer<Int>
    let expectedHold: UnsafeBufferPointer<Double>
    let perUse: UnsafeBufferPointer<Double>
    /// Copied out of `program` (a class) so that the event loop reads them without reference
    /// counting, like the tables above.
    let lanes: UnsafeBufferPointer<Int>
    let turnaroundStream: UnsafeBufferPointer<Int32>
    let dischargeFrom: UnsafeBufferPointer<Double>
    let dischargeTo: UnsafeBufferPointer<Double>
    let maxDraws: Int
    let policies: [any AllocationPolicy]
    let surgeRules: [SurgeRule?]

    // This replication's own state.
    let storage = ReplicationStorage()
    /// The head of each class's queue, filled in for one policy decision at a time.
    let heads: UnsafeMutablePointer<WaitingHead>
    /// One generator per stream purpose of `program.streamPurposes`.
    let streams: StreamSet
    let rngs: UnsafeMutablePointer<UnsafeMutablePointer<gsl_rng>>
    /// Unit variates made ahead for the streams of `program.streamUnit`.
    let batches: VariateBatches

    var events: EventList
    // Patient slots, at addresses that change only when the pool grows (see `allocatePatient`).
    var patients: UnsafeMutablePointer<Patient>
    var draws: UnsafeMutablePointer<Double>  // [slot * maxDraws + d]
    var held: UnsafeMutablePointer<Int32>  // [slot * resourceCount + r]: unit held, or -1
    var heldSince: UnsafeMutablePointer<Double>  // [slot * resourceCount + r]: when it was seized
    var slotCount = 0
    let slots: PatientSlots
    /// Slots free for reuse: a stack of `freeCount` at an address that changes only with the pool.
    var freeSlots: UnsafeMutablePointer<Int32>
    var freeCount = 0
    /// The resources' state, at fixed addresses: mutated in place, with no copy-on-write check
    /// of a surrounding array on every change.
    let resources: UnsafeMutablePointer<ResourceState>
    let resourceTable: OwnedTable<ResourceState>

    /// What this replication measures, kept apart from the state the loop changes.
    var stats: ReplicationStatistics
    public private(set) var eventCount = 0
    /// The loop looks up once `eventCount` passes this: the event limit, or 0 when the patient
    /// pool outgrows its limit, or with `cancellation` the next read of the flag.
    var eventBudget: Int
    /// Set, from another thread, to abandon the replication within `StopFlag.eventStride`
    /// events; `cancelled` then says its result is incomplete.
    public var cancellation: StopFlag?
    public private(set) var cancelled = false
    var arrivalNumber: Int32 = 0
    /// Per class, the queue lane its head (in `heads`) was found in.
    let headLane: UnsafeMutablePointer<Int>
    /// The skill groups' busy units, rostered capacity and shifts.
    var groups: SkillGroups
    /// Supply items' stock, and the orders on their way.
    var supplies: SupplyLedger
    /// Clinic sessions booked and not yet over, and bookings whose patient is on the way.
    var clinics = ClinicBook()
    /// Traces, patient logs, event logs and warm-up series, when asked for.
    public var recording = Recording()
    /// The resource `recording.hourly` watches, or -1: one comparison where busy units change.
    var watched = -1

    /// A forecast to make from its census, and what it records.
    public var forecast = ForecastState()

    /// The windows each hour of the week falls in, as bits (empty without windows).
    let windowsByHour: [UInt64]

    /// A replication of `model`: its random streams, empty queues, units on shift as the roster
    /// says at time 0. The model's tables are shared, not copied.
    public init(model: CompiledModel, replication: Int) {
        self.model = model
        self.replication = replication
        warmup = model.run.warmup
        end = model.run.warmup + model.run.horizon
        hour = model.timeUnit.hour
        // An hour per bucket: the next hour's events are kept in order, ward stays and patience
        // timers wait in buckets (see EventList).
        events = EventList(capacity: 4096, bucketWidth: model.timeUnit.hour)
        windowsByHour = model.scenario.windows.isEmpty ? [] : (0..<168).map { h in
            model.scenario.windows.enumerated().reduce(UInt64(0)) { mask, w in
                w.element.contains(minuteOfWeek: h * 60) ? mask | (1 << UInt64(w.offset)) : mask
            }
        }
        resourceCount = model.resources.count
        classCount = model.classes.count
        eventBudget = model.run.limits.events
        program = model.program
        ops = program.ops
        programStart = program.programStart
        programEnd = program.programEnd
        branchFirst = program.branchFirst
        branchCount = program.branchCount
        branchOtherwise = program.branchOtherwise
        branchBound = program.branchBound
        branchStart = program.branchStart
        classPriority = program.classPriority
        classTarget = program.classTarget
        classStayTarget = program.classStayTarget
        preemptive = program.preemptive
        allocation = program.allocation
        queueLimit = program.queueLimit
        expectedHold = program.expectedHold
        perUse = program.perUse
        lanes = program.lanes
        turnaroundStream = program.turnaroundStream
        dischargeFrom = program.dischargeFrom
        dischargeTo = program.dischargeTo
        maxDraws = program.maxDraws
        policies = model.resources.map(\.allocationPolicy)
        surgeRules = model.resources.map(\.surge)
        // In antithetic pairs, replications 2j and 2j+1 share the seeds of j, the second mirrored.
        let anti = model.run.antithetic
        streams = StreamSet(seed: model.run.seed, replication: anti ? replication / 2 : replication,
                            purposes: program.streamPurposes, antithetic: anti && replication % 2 == 1)
        rngs = streams.table
        batches = VariateBatches(units: program.streamUnit, storage: storage)
        slots = PatientSlots(drawsPerSlot: model.maxDraws, resourcesPerSlot: model.resources.count)
        (patients, draws, held, heldSince) = slots.pointers
        freeSlots = slots.free
        heads = storage.allocate(WaitingHead.self, count: model.classes.count,
                                 value: WaitingHead(patient: -1, classIndex: 0, priority: 0, since: 0, sequence: 0, expectedService: 0))
        let storage = self.storage
        let classCount = self.classCount
        stats = ReplicationStatistics(model: model, storage: storage)
        resourceTable = OwnedTable(model.resources.map { r in
            let units = r.units ?? 0
            let initial = r.initialUnits
            var state = ResourceState(
                rostered: initial, infinite: r.units == nil,
                owner: UnsafeMutableBufferPointer(start: storage.allocate(Int32.self, count: units, value: -1), count: units),
                free: FreeUnits(units: units, storage: storage),
                queue: WaitQueue(classes: classCount, lanes: r.groups.isEmpty ? 1 : r.skills.count + 1, storage: storage))
            if r.turnaroundBy != nil {
                state.turnedBy = UnsafeMutableBufferPointer(start: storage.allocate(Int32.self, count: units, value: -1), count: units)
            }
            if !r.groups.isEmpty {
                // Each group's first units start on shift, as many as its roster says at time 0.
                state.present = initial
                for g in r.groups { for u in g.first..<g.first + g.initialUnits { state.free.insert(Int32(u)) } }
            } else if r.units != nil {
                // Units 0..<initial start on shift; the rest wait off shift, lowest number first.
                state.present = initial
                for u in 0..<Int32(initial) { state.free.insert(u) }
                state.offShift = ContiguousArray((Int32(initial)..<Int32(units)).reversed())
            }
            return state
        })
        resources = resourceTable.items
        supplies = SupplyLedger(initial: model.scenario.supplies.map(\.initial))
        headLane = storage.allocate(Int.self, count: model.classes.count, value: 0)
        groups = SkillGroups(model.resources.flatMap(\.groups))
    }

    // MARK: Running

    /// Runs the replication to the end of its horizon and returns its metrics.
    public mutating func run() -> ReplicationResult {
        watched = recording.hourly?.resource ?? -1
        // A forecast's arrivals start with it, at the end of the warm-up (the hour it is now).
        forecast.arrivalStart = forecast.plan != nil ? warmup : 0
        for (s, _) in model.arrivals.enumerated() { scheduleArrival(stream: s, after: forecast.arrivalStart) }
        if forecast.plan != nil { events.schedule(at: warmup, kind: EventKind.forecastStart.rawValue, subject: 0) }
        for (r, resource) in model.resources.enumerated() {
            if resource.roster != nil { scheduleRosterChange(resource: r, after: 0) }
            for (g, group) in resource.groups.enumerated() where group.roster != nil { scheduleRosterChange(resource: r, group: g, after: 0) }
        }
        if warmup > 0 { events.schedule(at: warmup, kind: EventKind.warmupEnd.rawValue, subject: 0) }
        logInitialShifts()
        // A forecast's stock starts with it (the time before is only the clock's offset).
        if !supplies.isEmpty, forecast.plan == nil { startSupplies() }
        if !dailyCharges.isEmpty || !model.clinics.isEmpty { events.schedule(at: 0, kind: EventKind.midnight.rawValue, subject: 0) }
        if cancellation != nil { eventBudget = min(eventBudget, StopFlag.eventStride) }
        while let e = events.next(until: end) {
            let kind = EventKind(rawValue: e.kind & Self.kindMask)!
            if kind == .abandon, UInt32(bitPattern: e.kind) >> Self.tagShift != patients[Int(e.subject)].abandonTag & Self.tagLimit {
                continue  // a cancelled patience timer
            }
            eventCount &+= 1
            if eventCount > eventBudget, limitReached() { break }
            let traced = recording.trace?.count
            switch kind {
            case .arrival: arrive(stream: Int(e.subject))
            case .stepDone: stepDone(Int(e.subject))
            case .abandon: abandon(Int(e.subject))
            case .rosterChange:
                let group = Int(UInt32(bitPattern: e.kind) >> Self.tagShift) - 1
                if group >= 0 { changeGroupRoster(Int(e.subject), group: group) } else { changeRoster(Int(e.subject)) }
            case .warmupEnd: endWarmup()
            case .surgeCall: callSurge(Int(e.subject))
            case .surgeArrive: surgeArrives(Int(e.subject))
            case .turnaroundDone: turnaroundDone(resource: Int(UInt32(bitPattern: e.kind) >> Self.tagShift), unit: e.subject)
            case .dischargeOpens: dischargeOpens(Int(e.subject), resource: Int(UInt32(bitPattern: e.kind) >> Self.tagShift))
            case .delivery: deliver(order: Int(e.subject))
            case .review: review(Int(e.subject))
            case .midnight: midnight()
            case .appointment: arriveBooked(Int(e.subject))
            case .forecastStart: startForecast()
            case .hourMark: hourMark(Int(e.subject))
            case .sessionOpens: advance(Int(e.subject))
            }
            if let traced {
                noteNextEvent(rowsFrom: traced)
                if recording.trace!.count >= recording.traceRows { break }
            }
            if forecast.series != nil { noteFull() }
        }
        if logging {
            let free = Set((0..<freeCount).map { Int(freeSlots[$0]) })
            for p in 0..<slotCount where !free.contains(p) { logDeparture(p, outcome: "in_system", at: nil) }
            closeShifts()
        }
        var result = collect()
        result.patients = recording.patientLog
        recording.hourly?.finish(at: end)
        result.hourly = recording.hourly
        if !cancelled, eventCount > eventBudget {
            let limits = model.run.limits
            result.stopped = slotCount > limits.patients
                ? "replication \(replication) had more than \(limits.patients) patients inside at once at time \(NumberText.significant(events.now, 6)): "
                    + "its queues grow without bound (is a capacity, rate or duration off by a unit?); --max-patients raises the limit"
                : "replication \(replication) passed \(limits.events) events at time \(NumberText.significant(events.now, 6)) of \(readable(end)); "
                    + "--max-events raises the limit"
        }
        return result
    }

    /// Past `eventBudget`: true when the loop must end (a limit passed, or cancelled); false
    /// when it was only time to read the cancellation flag, with the next read set.
    mutating func limitReached() -> Bool {
        if eventCount > model.run.limits.events || slotCount > model.run.limits.patients { return true }
        if cancellation?.isSet == true {
            cancelled = true
            return true
        }
        if eventBudget == 0 { return true }
        eventBudget = min(model.run.limits.events, eventCount + StopFlag.eventStride)
        return false
    }

    mutating func endWarmup() {
        let now = events.now
        for r in 0..<resourceCount {
            stats.resources[r].busyTime.restart(at: now)
            stats.resources[r].queueTime.restart(at: now)
            stats.resources[r].staffedTime.restart(at: now)
            stats.resources[r].surgeTime.restart(at: now)
            stats.resources[r].turnaroundTime.restart(at: now)
            stats.resources[r].dischargeWaitTime.restart(at: now)
        }
        for i in supplies.items.indices { stats.supplies[i].stock.restart(at: now) }
        for g in stats.groupBusy.indices {
            stats.groupBusy[g].restart(at: now)
            stats.groupStaffed[g].restart(at: now)
        }
    }

    // MARK: Arrivals

    /// Schedules stream `s`'s next arrival after `t` (none past the horizon); returns its time.
    @discardableResult
    mutating func scheduleArrival(stream s: Int, after t: Double) -> Double {
        let stream = Int(program.arrivalStream[s])
        let rng = rngs[stream]
        let next: Double
        // An arrival stream serves its arrivals only, so Poisson and profile gaps come from its batches.
        switch program.arrivalRule[s] {
        case .poisson(let mean): next = t + mean * batches.next(stream, rng)
        case .renewal(let gap): next = t + gap.sample(rng)
        case .profile(let first, let count, let datedFirst, let datedCount, let fromHour):
            next = ArrivalProfile.nextArrival(after: t, rates: UnsafeBufferPointer(rebasing: program.profileRates[first..<first + count]),
                                              dated: UnsafeBufferPointer(rebasing: program.profileRates[datedFirst..<datedFirst + datedCount]),
                                              fromHour: fromHour, hour: hour, need: batches.next(stream, rng))
        }
        if next <= end { events.schedule(at: next, kind: EventKind.arrival.rawValue, subject: Int32(s)) }
        return next
    }

    mutating func arrive(stream s: Int) {
        let nextArrival = scheduleArrival(stream: s, after: events.now)
        let c = Int(program.classPicker[s].sample(rngs[Int(program.classStream[s])]))
        let gap: Double? = nextArrival <= end ? nextArrival - events.now : nil
        let p = admit(classIndex: c)
        note("arrival", patient: p, resource: nil, drawn: gap)
        advance(p)
    }

    /// A new patient of class `c`: its slot, its draws and its counts.
    @inline(__always)
    mutating func admit(classIndex c: Int, session: Int32 = -1, appointment: Double = 0) -> Int {
        let now = events.now
        let p = allocatePatient()
        var patient = Patient()
        patient.classIndex = Int32(c)
        patient.pc = programStart[c]
        patient.arrival = now
        patient.counted = now >= warmup
        patient.ticket = patients[p].ticket &+ 1
        patient.abandonTag = patients[p].abandonTag  // the slot's old timers stay dead
        if !windowsByHour.isEmpty { patient.windows = windowsByHour[Int((now / hour).roundedDownInline) % 168] }
        if program.classHasPatience[c] {
            let stream = program.patienceStream
            if let batched = program.classPatienceBatched[c] {
                patient.patience = batched.value(batches.next(stream, rngs[stream]))
            } else {
                patient.patience = program.classPatience[c].sample(rngs[stream])
            }
        }
        let first = program.drawFirst[c], last = program.drawFirst[c + 1]
        let base = p * maxDraws - first
        for i in first..<last {
            let stream = Int(program.drawStream[i])
            if let batched = program.drawBatched[i] {
                draws[base + i] = batched.value(batches.next(stream, rngs[stream]))
            } else {
                draws[base + i] = program.drawSampler[i].sample(rngs[stream])
            }
        }
        arrivalNumber &+= 1
        patient.id = arrivalNumber
        patient.session = session
        patient.appointment = appointment
        patients[p] = patient
        if let log = recording.eventLog { log.arrival(Int(patient.id), c, now) }
        forecast.countArrival()
        if recording.warmupSeries != nil { recording.warmupSeries!.change(by: 1, at: now) }
        if patient.counted {
            stats.arrived += 1
            stats.inside += 1
            stats.classes[c].arrived += 1
            forEachWindow(patient.windows) { w in
                stats.windows[w].all.arrived += 1
                stats.windows[w].classes[c].arrived += 1
            }
        }
        return p
    }

    @inline(__always)
    mutating func allocatePatient() -> Int {
        if freeCount > 0 {
            freeCount &-= 1
            return Int(freeSlots[freeCount])
        }
        let slot = slotCount
        // A pool past the limit stops the replication after this event (see `run`).
        if slot >= model.run.limits.patients { eventBudget = 0 }
        if slot == slots.capacity {
            (patients, draws, held, heldSince) = slots.grow()
            freeSlots = slots.free
        }
        slotCount += 1
        return slot
    }

    // MARK: Pathway

    /// Runs patient `p`'s program from its current step until it must wait for time or a unit.
    mutating func advance(_ p: Int) {
        let end = programEnd[Int(patients[p].classIndex)]
        while true {
            let pc = patients[p].pc
            guard pc < end else { return complete(p) }
            switch ops[Int(pc)] {
            case .use(let r, _, _):
                guard request(p, resource: Int(r)) else { return }
                startService(p, resource: Int(r))
                return
            case .seize(let r):
                guard request(p, resource: Int(r)) else { return }
                patients[p].pc += 1
            case .release(let r):
                if !dischargeFrom[Int(r)].isNaN, holdForDischarge(p, resource: Int(r)) { return }
                releaseUnit(p, resource: Int(r))
                patients[p].pc += 1
            case .delay(let d):
                let duration = draws[p * maxDraws + Int(d)]
                let until = events.now + duration
                note("delay", patient: p, resource: nil, detail: "until \(TraceRecord.format(until))", drawn: duration)
                events.schedule(at: events.now + duration, kind: EventKind.stepDone.rawValue, subject: Int32(p))
                return
            case .branch(let d, let t):
                let u = draws[p * maxDraws + Int(d)]
                let table = Int(t)
                var next = branchOtherwise[table]
                let first = Int(branchFirst[table])
                for i in first..<first + Int(branchCount[table]) where u < branchBound[i] {
                    next = branchStart[i]
                    break
                }
                patients[p].pc = next
            case .jump(let target):
                patients[p].pc = target
            case .leave:
                return complete(p, left: true)
            case .consume(let item, let units):
                guard consume(p, item: Int(item), units: Int(units)) else { return }
                patients[p].pc += 1
            case .note(let i):
                let c = Int(patients[p].classIndex)
                let text = model.classes[c].notes[Int(i)]
                recording.eventLog?.note(Int(patients[p].id), c, text, events.now)
                note("note", patient: p, resource: nil, detail: text)
                patients[p].pc += 1
            }
        }
    }

    /// The end of a use step's service or of a delay.
    mutating func stepDone(_ p: Int) {
        let r = patients[p].inService
        if r >= 0 {
            patients[p].inService = -1
            patients[p].remaining = -1
            if patients[p].session >= 0, case .use(_, _, true) = ops[Int(patients[p].pc)] {
                consultationServed(p, since: patients[p].serviceStart)
                leaveSession(p)
            }
            if !dischargeFrom[Int(r)].isNaN, holdForDischarge(p, resource: Int(r)) { return }
            releaseUnit(p, resource: Int(r))
        }
        patients[p].pc += 1
        advance(p)
    }

    @inline(__always)
    mutating func startService(_ p: Int, resource r: Int) {
        let now = events.now
        let duration: Double
        if patients[p].remaining >= 0 {
            duration = patients[p].remaining
            patients[p].remaining = -1
        } else {
            guard case .use(_, let d, _) = ops[Int(patients[p].pc)] else {
                preconditionFailure("startService outside a use step")
            }
            duration = draws[p * maxDraws + Int(d)]
        }
        noteService(p, duration: duration)
        patients[p].inService = Int32(r)
        patients[p].serviceStart = now
        patients[p].serviceEnd = now + duration
        patients[p].serviceEvent = events.schedule(at: now + duration, kind: EventKind.stepDone.rawValue, subject: Int32(p))
    }

    // MARK: Leaving

    mutating func abandon(_ p: Int) {
        cancelPatience(p)
        let r = Int(patients[p].waitingAt)
        guard r >= 0 else { return }
        let now = events.now
        patients[p].waitingAt = -1
        patients[p].ticket &+= 1  // its queue entry is now stale
        let c = Int(patients[p].classIndex)
        leftQueue(resource: r, classIndex: c)
        note("renege", patient: p, resource: r)
        logVisitEnd(p, resource: r)
        if logging {
            releaseAll(p)
            logDeparture(p, outcome: "reneged", at: now)
        }
        patients[p].waited += now - patients[p].queueSince
        if patients[p].counted {
            stats.reneged += 1
            stats.inside -= 1
            stats.classes[c].reneged += 1
            forEachWindow(patients[p].windows) { w in
                stats.windows[w].all.reneged += 1
                stats.windows[w].classes[c].reneged += 1
                if !classTarget[c].isNaN {
                    stats.windows[w].all.targetCounted += 1
                    stats.windows[w].classes[c].targetCounted += 1
                }
            }
            if !classTarget[c].isNaN {
                stats.targetCounted += 1
                stats.classes[c].targetCounted += 1
            }
            countStay(c, now - patients[p].arrival)
        }
        depart(p)
    }

    mutating func block(_ p: Int, resource r: Int) {
        note("blocked", patient: p, resource: r)
        if let log = recording.eventLog { log.queue(Int(patients[p].id), Int(patients[p].classIndex), r, events.now) }
        if logging {
            logVisitStart(p, resource: r, unit: nil, started: false)
            logVisitEnd(p, resource: r)
            releaseAll(p)
            logDeparture(p, outcome: "blocked", at: events.now)
        }
        if patients[p].counted {
            stats.resources[r].blocked += 1
            stats.blocked += 1
            stats.classes[Int(patients[p].classIndex)].blocked += 1
            forEachWindow(patients[p].windows) { w in
                stats.windows[w].all.blocked += 1
                stats.windows[w].classes[Int(patients[p].classIndex)].blocked += 1
            }
            stats.inside -= 1
        }
        depart(p)
    }

    /// Patient `p` is done: at the end of its pathway, or by a `leave` step (`left`), which is
    /// counted apart but whose waits, time inside and bill count like a completed patient's.
    @inline(__always)
    mutating func complete(_ p: Int, left: Bool = false) {
        releaseAll(p)
        if recording.warmupSeries != nil { recording.warmupSeries!.completed(id: patients[p].id, arrival: patients[p].arrival, wait: patients[p].waited) }
        note(left ? "leave" : "depart", patient: p, resource: nil)
        logDeparture(p, outcome: left ? "left" : "completed", at: events.now)
        if patients[p].counted {
            let c = Int(patients[p].classIndex)
            let tis = events.now - patients[p].arrival
            if left {
                stats.left += 1
                stats.classes[c].left += 1
            } else {
                stats.completed += 1
            }
            stats.inside -= 1
            stats.wait.add(patients[p].waited)
            stats.timeInSystem.add(tis)
            stats.bill.add(patients[p].bill)
            stats.classes[c].wait.add(patients[p].waited)
            stats.classes[c].waitQuantiles.add(patients[p].waited)
            stats.classes[c].timeInSystem.add(tis)
            stats.classes[c].stayQuantiles.add(tis)
            countStay(c, tis)
            forEachWindow(patients[p].windows) { w in
                if !left { stats.windows[w].completed += 1 }
                stats.windows[w].all.wait.add(patients[p].waited)
                stats.windows[w].all.timeInSystem.add(tis)
                stats.windows[w].classes[c].wait.add(patients[p].waited)
                stats.windows[w].classes[c].timeInSystem.add(tis)
            }
        }
        depart(p)
    }

    /// Whether a time meets a target: at most the target, allowing for rounding in the sums of
    /// event times that make it.
    @inline(__always)
    static func within(_ time: Double, _ target: Double) -> Bool { time <= target + 1e-9 * max(1, target) }

    /// A counted patient of class `c` leaves after `stay`: judged against the class's stay target.
    @inline(__always)
    mutating func countStay(_ c: Int, _ stay: Double) {
        let target = classStayTarget[c]
        guard !target.isNaN else { return }
        let met = Self.within(stay, target)
        stats.stayCounted += 1
        stats.classes[c].stayCounted += 1
        if met {
            stats.stayMet += 1
            stats.classes[c].stayMet += 1
        }
    }

    /// Calls `body` with each window in `mask`.
    @inline(__always)
    func forEachWindow(_ mask: UInt64, _ body: (Int) -> Void) {
        var m = mask
        while m != 0 {
            let w = m.trailingZeroBitCount
            body(w)
            m &= m - 1
        }
    }

    /// Releases whatever the patient still holds and frees its slot.
    @inline(__always)
    mutating func depart(_ p: Int) {
        releaseAll(p)
        if patients[p].session >= 0 { leaveSession(p) }
        if let log = recording.eventLog { log.depart(Int(patients[p].id), Int(patients[p].classIndex), events.now) }
        if recording.warmupSeries != nil { recording.warmupSeries!.change(by: -1, at: events.now) }
        patients[p].ticket &+= 1
        freeSlots[freeCount] = Int32(p)
        freeCount &+= 1
    }

    @inline(__always)
    mutating func releaseAll(_ p: Int) {
        for r in 0..<resourceCount where held[p * resourceCount + r] != -1 {
            releaseUnit(p, resource: r)
        }
    }

    /// Infinite resources have no unit numbers: a held one is marked with this.
    static let infiniteUnit: Int32 = -2
}
