import Foundation
import HospitalScenario

/// A roster that covers an hour-by-hour staffing requirement at least cost: the shifts allowed
/// by `ShiftPattern`s as the columns of an integer covering program (`CoveringProgram`), one
/// row per hour of the period. Shifts wrap round the period (a Sunday night shift runs into
/// Monday morning).
public struct RosterDesign: Sendable {
    public struct Shift: Sendable, Equatable {
        /// Hours after midnight.
        public var start: Int
        public var length: Int
        /// The days it starts on (0 = Monday), in order; every day for a day period.
        public var days: [Int]
        /// Staff on each of these shifts.
        public var count: Int
    }

    public var period: StaffingPeriod
    /// The shifts worked, by start, length and then first day; shifts with the same start,
    /// length and count on several days are one entry.
    public var shifts: [Shift]
    /// The cost of one period (a day or a week) of the roster.
    public var cost: Double
    public var status: CoveringProgram.Status
    /// The best lower bound proved on the cost (equal to it when optimal).
    public var bound: Double
    /// Staff on duty in each hour of the period.
    public var coverage: [Int]

    /// One column of the program: a shift of some pattern, starting on one day.
    struct Candidate {
        var start: Int, length: Int, day: Int?, pattern: Int
    }

    static func candidates(_ patterns: [ShiftPattern], period: StaffingPeriod) -> [Candidate] {
        var out: [Candidate] = []
        for (k, p) in patterns.enumerated() {
            for start in p.starts {
                for length in p.lengths {
                    if period == .day {
                        out.append(Candidate(start: start, length: length, day: nil, pattern: k))
                    } else {
                        for d in (p.days ?? Set(0..<7)).sorted() {
                            out.append(Candidate(start: start, length: length, day: d, pattern: k))
                        }
                    }
                }
            }
        }
        return out
    }

    /// The hours of the period a candidate covers (with repeats when it wraps onto itself).
    static func hours(of c: Candidate, period: StaffingPeriod) -> [Int] {
        let first = (c.day ?? 0) * 24 + c.start
        return (0..<c.length).map { (first + $0) % period.hours }
    }

    /// The least-cost roster meeting `requirement` (staff per hour of `period`).
    public static func design(requirement: [Int], period: StaffingPeriod, patterns: [ShiftPattern], rates: ShiftRates,
                              timeLimit: Double = 60) -> Result<RosterDesign, ShiftPatternError> {
        guard requirement.count == period.hours else {
            return .failure(ShiftPatternError("the requirement has \(requirement.count) hours; a \(period.rawValue) has \(period.hours)"))
        }
        if period == .day, patterns.contains(where: { $0.days != nil }) {
            return .failure(ShiftPatternError("days= needs a week period (--period week)"))
        }
        if period == .day, rates.weekendPremium != 0 {
            return .failure(ShiftPatternError("a weekend premium needs a week period (--period week)"))
        }
        let candidates = candidates(patterns, period: period)
        let columns = candidates.map { c -> CoveringProgram.Column in
            let rate = patterns[c.pattern].costPerHour ?? rates.perHour
            let covered = hours(of: c, period: period)
            let cost = covered.reduce(0.0) { $0 + rate * rates.factor(hour: $1, period: period) }
            return CoveringProgram.Column(cost: cost, rows: covered, lower: patterns[c.pattern].minimum, upper: patterns[c.pattern].maximum)
        }
        let program = CoveringProgram(requirements: requirement, columns: columns)
        switch program.solve(timeLimit: timeLimit) {
        case .failure(.uncoverable(let rows)):
            let named = rows.prefix(6).map { "\(period.label(hour: $0.row)) needs \($0.required), the shifts allow at most \($0.most)" }
            return .failure(ShiftPatternError("no roster of these shifts covers the requirement: " + named.joined(separator: "; ")
                                              + (rows.count > 6 ? "; and \(rows.count - 6) more hours" : "")))
        case .failure(.infeasible):
            return .failure(ShiftPatternError("no roster meets both the requirement and the shifts' min= and max="))
        case .failure(.solverFailed(let code)):
            return .failure(ShiftPatternError("the integer program solver (GLPK) failed (code \(code))"))
        case .success(let solution):
            var coverage = [Int](repeating: 0, count: period.hours)
            var byShift: [String: (start: Int, length: Int, days: [Int: Int])] = [:]
            for (c, n) in zip(candidates, solution.counts) where n > 0 {
                for h in hours(of: c, period: period) { coverage[h] += n }
                let key = "\(c.start)/\(c.length)"
                byShift[key, default: (c.start, c.length, [:])].days[c.day ?? -1, default: 0] += n
            }
            var shifts: [Shift] = []
            for (start, length, days) in byShift.values {
                // Days with the same count become one entry.
                var byCount: [Int: [Int]] = [:]
                for (d, n) in days { byCount[n, default: []].append(d) }
                for (n, ds) in byCount {
                    shifts.append(Shift(start: start, length: length, days: ds.contains(-1) ? Array(0..<7) : ds.sorted(), count: n))
                }
            }
            shifts.sort { ($0.start, $0.length, $0.days.first ?? 0) < ($1.start, $1.length, $1.days.first ?? 0) }
            return .success(RosterDesign(period: period, shifts: shifts, cost: solution.cost, status: solution.status,
                                         bound: solution.bound, coverage: coverage))
        }
    }

    /// The roster as a resource's `shifts:`: each shift with its days (none for a day period),
    /// over a whole-period shift of capacity 0, so that every minute is covered.
    public var scenarioShifts: [HospitalScenario.Shift] {
        var out = [HospitalScenario.Shift(from: 0, to: 0, capacity: 0, days: nil)]
        for s in shifts {
            out.append(HospitalScenario.Shift(from: s.start * 60, to: (s.start + s.length) % 24 * 60, capacity: s.count,
                                              days: period == .day ? nil : Set(s.days)))
        }
        return out
    }
}
