/// One scheduled event: a small value, so that the event list is a flat array with no
/// allocation per event. What `kind` and `subject` mean is up to the model (for example the
/// kind of happening and the index of the patient it concerns).
public struct Event: Sendable, Equatable {
    public var time: Double
    /// Insertion order: ties in time run first-in first-out.
    public var sequence: UInt64
    public var kind: Int32
    public var subject: Int32

    @inlinable
    public init(time: Double, sequence: UInt64, kind: Int32, subject: Int32) {
        self.time = time
        self.sequence = sequence
        self.kind = kind
        self.subject = subject
    }

    /// Whether `a` runs before `b`: earlier, or as early and scheduled first.
    public static func precedesForInspection(_ a: Event, _ b: Event) -> Bool { precedes(a, b) }

    @inlinable
    static func precedes(_ a: Event, _ b: Event) -> Bool { a.key < b.key }

    /// (time, sequence) as one unsigned integer, so that ordering two events is a single wide
    /// comparison with no branch. A non-negative double's bit pattern orders like the double
    /// (event times are never negative; the sign bit is cleared so that -0 sorts as 0).
    @inlinable
    var key: UInt128 {
        UInt128(time.bitPattern & 0x7FFF_FFFF_FFFF_FFFF) << 64 | UInt128(sequence)
    }
}
