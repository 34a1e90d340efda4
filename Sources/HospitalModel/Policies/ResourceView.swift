import HospitalScenario
import SimKernel

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
