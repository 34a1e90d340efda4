/// A daily staffing roster as capacity change points.
public struct Roster: Sendable, Equatable {
    /// (minute of the day, capacity from then on), sorted, the first at minute 0.
    public var changes: [(minute: Int, capacity: Int)]

    public static func == (a: Roster, b: Roster) -> Bool {
        a.changes.map(\.minute) == b.changes.map(\.minute) && a.changes.map(\.capacity) == b.changes.map(\.capacity)
    }

    /// The staffed capacity of each minute of the day, nil where no shift covers it.
    /// Overlapping shifts add up; a shift whose end is not after its start runs past midnight,
    /// and one that starts where it ends covers the whole day.
    static func minuteCapacities(_ shifts: [Shift]) -> [Int?] {
        var capacity = [Int?](repeating: nil, count: 1440)
        for shift in shifts {
            let length = shift.to > shift.from ? shift.to - shift.from : shift.to + 1440 - shift.from
            for k in 0..<length {
                let m = (shift.from + k) % 1440
                capacity[m] = (capacity[m] ?? 0) + shift.capacity
            }
        }
        return capacity
    }

    init(shifts: [Shift]) {
        let perMinute = Roster.minuteCapacities(shifts).map { $0 ?? 0 }
        var changes: [(Int, Int)] = [(0, perMinute[0])]
        for m in 1..<1440 where perMinute[m] != perMinute[m - 1] { changes.append((m, perMinute[m])) }
        self.changes = changes
    }

    /// The time-average capacity over a day.
    public var meanCapacity: Double {
        var total = 0.0
        for (i, c) in changes.enumerated() {
            let end = i + 1 < changes.count ? changes[i + 1].minute : 1440
            total += Double(c.capacity * (end - c.minute))
        }
        return total / 1440
    }
}
