import HospitalScenario
import HospitalPolicies
import SimKernel

/// A scenario compiled into flat arrays of small values for the event loop: each class's
/// pathway becomes a program of `Op`s, every random quantity a patient will need becomes a
/// numbered draw from a named stream, and names become indices.
public struct CompiledModel: Sendable {
    public var scenario: Scenario
    public var classes: [CompiledClass]
    public var resources: [CompiledResource]
    public var arrivals: [CompiledArrival]
    /// Outpatient clinics, their sessions in time units.
    public var clinics: [CompiledClinic]
    /// Purpose names of the per-step streams, indexed by `DrawSpec.stream`.
    public var stepStreams: [String]
    /// The most draws any class needs per patient.
    public var maxDraws: Int
    /// Number of distinct priority levels (classes of equal priority share one).
    public var priorityLevels: Int
    /// The policy used for resources that name none.
    public var defaultPolicy: PolicySpec
    /// What a replication measures, in order: each entry gives both a metric's name and its value.
    public private(set) var metrics: [Metric] = []
    public private(set) var profiles: [Profile] = []
    /// Everything above linked into flat tables for the event loop, made once here.
    public private(set) var program: LinkedProgram!

    public var timeUnit: TimeUnit { scenario.timeUnit }
    public var run: RunSettings { scenario.run }
}

/// The arms of one branch for one class: cumulative probability bounds and where each arm
/// starts; past the last bound the patient continues at `otherwise`.
public struct BranchTable: Sendable, Equatable {
    public var bounds: [Double]
    public var starts: [Int32]
    public var otherwise: Int32
}

/// One random quantity a patient draws at arrival: from step stream `stream`, with
/// `distribution`, or a uniform (for branches) when nil.
public struct DrawSpec: Sendable {
    public var stream: Int32
    public var distribution: Distribution?
}

public struct CompiledArrival: Sendable {
    public var name: String
    public var process: ArrivalStream.Process
    /// Samples a class index.
    public var classPicker: Distribution
    /// The probability of each class, by index.
    public var classWeights: [Double]
    /// Dated rates (`by_date`) placed on the simulated clock: they start at simulated hour
    /// `fromHour` (negative when before time 0); nil without dates or without `run.start`.
    public var dated: (fromHour: Int, ratesPerHour: [Double])?
}

extension CompiledModel {
    /// Compiles `scenario`, with `policy` (when given) replacing the scenario's `policy`, the
    /// default of the resources that name no `discipline`.
    public init(_ scenario: Scenario, policy: PolicySpec? = nil) {
        self.scenario = scenario
        let defaultPolicy = policy ?? scenario.policy ?? PolicySpec.fifo
        self.defaultPolicy = defaultPolicy
        let priorities = Array(Set(scenario.classes.map(\.priority))).sorted()
        priorityLevels = priorities.count

        var streams: [String] = []
        var streamIndex: [String: Int32] = [:]
        func stream(_ id: String) -> Int32 {
            if let i = streamIndex[id] { return i }
            let i = Int32(streams.count)
            streams.append("step:" + id)
            streamIndex[id] = i
            return i
        }

        var classes: [CompiledClass] = []
        for (c, pc) in scenario.classes.enumerated() {
            var builder = ProgramBuilder(classIndex: c, stream: stream)
            builder.emit(pc.pathway ?? scenario.pathway)
            builder.markDefaultTreatment()
            classes.append(CompiledClass(name: pc.name, priority: pc.priority,
                                         level: priorities.firstIndex(of: pc.priority)!,
                                         target: pc.target, patience: pc.patience, program: builder.program,
                                         branches: builder.branches, draws: builder.draws,
                                         resourcesUsed: builder.resourcesUsed,
                                         expectedHold: builder.expectedHolds(),
                                         skills: builder.program.indices.map { builder.skillAt[$0] ?? -1 },
                                         stepStarts: builder.stepStarts))
            classes[c].stayTarget = pc.stayTarget
            classes[c].notes = builder.notes
        }
        self.classes = classes
        stepStreams = streams
        maxDraws = classes.map(\.draws.count).max() ?? 0

        let hour = scenario.timeUnit.hour
        resources = scenario.resources.map { r in
            let policy = r.discipline ?? defaultPolicy
            let surge = r.surge ?? policy.traits.surge
            return CompiledResource(
                name: r.name, units: r.capacity.map { $0 + (surge?.extra ?? 0) },
                roster: r.shifts.map { Roster(shifts: $0).changes.map { (Double($0.minute) / 60 * hour, $0.capacity) } },
                rosterCycle: Double(r.shifts.map { Roster(shifts: $0).period } ?? 1440) / 60 * hour,
                queueCapacity: r.queueCapacity, policy: policy,
                allocationPolicy: PolicyRegistry.make(policy, classNames: scenario.classes.map(\.name),
                                                      classPriorities: scenario.classes.map(\.priority)),
                cost: r.cost, surge: surge, turnaround: r.turnaround,
                turnaroundBy: r.turnaroundBy,
                dischargeHours: r.dischargeHours.map { (Double($0.from) / 60 * hour, Double($0.to) / 60 * hour) },
                groups: Self.groups(r, hour: hour), skills: r.skills)
        }
        let classCount = scenario.classes.count
        arrivals = scenario.arrivals.map { a in
            let weights = a.classMix ?? scenario.classes.map(\.share)
            // Validated: the weights are non-negative and sum to 1.
            let picker = try! Distribution.empirical(values: (0..<classCount).map(Double.init), weights: weights)
            var compiled = CompiledArrival(name: a.name, process: a.process, classPicker: picker, classWeights: weights)
            if let d = a.dated, let start = scenario.run.start { compiled.dated = ((d.startDay - start) * 24, d.ratesPerHour) }
            return compiled
        }
        clinics = scenario.clinics.map { CompiledClinic($0, hour: hour) }
        metrics = Metric.all(for: self)
        profiles = Profile.all(for: self)
        program = LinkedProgram(self)
    }
}

extension CompiledModel {
    /// `r`'s skill groups, units numbered group by group in order.
    static func groups(_ r: Resource, hour: Double) -> [CompiledGroup] {
        guard let groups = r.groups else { return [] }
        let skills = r.skills
        var first = 0
        return groups.map { g in
            defer { first += g.count }
            let bits = g.skills.reduce(UInt64(0)) { $0 | (1 << UInt64(skills.firstIndex(of: $1)!)) }
            return CompiledGroup(name: g.name, first: first, count: g.count, skills: bits,
                                 roster: g.shifts.map { Roster(shifts: $0).changes.map { (Double($0.minute) / 60 * hour, $0.capacity) } },
                                 rosterCycle: Double(g.shifts.map { Roster(shifts: $0).period } ?? 1440) / 60 * hour)
        }
    }
}

/// Flattens nested steps into a program with jumps, for one class.
struct ProgramBuilder {
    let classIndex: Int
    let stream: (String) -> Int32
    var program: [Op] = []
    var branches: [BranchTable] = []
    var notes: [String] = []
    var draws: [DrawSpec] = []
    var resourcesUsed: Set<Int> = []
    var explicitTreatment = false
    /// The skill asked for by the op at each index, where one is.
    var skillAt: [Int: Int32] = [:]
    var stepStarts: [[Int]: Int32] = [:]

    init(classIndex: Int, stream: @escaping (String) -> Int32) {
        self.classIndex = classIndex
        self.stream = stream
    }

    mutating func draw(_ id: String, _ d: Distribution?) -> Int32 {
        draws.append(DrawSpec(stream: stream(id), distribution: d))
        return Int32(draws.count - 1)
    }

    mutating func emit(_ steps: [Step], place: [Int] = []) {
        for (index, step) in steps.enumerated() {
            stepStarts[place + [index]] = Int32(program.count)
            switch step {
            case .use(let r, let d, let byClass, let treatment, let id, let skill):
                resourcesUsed.insert(r)
                if treatment == true { explicitTreatment = true }
                if let skill { skillAt[program.count] = Int32(skill) }
                program.append(.use(resource: Int32(r), draw: draw(id, byClass[classIndex] ?? d), treatment: treatment == true))
            case .seize(let r, let skill):
                resourcesUsed.insert(r)
                if let skill { skillAt[program.count] = Int32(skill) }
                program.append(.seize(resource: Int32(r)))
            case .release(let r):
                program.append(.release(resource: Int32(r)))
            case .delay(let d, let byClass, let id):
                program.append(.delay(draw: draw(id, byClass[classIndex] ?? d)))
            case .leave:
                program.append(.leave)
            case .consume(let items):
                for (item, units) in items { program.append(.consume(item: Int32(item), units: Int32(units))) }
            case .note(let text):
                notes.append(text)
                program.append(.note(text: Int32(notes.count - 1)))
            case .branch(let arms, let id):
                let u = draw(id, nil)
                let tableIndex = Int32(branches.count)
                branches.append(BranchTable(bounds: [], starts: [], otherwise: 0))
                program.append(.branch(draw: u, table: tableIndex))
                var bound = 0.0
                var jumps: [Int] = []
                var table = BranchTable(bounds: [], starts: [], otherwise: 0)
                var otherwiseStart: Int32?
                for (a, arm) in arms.enumerated() {
                    if arm.isOtherwise {
                        // No bound of its own: a draw past every other arm lands here, exactly.
                        otherwiseStart = Int32(program.count)
                    } else {
                        bound += arm.probabilities[classIndex]
                        table.bounds.append(bound)
                        table.starts.append(Int32(program.count))
                    }
                    emit(arm.steps, place: place + [index, a])
                    jumps.append(program.count)
                    program.append(.jump(to: 0))
                }
                let end = Int32(program.count)
                for j in jumps { program[j] = .jump(to: end) }
                table.otherwise = otherwiseStart ?? end
                branches[Int(tableIndex)] = table
            }
        }
    }

    /// The mean holding time of the unit each op asks for: a use step's mean duration; for a
    /// seize, the mean durations of the steps up to its release along the path that takes no
    /// branch arm.
    func expectedHolds() -> [Double] {
        func mean(_ d: Int32) -> Double { draws[Int(d)].distribution?.mean ?? 0 }
        return program.indices.map { i in
            switch program[i] {
            case .use(_, let d, _): return mean(d)
            case .seize(let r):
                var total = 0.0
                var pc = i + 1
                var steps = 0
                while pc < program.count, steps < program.count {
                    steps += 1
                    switch program[pc] {
                    case .release(let x) where x == r: return total
                    case .use(_, let d, _), .delay(let d): total += mean(d); pc += 1
                    case .branch(_, let t): pc = Int(branches[Int(t)].otherwise)
                    case .jump(let to): pc = Int(to)
                    case .leave: return total
                    default: pc += 1
                    }
                }
                return total
            default: return 0
            }
        }
    }

    /// Without an explicit `treatment: true`, the first use step is the treatment.
    mutating func markDefaultTreatment() {
        guard !explicitTreatment, let i = program.firstIndex(where: { if case .use = $0 { true } else { false } }),
              case .use(let r, let d, _) = program[i] else { return }
        program[i] = .use(resource: r, draw: d, treatment: true)
    }
}
