import Foundation
import HospitalScenario

/// Shifts a roster may be made of (one `--shifts` text): the allowed start times and lengths,
/// the days they may start on, how many staff each such shift may have, and what an hour of it
/// costs. Every start and length is a whole number of hours, as the requirement is hourly.
///
///     start=07:00,19:00;length=12h;days=mon-fri;min=1;max=20;cost=60
public struct ShiftPattern: Sendable, Equatable {
    /// Start times in hours after midnight.
    public var starts: [Int]
    /// Lengths in hours, 1 to 24.
    public var lengths: [Int]
    /// The days a shift may start on (0 = Monday); nil: every day.
    public var days: Set<Int>?
    /// Staff on each shift of the pattern (each start, length and day): at least, at most.
    public var minimum = 0
    public var maximum: Int?
    /// Cost of a staff hour on this pattern before premiums; nil: the study's rate.
    public var costPerHour: Double?

    public static let keys = ["start", "length", "days", "min", "max", "cost"]

    public init(starts: [Int], lengths: [Int], days: Set<Int>? = nil, minimum: Int = 0, maximum: Int? = nil, costPerHour: Double? = nil) {
        self.starts = starts
        self.lengths = lengths
        self.days = days
        self.minimum = minimum
        self.maximum = maximum
        self.costPerHour = costPerHour
    }

    /// Reads a pattern: `key=value` fields separated by `;`. `start` is a list of clock times on
    /// the hour, or `any` (every hour); `length` a list such as `8h,12h`; `days` a list of days
    /// or ranges (`mon-fri`, `sat,sun`), `weekdays` or `weekend`.
    public static func parse(_ text: String) -> Result<ShiftPattern, ShiftPatternError> {
        var fields: [String: String] = [:]
        for part in text.split(separator: ";", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingBlanks() }
            guard pair.count == 2, !pair[1].isEmpty else {
                return .failure(ShiftPatternError("expected key=value, got \(quoted(String(part)))"))
            }
            let key = pair[0].lowercased()
            guard keys.contains(key) else {
                let hint = suggestion(for: key, among: keys).map { "; did you mean '\($0)'?" } ?? ""
                return .failure(ShiftPatternError("unknown key \(quoted(pair[0]))\(hint) (keys: \(keys.joined(separator: ", ")))"))
            }
            guard fields[key] == nil else { return .failure(ShiftPatternError("\(key) is given twice")) }
            fields[key] = pair[1]
        }
        guard let startText = fields["start"] else { return .failure(ShiftPatternError("a shift pattern needs start= (clock times, or any)")) }
        guard let lengthText = fields["length"] else { return .failure(ShiftPatternError("a shift pattern needs length= (such as 8h,12h)")) }
        var pattern = ShiftPattern(starts: [], lengths: [])
        if startText.lowercased() == "any" {
            pattern.starts = Array(0..<24)
        } else {
            for item in list(startText) {
                guard let h = clockHour(item) else {
                    return .failure(ShiftPatternError("start \(quoted(item)) is not a clock time on the hour such as 07:00"))
                }
                if !pattern.starts.contains(h) { pattern.starts.append(h) }
            }
        }
        for item in list(lengthText) {
            guard let h = lengthHours(item) else {
                return .failure(ShiftPatternError("length \(quoted(item)) is not a whole number of hours from 1h to 24h"))
            }
            if !pattern.lengths.contains(h) { pattern.lengths.append(h) }
        }
        if let d = fields["days"] {
            switch days(d) {
            case .success(let set): pattern.days = set
            case .failure(let e): return .failure(e)
            }
        }
        if let m = fields["min"] {
            guard let n = Int(m), (0...100_000).contains(n) else { return .failure(ShiftPatternError("min must be a whole number 0 to 100000, got \(quoted(m))")) }
            pattern.minimum = n
        }
        if let m = fields["max"] {
            guard let n = Int(m), (0...100_000).contains(n) else { return .failure(ShiftPatternError("max must be a whole number 0 to 100000, got \(quoted(m))")) }
            guard n >= pattern.minimum else { return .failure(ShiftPatternError("max \(n) is below min \(pattern.minimum)")) }
            pattern.maximum = n
        }
        if let c = fields["cost"] {
            guard let x = Double(c), x.isFinite, x >= 0, x <= 1e9 else {
                return .failure(ShiftPatternError("cost must be a number 0 to 1e9 (per staff hour), got \(quoted(c))"))
            }
            pattern.costPerHour = x
        }
        return .success(pattern)
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
    }

    /// "07:00" or "7:00" -> 7; nil unless on the hour.
    public static func clockHour(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), parts[1].count == 2,
              (0..<24).contains(h), m == 0 else { return nil }
        return h
    }

    /// "8h", "8 h", "8 hours", "480 min", "8" -> 8; nil unless whole hours 1 to 24.
    static func lengthHours(_ text: String) -> Int? {
        let t = text.lowercased().replacingOccurrences(of: " ", with: "")
        let digits = t.prefix { $0.isNumber || $0 == "." }
        guard let x = Double(digits), x.isFinite else { return nil }
        let unit = String(t.dropFirst(digits.count))
        let minutes: Double
        switch unit {
        case "", "h", "hr", "hour", "hours": minutes = x * 60
        case "min", "mins", "minute", "minutes": minutes = x
        default: return nil
        }
        guard minutes >= 60, minutes <= 1440, minutes.truncatingRemainder(dividingBy: 60) == 0 else { return nil }
        return Int(minutes / 60)
    }

    static func days(_ text: String) -> Result<Set<Int>, ShiftPatternError> {
        let names = TimeWindow.dayNames
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        func day(_ s: String) -> Int? { names.firstIndex(of: s) ?? full.firstIndex(of: s) }
        var set = Set<Int>()
        for item in list(text.lowercased()) {
            switch item {
            case "weekdays": set.formUnion(0..<5); continue
            case "weekend": set.formUnion(5..<7); continue
            default: break
            }
            let ends = item.split(separator: "-").map(String.init)
            guard (1...2).contains(ends.count), let a = day(ends[0]), let b = day(ends.last!) else {
                let hint = suggestion(for: item, among: names + full + ["weekdays", "weekend"]).map { "; did you mean '\($0)'?" } ?? ""
                return .failure(ShiftPatternError("unknown day \(quoted(item))\(hint) (mon ... sun, a range such as mon-fri, weekdays or weekend)"))
            }
            // A range may run through Sunday into Monday (fri-mon).
            var d = a
            while true {
                set.insert(d)
                if d == b { break }
                d = (d + 1) % 7
            }
        }
        guard !set.isEmpty else { return .failure(ShiftPatternError("days names no day")) }
        return .success(set)
    }
}

public struct ShiftPatternError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}
