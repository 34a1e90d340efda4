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
public struct Simulation {
    enum EventKind: Int32 {
        case arrival = 0, stepDone, abandon, rosterChange, warmupEnd
    }

    struct Patient {
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
        var abandonEvent: EventHandle?
    }

    struct ResourceState {
        var capacity: Int  // rostered now (Int.max for infinite)
        var infinite: Bool
        var present = 0  // units on shift, plus busy ones finishing after their shift ended
        var busy = 0
        var owner: ContiguousArray<Int32>  // patient using each unit, or -1
        var idle: ContiguousArray<Int32> = []  // free units on shift
        var offShift: ContiguousArray<Int32> = []  // free units off shift
        var queue: WaitQueue
        // Statistics
        var busyTime: TimeAverage
        var queueTime: TimeAverage
        var staffedTime: TimeAverage
        var wait = Tally()
        var classWait: [Tally]
        var requests = 0
        var blocked = 0
        var uses = 0
    }

    struct ClassStats {
        var arrived = 0
        var reneged = 0
        var wait = Tally()
        var timeInSystem = Tally()
        var targetCounted = 0
        var targetMet = 0
    }

    public let model: CompiledModel
    public let replication: Int
    let warmup: Double
    let end: Double
    let hour: Double
    let resourceCount: Int

    var events = EventList(capacity: 4096)
    var patients: ContiguousArray<Patient> = []
    var freeSlots: ContiguousArray<Int32> = []
    var draws: ContiguousArray<Double> = []
    var held: ContiguousArray<Int32> = []  // [slot * resourceCount + r]: unit held, or -1
    var resources: [ResourceState] = []

    let arrivalStreams: [RandomStream]
    let classStreams: [RandomStream]
    let patienceStream: RandomStream
    let stepStreams: [RandomStream]

    // Statistics over counted patients (those arriving after warm-up).
    var arrived = 0, completed = 0, reneged = 0, blocked = 0, inside = 0
    var wait = Tally()
    var timeInSystem = Tally()
    var waitQuantiles = QuantileSketch()
    var classStats: [ClassStats]
    var targetCounted = 0, targetMet = 0
    public private(set) var eventCount = 0

    public init(model: CompiledModel, replication: Int) {
        self.model = model
        self.replication = replication
        let seed = model.run.seed
        warmup = model.run.warmup
        end = model.run.warmup + model.run.horizon
        hour = model.timeUnit.hour
        resourceCount = model.resources.count
        arrivalStreams = model.arrivals.map { RandomStream(seed: seed, replication: replication, purpose: "arrival:" + $0.name) }
        classStreams = model.arrivals.map { RandomStream(seed: seed, replication: replication, purpose: "class:" + $0.name) }
        patienceStream = RandomStream(seed: seed, replication: replication, purpose: "patience")
        stepStreams = model.stepStreams.map { RandomStream(seed: seed, replication: replication, purpose: $0) }
        classStats = Array(repeating: ClassStats(), count: model.classes.count)
        let classCount = model.classes.count
        let levels = model.priorityLevels
        let hourLength = hour
        resources = model.resources.map { r in
            let units = r.units ?? 0
            let initial = r.roster?.first?.capacity ?? units
            var state = ResourceState(
                capacity: r.units == nil ? Int.max : initial, infinite: r.units == nil,
                owner: ContiguousArray(repeating: -1, count: units),
                queue: WaitQueue(levels: r.discipline == .fifo ? 1 : levels),
                busyTime: TimeAverage(value: 0, at: 0, hourLength: hourLength),
                queueTime: TimeAverage(value: 0, at: 0, hourLength: hourLength),
                staffedTime: TimeAverage(value: Double(r.units == nil ? 0 : initial), at: 0),
                classWait: Array(repeating: Tally(), count: classCount))
            if r.units != nil {
                // Units 0..<initial start on shift; the rest wait off shift. The idle stack
                // hands out the lowest-numbered unit first.
                state.present = initial
                state.idle = ContiguousArray((0..<Int32(initial)).reversed())
                state.offShift = ContiguousArray((Int32(initial)..<Int32(units)).reversed())
            }
            return state
        }
    }

    // MARK: Running

    /// Runs the replication to the end of its horizon and returns its metrics.
    public mutating func run() -> ReplicationResult {
        for (s, _) in model.arrivals.enumerated() { scheduleArrival(stream: s, after: 0) }
        for (r, resource) in model.resources.enumerated() where resource.roster != nil {
            scheduleRosterChange(resource: r, after: 0)
        }
        if warmup > 0 { events.schedule(at: warmup, kind: EventKind.warmupEnd.rawValue, subject: 0) }
        while let e = events.next(until: end) {
            eventCount &+= 1
            switch EventKind(rawValue: e.kind)! {
            case .arrival: arrive(stream: Int(e.subject))
            case .stepDone: stepDone(Int(e.subject))
            case .abandon: abandon(Int(e.subject))
            case .rosterChange: changeRoster(Int(e.subject))
            case .warmupEnd: endWarmup()
            }
        }
        return collect()
    }

    mutating func endWarmup() {
        let now = events.now
        for r in resources.indices {
            resources[r].busyTime.restart(at: now)
            resources[r].queueTime.restart(at: now)
            resources[r].staffedTime.restart(at: now)
        }
    }

    // MARK: Arrivals

    mutating func scheduleArrival(stream s: Int, after t: Double) {
        let rng = arrivalStreams[s]
        let next: Double
        switch model.arrivals[s].process {
        case .poisson(let rate): next = t + rng.exponential(mean: 1 / rate)
        case .renewal(let gap): next = t + gap.sample(rng)
        case .profile(let rates): next = ArrivalProfile.nextArrival(after: t, ratesPerHour: rates, hour: hour, stream: rng)
        }
        if next <= end { events.schedule(at: next, kind: EventKind.arrival.rawValue, subject: Int32(s)) }
    }

    mutating func arrive(stream s: Int) {
        let now = events.now
        scheduleArrival(stream: s, after: now)
        let c = Int(model.arrivals[s].classPicker.sample(classStreams[s]))
        let cls = model.classes[c]
        let p = allocatePatient()
        var patient = Patient()
        patient.classIndex = Int32(c)
        patient.arrival = now
        patient.counted = now >= warmup
        patient.ticket = patients[p].ticket &+ 1
        if let patience = cls.patience { patient.patience = patience.sample(patienceStream) }
        let base = p * model.maxDraws
        for (i, spec) in cls.draws.enumerated() {
            let rng = stepStreams[Int(spec.stream)]
            draws[base + i] = spec.distribution?.sample(rng) ?? rng.uniform()
        }
        patients[p] = patient
        if patient.counted {
            arrived += 1
            inside += 1
            classStats[c].arrived += 1
        }
        advance(p)
    }

    mutating func allocatePatient() -> Int {
        if let slot = freeSlots.popLast() { return Int(slot) }
        let slot = patients.count
        patients.append(Patient())
        draws.append(contentsOf: repeatElement(0, count: model.maxDraws))
        held.append(contentsOf: repeatElement(-1, count: resourceCount))
        return slot
    }

    // MARK: Pathway

    /// Runs patient `p`'s program from its current step until it must wait for time or a unit.
    mutating func advance(_ p: Int) {
        let program = model.classes[Int(patients[p].classIndex)].program
        while true {
            let pc = Int(patients[p].pc)
            guard pc < program.count else { return complete(p) }
            switch program[pc] {
            case .use(let r, _, _):
                guard request(p, resource: Int(r)) else { return }
                startService(p, resource: Int(r))
                return
            case .seize(let r):
                guard request(p, resource: Int(r)) else { return }
                patients[p].pc += 1
            case .release(let r):
                releaseUnit(p, resource: Int(r))
                patients[p].pc += 1
            case .delay(let d):
                let duration = draws[p * model.maxDraws + Int(d)]
                events.schedule(at: events.now + duration, kind: EventKind.stepDone.rawValue, subject: Int32(p))
                return
            case .branch(let d, let t):
                let u = draws[p * model.maxDraws + Int(d)]
                let table = model.classes[Int(patients[p].classIndex)].branches[Int(t)]
                var next = table.otherwise
                for (i, bound) in table.bounds.enumerated() where u < bound {
                    next = table.starts[i]
                    break
                }
                patients[p].pc = next
            case .jump(let target):
                patients[p].pc = target
            case .leave:
                return complete(p)
            }
        }
    }

    /// The end of a use step's service or of a delay.
    mutating func stepDone(_ p: Int) {
        let r = patients[p].inService
        if r >= 0 {
            patients[p].inService = -1
            patients[p].remaining = -1
            releaseUnit(p, resource: Int(r))
        }
        patients[p].pc += 1
        advance(p)
    }

    mutating func startService(_ p: Int, resource r: Int) {
        let now = events.now
        let duration: Double
        if patients[p].remaining >= 0 {
            duration = patients[p].remaining
            patients[p].remaining = -1
        } else {
            guard case .use(_, let d, _) = model.classes[Int(patients[p].classIndex)].program[Int(patients[p].pc)] else {
                preconditionFailure("startService outside a use step")
            }
            duration = draws[p * model.maxDraws + Int(d)]
        }
        patients[p].inService = Int32(r)
        patients[p].serviceStart = now
        patients[p].serviceEnd = now + duration
        patients[p].serviceEvent = events.schedule(at: now + duration, kind: EventKind.stepDone.rawValue, subject: Int32(p))
    }

    // MARK: Resources

    /// Patient `p` asks for a unit of `r`. Returns true when it has one now; otherwise it is
    /// waiting (or was blocked and has left).
    mutating func request(_ p: Int, resource r: Int) -> Bool {
        let counted = patients[p].counted
        if counted { resources[r].requests += 1 }
        if resources[r].infinite {
            resources[r].busy += 1
            resources[r].busyTime.update(to: Double(resources[r].busy), at: events.now)
            seized(p, resource: r, unit: Simulation.infiniteUnit, waited: 0)
            return true
        }
        if let unit = resources[r].idle.popLast() {
            assign(p, resource: r, unit: unit)
            seized(p, resource: r, unit: unit, waited: 0)
            return true
        }
        if model.resources[r].discipline == .preemptive, preempt(for: p, resource: r) {
            return true
        }
        if let limit = model.resources[r].queueCapacity, resources[r].queue.count >= limit {
            block(p, resource: r)
            return false
        }
        enqueue(p, resource: r, atFront: false)
        return false
    }

    mutating func assign(_ p: Int, resource r: Int, unit: Int32) {
        resources[r].owner[Int(unit)] = Int32(p)
        resources[r].busy += 1
        resources[r].busyTime.update(to: Double(resources[r].busy), at: events.now)
    }

    /// Book-keeping when `p` obtains a unit after waiting `waited` in this queue.
    mutating func seized(_ p: Int, resource r: Int, unit: Int32, waited: Double) {
        held[p * resourceCount + r] = unit
        let now = events.now
        let c = Int(patients[p].classIndex)
        let resuming = patients[p].remaining >= 0
        if patients[p].counted {
            resources[r].wait.add(waited)
            resources[r].classWait[c].add(waited)
        }
        if now >= warmup, !resuming { resources[r].uses += 1 }
        let pc = Int(patients[p].pc)
        if !patients[p].treated, case .use(_, _, true) = model.classes[c].program[pc] {
            patients[p].treated = true
            if patients[p].counted, let target = model.classes[c].target {
                let met = now - patients[p].arrival <= target + 1e-9 * max(1, target)
                targetCounted += 1
                classStats[c].targetCounted += 1
                if met {
                    targetMet += 1
                    classStats[c].targetMet += 1
                }
            }
        }
    }

    mutating func enqueue(_ p: Int, resource r: Int, atFront: Bool) {
        let now = events.now
        let level = model.resources[r].discipline == .fifo ? 0 : model.classes[Int(patients[p].classIndex)].level
        patients[p].ticket &+= 1
        let entry = WaitQueue.Entry(patient: Int32(p), ticket: patients[p].ticket)
        if atFront { resources[r].queue.prepend(entry, level: level) } else { resources[r].queue.append(entry, level: level) }
        patients[p].waitingAt = Int32(r)
        patients[p].queueSince = now
        resources[r].queueTime.update(to: Double(resources[r].queue.count), at: now)
        // Patience runs out on the total time queueing before treatment starts.
        if !patients[p].treated, patients[p].patience.isFinite {
            let left = max(0, patients[p].patience - patients[p].waited)
            patients[p].abandonEvent = events.schedule(at: now + left, kind: EventKind.abandon.rawValue, subject: Int32(p))
        }
    }

    /// Gives the unit `unit` of `r`, just freed, to the next waiting patient, or idles it.
    mutating func handOver(resource r: Int, unit: Int32) {
        let now = events.now
        if resources[r].present > resources[r].capacity {
            // Over the rostered capacity: this unit's shift has ended.
            resources[r].present -= 1
            resources[r].offShift.append(unit)
            resources[r].staffedTime.update(to: Double(resources[r].present), at: now)
            return
        }
        let next = resources[r].queue.popNext { [patients] e in patients[Int(e.patient)].ticket == e.ticket && patients[Int(e.patient)].waitingAt >= 0 }
        guard let w = next else {
            resources[r].idle.append(unit)
            return
        }
        let q = Int(w)
        resources[r].queueTime.update(to: Double(resources[r].queue.count), at: now)
        let waitedHere = now - patients[q].queueSince
        patients[q].waited += waitedHere
        patients[q].waitingAt = -1
        if let a = patients[q].abandonEvent {
            events.cancel(a)
            patients[q].abandonEvent = nil
        }
        assign(q, resource: r, unit: unit)
        seized(q, resource: r, unit: unit, waited: waitedHere)
        if case .use = model.classes[Int(patients[q].classIndex)].program[Int(patients[q].pc)] {
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
        resources[r].busy -= 1
        resources[r].busyTime.update(to: Double(resources[r].busy), at: events.now)
        if resources[r].infinite { return }
        resources[r].owner[Int(unit)] = -1
        handOver(resource: r, unit: unit)
    }

    /// Preemptive-resume: the least urgent patient in a use step of `r`, if less urgent than
    /// `p`, goes back to the head of its queue with its remaining service, and `p` takes its unit.
    mutating func preempt(for p: Int, resource r: Int) -> Bool {
        let urgency = model.classes[Int(patients[p].classIndex)].priority
        var victim = -1
        var victimPriority = urgency
        var victimStart = -Double.infinity
        for u in resources[r].owner.indices {
            let v = Int(resources[r].owner[u])
            guard v >= 0, patients[v].inService == Int32(r) else { continue }
            let pr = model.classes[Int(patients[v].classIndex)].priority
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
        let slot = victim * resourceCount + r
        let unit = held[slot]
        held[slot] = -1
        resources[r].owner[Int(unit)] = Int32(p)
        enqueue(victim, resource: r, atFront: true)
        seized(p, resource: r, unit: unit, waited: 0)
        return true
    }

    // MARK: Leaving

    mutating func abandon(_ p: Int) {
        patients[p].abandonEvent = nil
        let r = Int(patients[p].waitingAt)
        guard r >= 0 else { return }
        let now = events.now
        patients[p].waitingAt = -1
        patients[p].ticket &+= 1  // its queue entry is now stale
        resources[r].queue.count -= 1
        resources[r].queueTime.update(to: Double(resources[r].queue.count), at: now)
        patients[p].waited += now - patients[p].queueSince
        let c = Int(patients[p].classIndex)
        if patients[p].counted {
            reneged += 1
            inside -= 1
            classStats[c].reneged += 1
            if model.classes[c].target != nil {
                targetCounted += 1
                classStats[c].targetCounted += 1
            }
        }
        depart(p)
    }

    mutating func block(_ p: Int, resource r: Int) {
        if patients[p].counted {
            resources[r].blocked += 1
            blocked += 1
            inside -= 1
        }
        depart(p)
    }

    mutating func complete(_ p: Int) {
        if patients[p].counted {
            let c = Int(patients[p].classIndex)
            let tis = events.now - patients[p].arrival
            completed += 1
            inside -= 1
            wait.add(patients[p].waited)
            waitQuantiles.add(patients[p].waited)
            timeInSystem.add(tis)
            classStats[c].wait.add(patients[p].waited)
            classStats[c].timeInSystem.add(tis)
        }
        depart(p)
    }

    /// Releases whatever the patient still holds and frees its slot.
    mutating func depart(_ p: Int) {
        for r in 0..<resourceCount where held[p * resourceCount + r] != -1 {
            releaseUnit(p, resource: r)
        }
        patients[p].ticket &+= 1
        freeSlots.append(Int32(p))
    }

    /// Infinite resources have no unit numbers: a held one is marked with this.
    static let infiniteUnit: Int32 = -2

    // MARK: Rosters

    mutating func scheduleRosterChange(resource r: Int, after t: Double) {
        guard let roster = model.resources[r].roster else { return }
        let day = 24 * hour
        let dayStart = (t / day).rounded(.down) * day
        var next: Double?
        for change in roster where dayStart + change.time > t {
            next = dayStart + change.time
            break
        }
        let at = next ?? dayStart + day + roster[0].time
        if at <= end { events.schedule(at: at, kind: EventKind.rosterChange.rawValue, subject: Int32(r)) }
    }

    mutating func changeRoster(_ r: Int) {
        let now = events.now
        let roster = model.resources[r].roster!
        let day = 24 * hour
        let timeOfDay = now - (now / day).rounded(.down) * day
        var capacity = roster[0].capacity
        for change in roster where change.time <= timeOfDay + 1e-9 * day { capacity = change.capacity }
        resources[r].capacity = capacity
        // Units going off shift: idle ones leave now, busy ones when they finish.
        while resources[r].present > capacity, let unit = resources[r].idle.popLast() {
            resources[r].present -= 1
            resources[r].offShift.append(unit)
        }
        // Units coming on shift take waiting patients first.
        while resources[r].present < capacity, let unit = resources[r].offShift.popLast() {
            resources[r].present += 1
            resources[r].staffedTime.update(to: Double(resources[r].present), at: now)
            handOver(resource: r, unit: unit)
        }
        resources[r].staffedTime.update(to: Double(resources[r].present), at: now)
        scheduleRosterChange(resource: r, after: now)
    }
}
