import HospitalScenario
import SimKernel
/// An allocation policy: who gets a unit of a resource, and which unit.
///
/// The simulation asks a resource's policy at two moments:
/// - a patient requests the resource: `unit(for:in:)` names the free unit it takes, or nil to make
///   it wait (or be blocked, when the queue is full) although a unit may be free;
/// - a unit has just become free (or come on shift): `next(for:in:)` names the class whose
///   longest-waiting patient gets it, or nil to leave it idle.
///
/// Policies are immutable values, made once from their parameters when the scenario is loaded,
/// and shared by all replications; everything that changes lives in the simulation. Within a
/// class, patients are always served in order of arrival at the queue, so a policy only ever
/// chooses between the heads of the class queues (`ResourceView.head(ofClass:)`). That keeps each
/// decision O(classes) and free of allocation.
///
/// To add one: write a type conforming to this protocol in its own file under
/// `Sources/HospitalModel/Policies/`, and add it to `PolicyRegistry.types`. `docs/policies.md`
/// walks through an example.
public protocol AllocationPolicy: Sendable {
    /// The name a scenario uses (`policy: {name: ...}` or a resource's `discipline`).
    static var name: String { get }
    /// One line: what it models.
    static var summary: String { get }
    /// The parameter keys it accepts besides `name`.
    static var parameterKeys: [String] { get }

    /// Reads the policy's parameters. Report problems through `arguments` and return nil.
    init?(_ arguments: PolicyArguments)

    /// The free unit a requesting patient takes, or nil to wait. Default: the lowest free unit.
    func unit(for applicant: Applicant, in resource: ResourceView) -> Int32?

    /// The class whose head of queue gets `unit`, or nil to leave the unit idle.
    func next(for unit: Int32, in resource: ResourceView) -> Int?

    /// Whether an applicant more urgent than a patient in service may interrupt it
    /// (preemptive-resume). Default: false.
    var preemptive: Bool { get }

    /// Extra units called in while the queue stays long, or nil. Default: nil.
    var surge: SurgeRule? { get }
}

extension AllocationPolicy {
    public func unit(for applicant: Applicant, in resource: ResourceView) -> Int32? {
        resource.lowestFreeUnit()
    }
    public var preemptive: Bool { false }
    public var surge: SurgeRule? { nil }
    /// The policy's name, from an instance.
    public var name: String { Self.name }
}

/// A patient asking for a unit.
public struct Applicant: Sendable {
    public var classIndex: Int
    public var priority: Int
    /// Mean duration of the step it requests the unit for (of the hold, for a seize).
    public var expectedService: Double

    @inlinable
    public init(classIndex: Int, priority: Int, expectedService: Double) {
        self.classIndex = classIndex
        self.priority = priority
        self.expectedService = expectedService
    }
}

/// The longest-waiting patient of one class in a resource's queue.
public struct WaitingHead: Sendable {
    public var patient: Int32
    public var classIndex: Int
    public var priority: Int
    /// When it joined this queue.
    public var since: Double
    /// Order of joining, across classes: smaller joined earlier.
    public var sequence: UInt64
    /// Mean duration of the step it waits for.
    public var expectedService: Double

    @inlinable
    public init(patient: Int32, classIndex: Int, priority: Int, since: Double, sequence: UInt64, expectedService: Double) {
        self.patient = patient
        self.classIndex = classIndex
        self.priority = priority
        self.since = since
        self.sequence = sequence
        self.expectedService = expectedService
    }
}

/// What a policy sees of a resource when it decides. Valid only during the call.
public struct ResourceView {
    public let now: Double
    /// Units on shift now (rostered, plus any called in by a surge).
    public let capacity: Int
    public let busyUnits: Int
    /// Units free and on shift.
    public let freeUnits: Int
    /// Patients waiting, in all classes.
    public let queueLength: Int
    let freeBits: UnsafeBufferPointer<UInt64>
    let unitCount: Int
    let heads: UnsafeBufferPointer<WaitingHead>
    let waitingByClass: UnsafeBufferPointer<Int>

    /// The simulation's view of resource state; the buffers must outlive the policy's call.
    package init(now: Double, capacity: Int, busyUnits: Int, freeUnits: Int, queueLength: Int, freeBits: UnsafeBufferPointer<UInt64>,
                 unitCount: Int, heads: UnsafeBufferPointer<WaitingHead>, waitingByClass: UnsafeBufferPointer<Int>) {
        self.now = now
        self.capacity = capacity
        self.busyUnits = busyUnits
        self.freeUnits = freeUnits
        self.queueLength = queueLength
        self.freeBits = freeBits
        self.unitCount = unitCount
        self.heads = heads
        self.waitingByClass = waitingByClass
    }

    public var classCount: Int { waitingByClass.count }

    public func isFree(_ unit: Int32) -> Bool {
        freeBits[Int(unit) >> 6] & (1 << UInt64(unit & 63)) != 0
    }

    /// The lowest-numbered free unit in `units` (all units by default).
    public func lowestFreeUnit(in units: Range<Int32>? = nil) -> Int32? {
        let r = units ?? 0..<Int32(unitCount)
        return freeBits.lowestSetBit(from: Int(r.lowerBound), to: min(Int(r.upperBound), unitCount)).map(Int32.init)
    }

    /// Patients of class `c` waiting.
    public func waiting(ofClass c: Int) -> Int { waitingByClass[c] }

    /// The head of class `c`'s queue; only filled in for `next(for:in:)`.
    public func head(ofClass c: Int) -> WaitingHead? {
        guard c < heads.count, heads[c].patient >= 0 else { return nil }
        return heads[c]
    }

    /// The class of the head that comes first by `isBefore`, among classes where `include` holds.
    public func firstHead(where include: (Int) -> Bool = { _ in true },
                          by isBefore: (WaitingHead, WaitingHead) -> Bool) -> Int? {
        var best: WaitingHead?
        for h in heads where h.patient >= 0 && include(h.classIndex) {
            if let b = best { if isBefore(h, b) { best = h } } else { best = h }
        }
        return best?.classIndex
    }

    /// First come, first served across the given classes.
    public func earliestHead(where include: (Int) -> Bool = { _ in true }) -> Int? {
        firstHead(where: include) { $0.sequence < $1.sequence }
    }

    /// Most urgent class first, then first come, first served.
    public func mostUrgentHead(where include: (Int) -> Bool = { _ in true }) -> Int? {
        firstHead(where: include) { ($0.priority, $0.sequence) < ($1.priority, $1.sequence) }
    }
}
