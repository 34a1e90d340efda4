import Foundation
import HospitalAnalysis
import HospitalScenario
import SimKernel

/// The JSON document of `simrun staff`. At the top, the primary method's `requirement` (staff
/// per hour of the period), `achieved` (the target's measure per hour at it, with intervals)
/// and `roster`; `methods` has every method compared in the same shape, `current` the
/// scenario's own staffing. Hours count from 00:00 (a week's from Monday 00:00); times are in
/// `time_unit`.
public struct StaffingDocument: Codable, Sendable {
    public typealias Interval = DocumentInterval

    public struct Target: Codable, Sendable {
        public var metric: String
        public var op: String
        public var value: DocumentNumber
        public var written: String
    }

    public struct Rates: Codable, Sendable {
        public var perHour: DocumentNumber
        public var nightPremium: DocumentNumber
        public var weekendPremium: DocumentNumber
        public var night: String
        enum CodingKeys: String, CodingKey { case perHour = "per_hour", nightPremium = "night_premium", weekendPremium = "weekend_premium", night }
    }

    public struct Shift: Codable, Sendable {
        public var start: String
        public var length: String
        public var days: [String]
        public var count: Int
    }

    public struct Roster: Codable, Sendable {
        public var shifts: [Shift]
        /// Per period (a day or a week).
        public var cost: DocumentNumber
        /// "optimal", or "time limit" when the solver stopped first (then `bound` is below `cost`).
        public var status: String
        public var bound: DocumentNumber
        /// Staff on duty per hour.
        public var coverage: [Int]
        public var achieved: [Interval]
        public var missed: [Int]
        /// Why the roster's simulation could not finish, when it could not.
        public var failure: String?
        public var measures: DocumentMap<[Interval]>?
    }

    public struct Method: Codable, Sendable {
        public var method: String
        public var requirement: [Int]
        /// What staffing exactly to the requirement hour by hour would cost per period.
        public var cost: DocumentNumber
        public var achieved: [Interval]
        public var missed: [Int]
        public var failure: String?
        public var roster: Roster?
        /// The iterative algorithm's requirement at each simulation, and why it stopped.
        public var iterations: [[Int]]?
        public var ended: String?
        public var measures: DocumentMap<[Interval]>?
    }

    public struct Current: Codable, Sendable {
        /// Mean staff on duty per hour; null for an infinite resource.
        public var staff: [DocumentNumber]?
        public var cost: DocumentNumber?
        public var achieved: [Interval]
        public var missed: [Int]
        public var failure: String?
        public var measures: DocumentMap<[Interval]>?
    }

    /// Always "staffing": marks the document.
    public var kind = "staffing"
    public var scenario: String
    public var resource: String
    public var period: String
    public var timeUnit: String
    public var target: Target
    public var rates: Rates
    public var replications: Int
    public var replicationsRun: Int
    /// Clock labels of the hours ("mon 07:00", or "07:00" for a day).
    public var hours: [String]
    /// Requests per clock hour, and busy units with ample staff.
    public var arrivals: [Interval]
    public var offeredLoad: [Interval]
    public var meanHold: DocumentNumber
    public var method: String
    public var requirement: [Int]
    public var achieved: [Interval]
    public var missed: [Int]
    public var roster: Roster?
    /// Every hourly measure at the first method's requirement, by metric name.
    public var measures: DocumentMap<[Interval]>?
    public var current: Current
    public var methods: [Method]

    enum CodingKeys: String, CodingKey {
        case kind, scenario, resource, period, timeUnit = "time_unit", target, rates, replications
        case replicationsRun = "replications_run", hours, arrivals, offeredLoad = "offered_load", meanHold = "mean_hold"
        case method, requirement, achieved, missed, roster, measures, current, methods
    }

    public static let layout = DocumentLayout(
        blocks: [[], ["methods"], ["methods", "*"], ["current"], ["roster"], ["roster", "shifts"], ["methods", "*", "roster"],
                 ["methods", "*", "roster", "shifts"], ["methods", "*", "iterations"]],
        tight: [["requirement"], ["missed"], ["methods", "*", "requirement"], ["methods", "*", "missed"], ["roster", "coverage"],
                ["methods", "*", "roster", "coverage"], ["methods", "*", "iterations", "*"]],
        lines: [["scenario", "resource", "period", "time_unit"], ["replications", "replications_run", "mean_hold"]])

    public init(_ o: StaffingOutcome) {
        func intervals(_ s: [Summary]) -> [Interval] { s.map(Interval.init) }
        func named(_ v: StaffingOutcome.Verified) -> DocumentMap<[Interval]>? {
            v.measures.map { m in DocumentMap(m.named.map { ($0.name, intervals($0.values)) }) }
        }
        func rosterDocument(_ r: StaffingOutcome.Roster) -> Roster {
            let d = r.design
            return Roster(shifts: d.shifts.map { Shift(start: StaffingPeriod.clock(hour: $0.start), length: "\($0.length)h", days: $0.days.map { TimeWindow.dayNames[$0] }, count: $0.count) },
                          cost: DocumentNumber(d.cost), status: d.status.rawValue, bound: DocumentNumber(d.bound), coverage: d.coverage,
                          achieved: intervals(r.verified.achieved), missed: r.verified.missed, failure: r.verified.failure,
                          measures: named(r.verified))
        }
        scenario = o.scenario
        resource = o.resource
        period = o.period.rawValue
        timeUnit = o.timeUnit.rawValue
        target = Target(metric: o.target.metric, op: o.target.atLeast ? ">=" : "<=", value: DocumentNumber(o.target.value), written: o.target.written)
        rates = Rates(perHour: DocumentNumber(o.rates.perHour), nightPremium: DocumentNumber(o.rates.nightPremium),
                      weekendPremium: DocumentNumber(o.rates.weekendPremium), night: StaffingPeriod.clock(hour: o.rates.nightFrom) + "-" + StaffingPeriod.clock(hour: o.rates.nightTo))
        replications = o.replications
        replicationsRun = o.replicationsRun
        hours = (0..<o.period.hours).map { o.period.label(hour: $0) }
        arrivals = intervals(o.arrivals)
        offeredLoad = intervals(o.offeredLoad)
        meanHold = DocumentNumber(o.meanHold)
        methods = o.plans.map { (p: StaffingOutcome.Plan) -> Method in
            let rostered: Roster? = p.roster.map(rosterDocument)
            let iterations: [[Int]]? = p.method == .isa ? p.iterations : nil
            return Method(method: p.method.rawValue, requirement: p.requirement, cost: DocumentNumber(p.cost),
                          achieved: intervals(p.verified.achieved), missed: p.verified.missed, failure: p.verified.failure,
                          roster: rostered, iterations: iterations, ended: p.ended, measures: named(p.verified))
        }
        let primary = methods[0]
        method = primary.method
        requirement = primary.requirement
        achieved = primary.achieved
        missed = primary.missed
        roster = primary.roster
        measures = primary.measures
        let staff: [DocumentNumber]? = o.current.staff.map { (x: [Double]) in x.map { DocumentNumber($0) } }
        let cost: DocumentNumber? = o.current.cost.map { DocumentNumber($0) }
        current = Current(staff: staff, cost: cost,
                          achieved: intervals(o.current.verified.achieved), missed: o.current.verified.missed, failure: o.current.verified.failure,
                          measures: named(o.current.verified))
    }

    public var json: String { DocumentEncoder.json(self, layout: Self.layout) }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> StaffingDocument {
        let doc = try DocumentReader.decode(StaffingDocument.self, from: data, file: file, what: "a staffing study")
        try DocumentReader.require(doc.replications >= 1, in: data, file: file, at: "replications", "replications must be at least 1")
        try DocumentReader.require(doc.hours.count == 24 || doc.hours.count == 168, in: data, file: file, at: "hours", "a staffing study has 24 or 168 hours")
        try DocumentReader.require(doc.requirement.count == doc.hours.count, in: data, file: file, at: "requirement", "one requirement per hour")
        try DocumentReader.require(!doc.methods.isEmpty, in: data, file: file, at: "methods", "a staffing study has at least one method")
        return doc
    }

    /// One row per hour of the period: its label, the requests per hour, the offered load,
    /// today's staff and the target's measure under it, then for each method its requirement,
    /// the measure at it, and (with a roster) the roster's staff and the measure under it; each
    /// measure with its 95% half width. Empty cells where a staffing could not be simulated.
    public var csv: String {
        let metric = target.metric
        func interval(_ xs: [Interval], _ h: Int) -> String {
            h < xs.count ? CSV.number(xs[h].mean.value) + "," + CSV.number(xs[h].halfWidth.value) : ","
        }
        var header = ["hour", "label", "arrivals", "offered_load", "today_staff", "today_\(metric)", "today_\(metric)_half_width"]
        for m in methods {
            header += ["\(m.method)_requirement", "\(m.method)_\(metric)", "\(m.method)_\(metric)_half_width"]
            if m.roster != nil { header += ["\(m.method)_roster", "\(m.method)_roster_\(metric)", "\(m.method)_roster_\(metric)_half_width"] }
        }
        var out = header.joined(separator: ",") + "\n"
        for h in hours.indices {
            var row = "\(h),\(hours[h]),\(CSV.number(arrivals[h].mean.value)),\(CSV.number(offeredLoad[h].mean.value)),"
            row += (current.staff.map { CSV.number($0[h].value) } ?? "") + "," + interval(current.achieved, h)
            for m in methods {
                row += ",\(m.requirement[h])," + interval(m.achieved, h)
                if let r = m.roster { row += ",\(r.coverage[h])," + interval(r.achieved, h) }
            }
            out += row + "\n"
        }
        return out
    }

    /// The roster as a resource's `shifts:` to paste into the scenario, over a whole-day shift
    /// of capacity 0 so that every minute is covered.
    public static func yaml(resource: String, roster: Roster, period: String) -> String {
        var out = "# the roster found by simrun staff for \(resource): cost \(JSON.number(roster.cost.value)) per \(period)\n"
        out += "    shifts:\n"
        out += "      - {from: \"00:00\", to: \"00:00\", capacity: 0}\n"
        for s in roster.shifts {
            let start = Int(s.start.prefix(2)) ?? 0, length = Int(s.length.dropLast()) ?? 0
            let end = StaffingPeriod.clock(hour: start + length)
            let days = period == "week" ? ", days: [\(s.days.joined(separator: ", "))]" : ""
            out += "      - {from: \"\(s.start)\", to: \"\(end)\", capacity: \(s.count)\(days)}\n"
        }
        return out
    }
}
