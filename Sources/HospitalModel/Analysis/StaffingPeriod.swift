import Foundation
import HospitalScenario

/// The hours a staffing requirement is given for: the hours of a day, or of a week from Monday
/// 00:00 (day 1 of a run is a Monday).
public enum StaffingPeriod: String, Sendable, CaseIterable {
    case day, week

    public var hours: Int { self == .day ? 24 : 168 }

    /// "mon 07:00", or "07:00" for a day period.
    public func label(hour h: Int) -> String {
        self == .day ? Self.clock(hour: h) : TimeWindow.dayNames[h / 24] + " " + Self.clock(hour: h)
    }

    /// The clock time at which hour `h` (of a day or a week) starts: "07:00".
    public static func clock(hour h: Int) -> String { String(format: "%02d:00", h % 24) }
}
