import Foundation
import SimKernel

/// A time of day, on some days of the week, whose patients and hours have metrics of their own
/// (`window.NAME.*`). Boundaries fall on the hour; a window whose end is not after its start
/// runs past midnight, and `days` are the days it starts on (all when nil).
public struct TimeWindow: Sendable, Equatable {
    public static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    public var name: String
    /// Start and end, in minutes from midnight.
    public var from: Int
    public var to: Int
    /// Days it starts on, 0 = Monday (day 1 of a run is a Monday); nil: every day.
    public var days: Set<Int>?

    public init(name: String, from: Int, to: Int, days: Set<Int>?) {
        self.name = name
        self.from = from
        self.to = to
        self.days = days
    }

    /// Whether the minute `m` of the week (0 = Monday 00:00) lies in the window.
    public func contains(minuteOfWeek m: Int) -> Bool {
        let day = m / 1440, minute = m % 1440
        let starts = { (d: Int) in self.days?.contains((d + 7) % 7) ?? true }
        if from < to { return minute >= from && minute < to && starts(day) }
        // Past midnight (or the whole day when from == to): the evening part starts today, the
        // morning part started yesterday.
        return (minute >= from && starts(day)) || (minute < to && starts(day - 1))
    }

    /// The hours of the week (0 = Monday 00:00-01:00) in the window.
    public var hoursOfWeek: [Int] { (0..<168).filter { contains(minuteOfWeek: $0 * 60) } }
}
