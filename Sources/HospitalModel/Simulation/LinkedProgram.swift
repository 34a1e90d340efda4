import HospitalScenario
import HospitalPolicies
import SimKernel

/// A compiled model linked for the event loop, once per model: every class's ops in one table
/// with absolute jumps, the branch tables, the per-class and per-resource constants, the sampler
/// and stream of every draw, and the names of the random streams.
///
/// The tables live at fixed addresses and are never written after `init`, so replications on
/// any number of threads read them through raw pointers: no copy per replication, and no
/// reference counting in the loop.
///
/// ```swift
/// let program = CompiledModel(scenario).program
/// program.ops[Int(program.programStart[0])]   // the first op of class 0
/// ```
public final class LinkedProgram: @unchecked Sendable {
    /// One way of drawing the time to the next arrival of a stream.
    public enum ArrivalRule: Sendable {
        case poisson(mean: Double)
        case renewal(Sampler)
        /// Hourly rates per time unit at `rates[first..<first + count]`, repeating; over the
        /// `datedCount` hours from simulated hour `fromHour`, the dated rates at
        /// `rates[datedFirst...]` instead (none when `datedCount` is 0).
        case profile(first: Int, count: Int, datedFirst: Int, datedCount: Int, fromHour: Int)
    }

    /// How a resource chooses: the built-in disciplines are decided by a switch in the loop; any
    /// other policy is asked through `AllocationPolicy`.
    public enum Allocation: Sendable {
        case firstComeFirstServed, mostUrgentFirst, policy
    }

    // Pathways.
    public let ops: UnsafeBufferPointer<Op>
    public let programStart: UnsafeBufferPointer<Int32>
    public let programEnd: UnsafeBufferPointer<Int32>
    public let branchFirst: UnsafeBufferPointer<Int32>
    public let branchCount: UnsafeBufferPointer<Int32>
    public let branchOtherwise: UnsafeBufferPointer<Int32>
    public let branchBound: UnsafeBufferPointer<Double>
    public let branchStart: UnsafeBufferPointer<Int32>
    /// For each op: the mean time the unit it asks for will be held.
    public let expectedHold: UnsafeBufferPointer<Double>

    // Classes.
    public let classPriority: UnsafeBufferPointer<Int>
    /// NaN: no target.
    public let classTarget: UnsafeBufferPointer<Double>
    /// NaN: no time-in-system target.
    public let classStayTarget: UnsafeBufferPointer<Double>
    public let classHasPatience: UnsafeBufferPointer<Bool>
    public let classPatience: UnsafeBufferPointer<Sampler>
    /// As `drawBatched`, for each class's patience (nil: drawn by `classPatience`).
    public let classPatienceBatched: UnsafeBufferPointer<Sampler.Batched?>

    // Draws made at arrival: class c's are `drawFirst[c]..<drawFirst[c + 1]`.
    public let drawFirst: UnsafeBufferPointer<Int>
    public let drawStream: UnsafeBufferPointer<Int32>
    public let drawSampler: UnsafeBufferPointer<Sampler>
    /// For each draw: its form when its stream is batched (`streamUnit`); nil when its sampler
    /// draws.
    public let drawBatched: UnsafeBufferPointer<Sampler.Batched?>
    public let maxDraws: Int

    // Arrival streams.
    public let arrivalRule: UnsafeBufferPointer<ArrivalRule>
    public let profileRates: UnsafeBufferPointer<Double>
    public let classPicker: UnsafeBufferPointer<Sampler>
    public let arrivalStream: UnsafeBufferPointer<Int32>
    public let classStream: UnsafeBufferPointer<Int32>
    public let patienceStream: Int

    // Resources.
    public let preemptive: UnsafeBufferPointer<Bool>
    public let allocation: UnsafeBufferPointer<Allocation>
    public let queueLimit: UnsafeBufferPointer<Int>
    public let perUse: UnsafeBufferPointer<Double>
    /// Each resource's turnaround sampler and stream (-1: no turnaround).
    public let turnaroundSampler: UnsafeBufferPointer<Sampler>
    public let turnaroundStream: UnsafeBufferPointer<Int32>
    /// The resource whose unit each resource's turnaround needs (a cleaner), or -1.
    public let turnaroundBy: UnsafeBufferPointer<Int32>
    /// For each op (as `expectedHold`): the skill its unit must have, or -1.
    public let opSkill: UnsafeBufferPointer<Int32>
    /// Queue lanes per class of each resource: one per skill plus one for steps that ask for
    /// none (the last); 1 for a resource without skill groups.
    public let lanes: UnsafeBufferPointer<Int>
    /// Each resource's skill groups, `groupFirst[r]..<groupFirst[r + 1]` into the tables below.
    public let groupFirst: UnsafeBufferPointer<Int>
    public let groupUnitFirst: UnsafeBufferPointer<Int32>
    public let groupUnitEnd: UnsafeBufferPointer<Int32>
    /// The lanes a group's units serve, as bits (its skills' and the any-skill lane).
    public let groupLanes: UnsafeBufferPointer<UInt64>
    /// Each supply item's lead-time sampler and stream.
    public let leadTimeSampler: UnsafeBufferPointer<Sampler>
    public let leadTimeStream: UnsafeBufferPointer<Int32>
    /// Each resource's discharge hours in time units from midnight (NaN: any time).
    public let dischargeFrom: UnsafeBufferPointer<Double>
    public let dischargeTo: UnsafeBufferPointer<Double>

    /// The purposes of the random streams, by index: each replication seeds one generator per
    /// purpose from (seed, replication, purpose).
    public let streamPurposes: [String]
    /// Each clinic's first stream: fill, no-show and lateness draws, in that order.
    public let clinicStreams: [Int]
    /// Each stream's unit variate when every draw on it transforms that one: Poisson and profile
    /// arrivals, and the draws and patience of `drawBatched` and `classPatienceBatched`. Nil for
    /// the others, drawn one at a time by their samplers.
    public let streamUnit: UnsafeBufferPointer<Sampler.Unit?>

    /// The distributions the samplers point into, kept alive with the program.
    let distributions: [Distribution]

    /// The tables' memory, freed with the program.
    private let blocks: [UnsafeMutableRawPointer]

    init(_ model: CompiledModel) {
        var blocks: [UnsafeMutableRawPointer] = []
        /// Copies `values` to a fixed address. Only trivial values are stored, so freeing the
        /// memory is all there is to do at the end.
        func freeze<T>(_ values: [T]) -> UnsafeBufferPointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
            p.initialize(from: values, count: values.count)
            blocks.append(UnsafeMutableRawPointer(p))
            return UnsafeBufferPointer(start: p, count: values.count)
        }
        var ops: [Op] = [], starts: [Int32] = [], ends: [Int32] = []
        var bFirst: [Int32] = [], bCount: [Int32] = [], bOtherwise: [Int32] = [], bBound: [Double] = [], bStart: [Int32] = []
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
        self.ops = freeze(ops)
        programStart = freeze(starts)
        programEnd = freeze(ends)
        branchFirst = freeze(bFirst)
        branchCount = freeze(bCount)
        branchOtherwise = freeze(bOtherwise)
        branchBound = freeze(bBound)
        branchStart = freeze(bStart)
        expectedHold = freeze(model.classes.flatMap(\.expectedHold))
        opSkill = freeze(model.classes.flatMap(\.skills))
        lanes = freeze(model.resources.map { $0.groups.isEmpty ? 1 : $0.skills.count + 1 })
        var gFirst: [Int] = [], gStart: [Int32] = [], gEnd: [Int32] = [], gLanes: [UInt64] = []
        for r in model.resources {
            gFirst.append(gStart.count)
            for g in r.groups {
                gStart.append(Int32(g.first))
                gEnd.append(Int32(g.first + g.count))
                gLanes.append(g.skills | (1 << UInt64(r.skills.count)))
            }
        }
        gFirst.append(gStart.count)
        groupFirst = freeze(gFirst)
        groupUnitFirst = freeze(gStart)
        groupUnitEnd = freeze(gEnd)
        groupLanes = freeze(gLanes)

        classPriority = freeze(model.classes.map(\.priority))
        classTarget = freeze(model.classes.map { $0.target ?? .nan })
        classStayTarget = freeze(model.classes.map { $0.stayTarget ?? .nan })
        classHasPatience = freeze(model.classes.map { $0.patience != nil })
        classPatience = freeze(model.classes.map { $0.patience?.sampler ?? .uniform01 })

        // Stream purposes: arrivals and class picks per stream, patience, then the steps'.
        var purposes = model.arrivals.map { "arrival:" + $0.name } + model.arrivals.map { "class:" + $0.name } + ["patience"]
        arrivalStream = freeze(model.arrivals.indices.map { Int32($0) })
        classStream = freeze(model.arrivals.indices.map { Int32(model.arrivals.count + $0) })
        let patience = 2 * model.arrivals.count
        patienceStream = patience
        let stepOffset = Int32(purposes.count)
        purposes += model.stepStreams
        // Streams added for later features go last, so that the earlier ones keep their indices.
        var turnaroundStreams: [Int32] = []
        for r in model.resources {
            if r.turnaround != nil {
                turnaroundStreams.append(Int32(purposes.count))
                purposes.append("turnaround:" + r.name)
            } else {
                turnaroundStreams.append(-1)
            }
        }
        turnaroundStream = freeze(turnaroundStreams)
        turnaroundBy = freeze(model.resources.map { Int32($0.turnaroundBy ?? -1) })
        leadTimeStream = freeze(model.scenario.supplies.map { item in
            defer { purposes.append("lead_time:" + item.name) }
            return Int32(purposes.count)
        })
        leadTimeSampler = freeze(model.scenario.supplies.map(\.leadTime.sampler))
        turnaroundSampler = freeze(model.resources.map { $0.turnaround?.sampler ?? .uniform01 })
        dischargeFrom = freeze(model.resources.map { $0.dischargeHours?.from ?? .nan })
        dischargeTo = freeze(model.resources.map { $0.dischargeHours?.to ?? .nan })
        clinicStreams = model.clinics.map { c in
            defer { purposes += ["fill:", "no_show:", "lateness:"].map { $0 + c.clinic.name } }
            return purposes.count
        }
        streamPurposes = purposes

        var first: [Int] = [], streams: [Int32] = [], samplers: [Sampler] = []
        for cls in model.classes {
            first.append(streams.count)
            for spec in cls.draws {
                streams.append(stepOffset + spec.stream)
                samplers.append(spec.distribution?.sampler ?? .uniform01)
            }
        }
        first.append(streams.count)
        drawFirst = freeze(first)
        drawStream = freeze(streams)
        drawSampler = freeze(samplers)
        maxDraws = model.maxDraws

        var rates: [Double] = []
        arrivalRule = freeze(model.arrivals.map { a in
            switch a.process {
            case .poisson(let rate): return .poisson(mean: 1 / rate)
            case .renewal(let gap): return .renewal(gap.sampler)
            case .profile(let perHour):
                let first = rates.count
                rates += perHour
                let dated = a.dated ?? (0, [])
                defer { rates += dated.ratesPerHour }
                return .profile(first: first, count: perHour.count, datedFirst: rates.count, datedCount: dated.ratesPerHour.count,
                                fromHour: dated.fromHour)
            }
        })
        profileRates = freeze(rates)

        // A stream is batched (`VariateBatches`) when all its draws transform one unit variate;
        // fixed values take nothing, so they may sit among them. Any other draw on the stream
        // would see the generator run ahead.
        var unitOf = [Sampler.Unit?](repeating: nil, count: purposes.count)
        var mixed = [Bool](repeating: false, count: purposes.count)
        func note(_ unit: Sampler.Unit?, on stream: Int) {  // nil: a draw of another kind
            if let unit, unitOf[stream] == nil || unitOf[stream] == unit {
                unitOf[stream] = unit
            } else {
                mixed[stream] = true
            }
        }
        for (sampler, stream) in zip(samplers, streams) where !sampler.drawsNothing { note(sampler.batched?.unit, on: Int(stream)) }
        for c in model.classes { if let p = c.patience?.sampler, !p.drawsNothing { note(p.batched?.unit, on: patience) } }
        for (s, a) in model.arrivals.enumerated() {
            if case .renewal = a.process { note(nil, on: Int(arrivalStream[s])) } else { note(.exponential, on: Int(arrivalStream[s])) }
        }
        let units = zip(unitOf, mixed).map { $1 ? nil : $0 }
        streamUnit = freeze(units)
        drawBatched = freeze(zip(samplers, streams).map { units[Int($1)] == nil ? nil : $0.batched })
        let patienceBatched = units[patience] != nil
        classPatienceBatched = freeze(model.classes.map { patienceBatched ? $0.patience?.sampler.batched : nil })
        // A stream that brings one class only draws nothing to pick it: its class stream serves
        // no other purpose, so the other streams, and the results, are the same either way.
        classPicker = freeze(model.arrivals.map { a in
            let weights = a.classWeights
            if weights.filter({ $0 > 0 }).count == 1, let only = weights.firstIndex(where: { $0 > 0 }),
               let fixed = try? Distribution.deterministic(Double(only)) {
                return fixed.sampler
            }
            return a.classPicker.sampler
        })

        preemptive = freeze(model.resources.map(\.allocationPolicy.preemptive))
        allocation = freeze(model.resources.map { r -> Allocation in
            switch r.allocationPolicy {
            case is FIFOPolicy: .firstComeFirstServed
            case is PriorityPolicy, is PreemptivePolicy: .mostUrgentFirst
            default: .policy
            }
        })
        queueLimit = freeze(model.resources.map { $0.queueCapacity ?? Int.max })
        perUse = freeze(model.resources.map(\.cost.perUse))

        var kept = model.classes.compactMap(\.patience) + model.classes.flatMap { $0.draws.compactMap(\.distribution) }
        kept += model.arrivals.map(\.classPicker)
        kept += model.resources.compactMap(\.turnaround)
        kept += model.scenario.supplies.map(\.leadTime)
        for a in model.arrivals { if case .renewal(let d) = a.process { kept.append(d) } }
        distributions = kept
        self.blocks = blocks
    }

    deinit {
        for b in blocks { b.deallocate() }
    }
}
