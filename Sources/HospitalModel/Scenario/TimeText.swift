import Foundation

/// Times and rates written as text: `30`, `"30 min"`, `"30min"`, `"2.5 hour"`, `"10 per hour"`,
/// `"10/h"`.
public enum TimeText {
    public static let unitMinutes: [String: Double] = [
        "s": 1.0 / 60, "sec": 1.0 / 60, "secs": 1.0 / 60, "second": 1.0 / 60, "seconds": 1.0 / 60,
        "min": 1, "mins": 1, "minute": 1, "minutes": 1,
        "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
        "d": 1440, "day": 1440, "days": 1440, "wk": 10080, "wks": 10080, "week": 10080, "weeks": 10080,
    ]

    /// Minutes in the named unit, or a message saying what is wrong.
    public static func minutes(of unit: String) -> Result<Double, TimeTextError> {
        let u = unit.lowercased()
        if let m = unitMinutes[u] { return .success(m) }
        // "m" is nearest "h" by spelling, but a minute (or a month) is what was meant.
        let hint = (u == "m" ? "min" : suggestion(for: u, among: unitMinutes.keys.sorted())).map { "; did you mean '\($0)'?" } ?? ""
        return .failure(TimeTextError(message: "unknown time unit \(quoted(unit))\(hint) (use s, min, h, day or week)"))
    }

    /// A number and its unit, written with blanks between (`30 min`) or without (`30min`, `1.5h`).
    static func numberAndUnit(_ t: String) -> (number: Substring, unit: Substring)? {
        let parts = t.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if parts.count == 2 { return (parts[0], parts[1]) }
        guard parts.count == 1, let start = t.lastIndex(where: { !$0.isLetter }).map(t.index(after:)),
              start > t.startIndex, start < t.endIndex else { return nil }
        return (t[..<start], t[start...])
    }

    /// A non-negative duration in `unit`: a bare number is already in `unit`.
    public static func duration(_ text: String, unit: TimeUnit) -> Result<Double, TimeTextError> {
        let t = text.trimmingBlanks()
        if let x = Double(t), x.isFinite {
            return x >= 0 ? .success(x) : .failure(TimeTextError(message: "a time must not be negative, got \(quoted(t))"))
        }
        guard let (number, word) = numberAndUnit(t), let x = Double(number), x.isFinite else {
            return .failure(TimeTextError(message: "expected a time such as 30 or \"30 min\", got \(quoted(t))"))
        }
        guard x >= 0 else { return .failure(TimeTextError(message: "a time must not be negative, got \(quoted(t))")) }
        return minutes(of: String(word)).map { x * $0 / unit.minutes }
    }

    /// A positive rate per `unit`: a bare number is already per `unit`.
    public static func rate(_ text: String, unit: TimeUnit) -> Result<Double, TimeTextError> {
        let t = text.trimmingBlanks()
        var value: Double?
        if let x = Double(t) {
            value = x
        } else {
            // "10 per hour", or "10/hour" and "10 / h" as a person writes them.
            var parts = t.split(separator: " ", omittingEmptySubsequences: true)
            if let slash = t.firstIndex(of: "/") {
                let per = t[t.index(after: slash)...].trimmingBlanks()
                parts = per.isEmpty ? [] : [t[..<slash].trimmingBlanks()[...], "per", per[...]]
            }
            if parts.count == 3, parts[1] == "per", let x = Double(parts[0]) {
                switch minutes(of: String(parts[2])) {
                case .success(let m): value = x / m * unit.minutes
                case .failure(let e): return .failure(e)
                }
            }
        }
        guard let value, value.isFinite else {
            return .failure(TimeTextError(message: "expected a rate such as 4 or \"10 per hour\", got \(quoted(t))"))
        }
        guard value > 0 else { return .failure(TimeTextError(message: "a rate must be positive, got \(quoted(t))")) }
        return .success(value)
    }
}

public struct TimeTextError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}
