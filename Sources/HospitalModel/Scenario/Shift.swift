/// One shift of a roster: when it starts and ends each day it works, and the units on duty.
public struct Shift: Sendable, Equatable {
    /// Start and end as minutes after midnight (end may be <= start: the shift runs overnight).
    public var from: Int
    public var to: Int
    public var capacity: Int
    /// The days it starts on, 0 = Monday; nil: every day. A roster with any such shift repeats
    /// weekly instead of daily.
    public var days: Set<Int>? = nil

    public init(from: Int, to: Int, capacity: Int, days: Set<Int>? = nil) {
        self.from = from
        self.to = to
        self.capacity = capacity
        self.days = days
    }
}
