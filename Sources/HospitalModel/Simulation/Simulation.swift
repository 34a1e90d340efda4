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
public struct Simulation {
    enum EventKind: Int32 {
        case arrival = 0, stepDone, abandon, rosterChange, warmupEnd, surgeCall, surgeArrive
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
        var abandonEvent: EventHandle?
        /// Charges so far: per use, and busy time of the units it held.
        var bill: Double = 0
    }

    struct ResourceState {
        var rostered: Int  // capacity the roster staffs now
        var surgeExtra = 0  // units called in by a surge, while active
        var infinite: Bool
        var present = 0  // units on shift, plus busy ones finishing after their shift ended
        var busy = 0
        var owner: ContiguousArray<Int32>  // patient using each unit, or -1
        var free: FreeUnits  // free units on shift
        var offShift: ContiguousArray<Int32> = []  // free units off shift, lowest number last
        var queue: WaitQueue
        var surge = SurgeState.idle
        // Statistics
        var busyTime: TimeAverage
        var queueTime: TimeAverage
        var staffedTime: TimeAverage
        var surgeTime: TimeAverage
        var wait = Tally()
        var classWait: [Tally]
        var requests = 0
        var blocked = 0
        var uses = 0

        var capacity: Int { infinite ? Int.max : rostered + surgeExtra }
    }

    enum SurgeState {
        case idle
        /// The queue is over the threshold; the call goes out when this event fires.
        case pending(EventHandle)
        /// Called in, on the way.
        case called
        case active
    }

    struct ClassStats {
        var arrived = 0
        var reneged = 0
        var blocked = 0
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

    // The model's hot data, flattened into arrays this replication owns: no reference counting
    // shared with other threads, and no struct copies per event.
    let ops: ContiguousArray<Op>
    let programEnd: ContiguousArray<Int32>
    let programStart: ContiguousArray<Int32>
    let branchFirst: ContiguousArray<Int32>
    let branchCount: ContiguousArray<Int32>
    let branchOtherwise: ContiguousArray<Int32>
    let branchBound: ContiguousArray<Double>
    let branchStart: ContiguousArray<Int32>
    let classLevel: ContiguousArray<Int>
    let classPriority: ContiguousArray<Int>
    let classTarget: ContiguousArray<Double>  // NaN: no target
    let policies: [any AllocationPolicy]
    let preemptive: ContiguousArray<Bool>
    let surgeRules: [SurgeRule?]
    let queueLimit: ContiguousArray<Int>
    let expectedHold: ContiguousArray<Double>
    /// The head of each class's queue, filled in for one policy decision at a time.
    let heads: UnsafeMutablePointer<WaitingHead>
    let classCount: Int
    let storage = ReplicationStorage()
    let maxDraws: Int
    let drawFirst: ContiguousArray<Int>  // per class, into drawStream and drawDistribution
    let drawStream: ContiguousArray<Int32>
    let drawDistribution: [Distribution?]  // nil: a uniform, for a branch
    let classPatience: [Distribution?]
    let classPicker: [Distribution]  // per arrival stream
    let arrivalProcess: [ArrivalStream.Process]

    var events = EventList(capacity: 4096)
    var patients: ContiguousArray<Patient> = []
    var freeSlots: ContiguousArray<Int32> = []
    var draws: ContiguousArray<Double> = []
    var held: ContiguousArray<Int32> = []  // [slot * resourceCount + r]: unit held, or -1
    var heldSince: ContiguousArray<Double> = []  // [slot * resourceCount + r]: when it was seized
    let perUse: ContiguousArray<Double>
    let busyPerTimeUnit: ContiguousArray<Double>
    var resources: [ResourceState] = []

    let arrivalStreams: [RandomStream]
    let classStreams: [RandomStream]
    let patienceStream: RandomStream
    let stepStreams: [RandomStream]

    // Statistics over counted patients (those arriving after warm-up).
    var arrived = 0, completed = 0, reneged = 0, blocked = 0, inside = 0
    var wait = Tally()
    var timeInSystem = Tally()
    var bill = Tally()
    var waitQuantiles = QuantileSketch()
    var classStats: [ClassStats]
    var targetCounted = 0, targetMet = 0
    public private(set) var eventCount = 0
    /// The replication stops once `eventCount` passes this: the event limit, or 0 when the
    /// patient pool outgrows its limit.
    var eventBudget: Int
    var arrivalNumber: Int32 = 0
    /// When not nil, every happening is recorded here, for `simrun trace`.
    public var traceLog: [TraceRecord]?
    /// When not nil, patient-level records are kept here (`--patients`).
    public var patientLog: PatientLog?

    public init(model: CompiledModel, replication: Int) {
        self.model = model
        self.replication = replication
        let seed = model.run.seed
        warmup = model.run.warmup
        end = model.run.warmup + model.run.horizon
        hour = model.timeUnit.hour
        resourceCount = model.resources.count
        eventBudget = model.run.limits.events
        arrivalStreams = model.arrivals.map { RandomStream(seed: seed, replication: replication, purpose: "arrival:" + $0.name) }
        classStreams = model.arrivals.map { RandomStream(seed: seed, replication: replication, purpose: "class:" + $0.name) }
        patienceStream = RandomStream(seed: seed, replication: replication, purpose: "patience")
        stepStreams = model.stepStreams.map { RandomStream(seed: seed, replication: replication, purpose: $0) }
        classStats = Array(repeating: ClassStats(), count: model.classes.count)
        var ops = ContiguousArray<Op>(), starts = ContiguousArray<Int32>(), ends = ContiguousArray<Int32>()
        var bFirst = ContiguousArray<Int32>(), bCount = ContiguousArray<Int32>(), bOtherwise = ContiguousArray<Int32>()
        var bBound = ContiguousArray<Double>(), bStart = ContiguousArray<Int32>()
        for cls in model.classes {
            let offset = Int32(ops.count)
            let tableOffset = Int32(bFirst.count)
            starts.append(offset)
            for op in cls.program {
                switch op {
                case .jump(let to): ops.append(.jump(to: to + offset))
                case .branch(let d, let t): ops.append(.branch(draw: d, table: t + tableOffset))
                default: ops.append(op)
                }
            }
            ends.append(Int32(ops.count))
            for table in cls.branches {
                bFirst.append(Int32(bBound.count))
                bCount.append(Int32(table.bounds.count))
                bOtherwise.append(table.otherwise + offset)
                bBound.append(contentsOf: table.bounds)
                bStart.append(contentsOf: table.starts.map { $0 + offset })
            }
        }
        self.ops = ops
        programStart = starts
        programEnd = ends
        branchFirst = bFirst
        branchCount = bCount
        branchOtherwise = bOtherwise
        branchBound = bBound
        branchStart = bStart
        classLevel = ContiguousArray(model.classes.map(\.level))
        classPriority = ContiguousArray(model.classes.map(\.priority))
        classTarget = ContiguousArray(model.classes.map { $0.target ?? .nan })
        policies = model.resources.map(\.policy.policy)
        preemptive = ContiguousArray(model.resources.map(\.policy.policy.preemptive))
        surgeRules = model.resources.map(\.policy.policy.surge)
        expectedHold = ContiguousArray(model.classes.flatMap(\.expectedHold))
        classCount = model.classes.count
        heads = storage.allocate(WaitingHead.self, count: model.classes.count,
                                 value: WaitingHead(patient: -1, classIndex: 0, priority: 0, since: 0, sequence: 0, expectedService: 0))
        queueLimit = ContiguousArray(model.resources.map { $0.queueCapacity ?? Int.max })
        maxDraws = model.maxDraws
        perUse = ContiguousArray(model.resources.map(\.cost.perUse))
        busyPerTimeUnit = ContiguousArray(model.resources.map { $0.cost.busyPerHour / model.timeUnit.hour })
        var first = ContiguousArray<Int>(), streamsOfDraws = ContiguousArray<Int32>(), distributions: [Distribution?] = []
        for cls in model.classes {
            first.append(streamsOfDraws.count)
            for spec in cls.draws {
                streamsOfDraws.append(spec.stream)
                distributions.append(spec.distribution?.unshared())
            }
        }
        first.append(streamsOfDraws.count)
        drawFirst = first
        drawStream = streamsOfDraws
        drawDistribution = distributions
        classPatience = model.classes.map { $0.patience?.unshared() }
        classPicker = model.arrivals.map { $0.classPicker.unshared() }
        arrivalProcess = model.arrivals.map { a in
            switch a.process {
            case .poisson: a.process
            case .renewal(let d): .renewal(d.unshared())
            case .profile(let rates): .profile(ratesPerHour: Array(rates))
            }
        }
        let hourLength = hour
        let storage = self.storage
        resources = model.resources.map { r in
            let units = r.units ?? 0
            let initial = r.roster?.first?.capacity ?? units - (r.policy.policy.surge?.extra ?? 0)
            var state = ResourceState(
                rostered: initial, infinite: r.units == nil,
                owner: ContiguousArray(repeating: -1, count: units),
                free: FreeUnits(units: units, storage: storage),
                queue: WaitQueue(classes: classCount, storage: storage),
                busyTime: TimeAverage(value: 0, at: 0, hourLength: hourLength),
                queueTime: TimeAverage(value: 0, at: 0, hourLength: hourLength),
                staffedTime: TimeAverage(value: Double(r.units == nil ? 0 : initial), at: 0),
                surgeTime: TimeAverage(value: 0, at: 0),
                classWait: Array(repeating: Tally(), count: classCount))
            if r.units != nil {
                // Units 0..<initial start on shift; the rest wait off shift, lowest number first.
                state.present = initial
                for u in 0..<Int32(initial) { state.free.insert(u) }
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
        logInitialShifts()
        while let e = events.next(until: end) {
            eventCount &+= 1
            if eventCount > eventBudget { break }
            switch EventKind(rawValue: e.kind)! {
            case .arrival: arrive(stream: Int(e.subject))
            case .stepDone: stepDone(Int(e.subject))
            case .abandon: abandon(Int(e.subject))
            case .rosterChange: changeRoster(Int(e.subject))
            case .warmupEnd: endWarmup()
            case .surgeCall: callSurge(Int(e.subject))
            case .surgeArrive: surgeArrives(Int(e.subject))
            }
        }
        if logging {
            let free = Set(freeSlots.map(Int.init))
            for p in patients.indices where !free.contains(p) { logDeparture(p, outcome: "in_system", at: nil) }
            closeShifts()
        }
        var result = collect()
        result.patients = patientLog
        if eventCount > eventBudget {
            let limits = model.run.limits
            result.stopped = patients.count > limits.patients
                ? "replication \(replication) had more than \(limits.patients) patients inside at once at time \(String(format: "%.6g", events.now)): "
                    + "its queues grow without bound (is a capacity, rate or duration off by a unit?); --max-patients raises the limit"
                : "replication \(replication) passed \(limits.events) events at time \(String(format: "%.6g", events.now)) of \(readable(end)); "
                    + "--max-events raises the limit"
        }
        return result
    }

    mutating func endWarmup() {
        let now = events.now
        for r in resources.indices {
            resources[r].busyTime.restart(at: now)
            resources[r].queueTime.restart(at: now)
            resources[r].staffedTime.restart(at: now)
            resources[r].surgeTime.restart(at: now)
        }
    }

    // MARK: Arrivals

    mutating func scheduleArrival(stream s: Int, after t: Double) {
        let rng = arrivalStreams[s]
        let next: Double
        switch arrivalProcess[s] {
        case .poisson(let rate): next = t + rng.exponential(mean: 1 / rate)
        case .renewal(let gap): next = t + gap.sample(rng)
        case .profile(let rates): next = ArrivalProfile.nextArrival(after: t, ratesPerHour: rates, hour: hour, stream: rng)
        }
        if next <= end { events.schedule(at: next, kind: EventKind.arrival.rawValue, subject: Int32(s)) }
    }

    mutating func arrive(stream s: Int) {
        let now = events.now
        scheduleArrival(stream: s, after: now)
        let c = Int(classPicker[s].sample(classStreams[s]))
        let p = allocatePatient()
        var patient = Patient()
        patient.classIndex = Int32(c)
        patient.pc = programStart[c]
        patient.arrival = now
        patient.counted = now >= warmup
        patient.ticket = patients[p].ticket &+ 1
        if let patience = classPatience[c] { patient.patience = patience.sample(patienceStream) }
        let base = p * maxDraws - drawFirst[c]
        for i in drawFirst[c]..<drawFirst[c + 1] {
            let rng = stepStreams[Int(drawStream[i])]
            draws[base + i] = drawDistribution[i]?.sample(rng) ?? rng.uniform()
        }
        arrivalNumber &+= 1
        patient.id = arrivalNumber
        patients[p] = patient
        note("arrival", patient: p, resource: nil)
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
        // A pool past the limit stops the replication after this event (see `run`).
        if slot >= model.run.limits.patients { eventBudget = 0 }
        patients.append(Patient())
        draws.append(contentsOf: repeatElement(0, count: maxDraws))
        held.append(contentsOf: repeatElement(-1, count: resourceCount))
        heldSince.append(contentsOf: repeatElement(0, count: resourceCount))
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
                releaseUnit(p, resource: Int(r))
                patients[p].pc += 1
            case .delay(let d):
                let duration = draws[p * maxDraws + Int(d)]
                let until = events.now + duration
                note("delay", patient: p, resource: nil, detail: "until \(TraceRecord.format(until))")
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
            guard case .use(_, let d, _) = ops[Int(patients[p].pc)] else {
                preconditionFailure("startService outside a use step")
            }
            duration = draws[p * maxDraws + Int(d)]
        }
        patients[p].inService = Int32(r)
        patients[p].serviceStart = now
        patients[p].serviceEnd = now + duration
        patients[p].serviceEvent = events.schedule(at: now + duration, kind: EventKind.stepDone.rawValue, subject: Int32(p))
    }

    // MARK: Leaving

    mutating func abandon(_ p: Int) {
        patients[p].abandonEvent = nil
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
            reneged += 1
            inside -= 1
            classStats[c].reneged += 1
            if !classTarget[c].isNaN {
                targetCounted += 1
                classStats[c].targetCounted += 1
            }
        }
        depart(p)
    }

    mutating func block(_ p: Int, resource r: Int) {
        note("blocked", patient: p, resource: r)
        if logging {
            logVisitStart(p, resource: r, unit: nil, started: false)
            logVisitEnd(p, resource: r)
            releaseAll(p)
            logDeparture(p, outcome: "blocked", at: events.now)
        }
        if patients[p].counted {
            resources[r].blocked += 1
            blocked += 1
            classStats[Int(patients[p].classIndex)].blocked += 1
            inside -= 1
        }
        depart(p)
    }

    mutating func complete(_ p: Int) {
        releaseAll(p)
        note("depart", patient: p, resource: nil)
        logDeparture(p, outcome: "completed", at: events.now)
        if patients[p].counted {
            let c = Int(patients[p].classIndex)
            let tis = events.now - patients[p].arrival
            completed += 1
            inside -= 1
            wait.add(patients[p].waited)
            waitQuantiles.add(patients[p].waited)
            timeInSystem.add(tis)
            bill.add(patients[p].bill)
            classStats[c].wait.add(patients[p].waited)
            classStats[c].timeInSystem.add(tis)
        }
        depart(p)
    }

    /// Releases whatever the patient still holds and frees its slot.
    mutating func depart(_ p: Int) {
        releaseAll(p)
        patients[p].ticket &+= 1
        freeSlots.append(Int32(p))
    }

    mutating func releaseAll(_ p: Int) {
        for r in 0..<resourceCount where held[p * resourceCount + r] != -1 {
            releaseUnit(p, resource: r)
        }
    }

    /// Infinite resources have no unit numbers: a held one is marked with this.
    static let infiniteUnit: Int32 = -2
}
