/// A staffing roster as capacity change points: daily, or weekly from Monday 00:00 when a
/// shift names days.
public struct Roster: Sendable, Equatable {
    /// (minute of the period, capacity from then on), sorted, the first at minute 0.
    public var changes: [(minute: Int, capacity: Int)]
    /// Minutes before it repeats: 1440 (a day) or 10080 (a week).
    public var period: Int

    public static func == (a: Roster, b: Roster) -> Bool {
        a.period == b.period && a.changes.map(\.minute) == b.changes.map(\.minute) && a.changes.map(\.capacity) == b.changes.map(\.capacity)
    }

    /// The staffed capacity of each minute of the period (a day, or a week from Monday 00:00
    /// when some shift names days), nil where no shift covers it. Overlapping shifts add up; a
    /// shift whose end is not after its start runs past midnight into the next day, and one
    /// that starts where it ends covers the whole day.
    public static func minuteCapacities(_ shifts: [Shift]) -> [Int?] {
        let period = shifts.contains { $0.days != nil } ? 10080 : 1440
        var capacity = [Int?](repeating: nil, count: period)
        for shift in shifts {
            let length = shift.to > shift.from ? shift.to - shift.from : shift.to + 1440 - shift.from
            let starts = period == 1440 ? [0] : (shift.days ?? Set(0..<7)).sorted().map { $0 * 1440 }
            for start in starts {
                for k in 0..<length {
                    let m = (start + shift.from + k) % period
                    capacity[m] = (capacity[m] ?? 0) + shift.capacity
                }
            }
        }
        return capacity
    }

    public init(shifts: [Shift]) {
        let perMinute = Roster.minuteCapacities(shifts).map { $0 ?? 0 }
        var changes: [(Int, Int)] = [(0, perMinute[0])]
        for m in 1..<perMinute.count where perMinute[m] != perMinute[m - 1] { changes.append((m, perMinute[m])) }
        self.changes = changes
        period = perMinute.count
    }

    /// The time-average capacity over the period.
    public var meanCapacity: Double {
        var total = 0.0
        for (i, c) in changes.enumerated() {
            let end = i + 1 < changes.count ? changes[i + 1].minute : period
            total += Double(c.capacity * (end - c.minute))
        }
        return total / Double(period)
    }
}
