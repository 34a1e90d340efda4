import ArgumentParser
import Foundation
import HospitalModel
import SimKernel

struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Staff a resource hour by hour to a service level, and find the cheapest roster.",
        discussion: """
            Sets how many units of --resource each hour of the day (or week) needs for its \
            patients to meet --target at every hour, by the iterative staffing algorithm (isa: \
            simulate, staff each hour from the patients present at its requests, repeat until \
            the requirement repeats) and by the stationary formulas (sipp: Erlang C at each \
            hour's arrival rate; lag-sipp: at the load measured with ample staff). Each \
            requirement is simulated and its hourly service level reported with 95% intervals. \
            With --shifts, the cheapest roster of those shifts covering the requirement is \
            found by an integer program (GLPK), written as the resource's shifts, simulated, \
            and the hours that miss the target named. All simulations run the scenario's \
            replications on common random numbers.

            Targets: 'delay.probability <= 0.2', 'wait.mean <= 10 min', \
            'target_met.fraction >= 0.95', 'wait@p90 <= 30 min'.
            Shifts: 'start=07:00,19:00;length=12h;days=mon-fri;min=1;max=20;cost=60' \
            (start=any for every hour; repeat --shifts for more patterns).

            Example:
              simrun staff scenarios/ed-week-staffing.yaml --resource doctor \\
                --target 'delay.probability <= 0.25' \\
                --shifts 'start=any;length=8h,10h,12h' --night-premium 25%
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, yaml }

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @OptionGroup var simulation: SimulationOptions

    @Option(help: "The resource to staff.")
    var resource: String

    @Option(help: "The service level to hold every hour: 'METRIC <= VALUE' or 'METRIC >= VALUE'.")
    var target: String

    @Option(help: "day or week (default: week when an arrival profile has 168 hours).")
    var period: String?

    @Option(name: .customLong("method"), parsing: .singleValue,
            help: "isa, sipp or lag-sipp; repeat or list to compare (default isa,sipp).")
    var methods: [String] = []

    @Option(name: .customLong("shifts"), parsing: .singleValue, help: "Shifts a roster may use (repeatable).")
    var shifts: [String] = []

    @Option(help: "Cost of a staff hour (default: the resource's staffed_per_hour).")
    var costPerHour: Double?

    @Option(help: "Extra cost of a night hour, as 25% or 0.25 (default 0).")
    var nightPremium: String = "0"

    @Option(help: "Extra cost of a weekend hour, as 50% or 0.5 (default 0).")
    var weekendPremium: String = "0"

    @Option(help: "The night hours for the premium (default 22:00-07:00).")
    var nightHours: String = "22:00-07:00"

    @Option(help: "Most simulations of the iterative algorithm (default 20).")
    var maxIterations: Int = 20

    @Option(help: "Seconds the solver may search for each roster (default 60).")
    var solverTimeLimit: Double = 60

    @Option(help: "Output: table, json, csv (by hour) or yaml (the roster as shifts).")
    var format: Format = .table

    @Option(name: [.customShort("o"), .customLong("out"), .customLong("output")], help: "Write the output to this file instead of standard output.")
    var out: String?

    /// "25%" or "0.25" -> 0.25.
    static func fraction(_ text: String, _ flag: String) throws -> Double {
        let t = text.trimmingBlanks()
        let percent = t.hasSuffix("%")
        guard let x = Double(percent ? String(t.dropLast()) : t), x.isFinite else {
            throw ValidationError("\(flag) takes a fraction such as 0.25 or a percentage such as 25%; got '\(text)'")
        }
        let f = percent ? x / 100 : x
        guard f >= 0, f <= 10 else { throw ValidationError("\(flag) must be between 0 and 1000%; got '\(text)'") }
        return f
    }

    func request() throws -> StaffingRequest {
        var methodList: [StaffingMethod] = []
        for name in methods.flatMap({ $0.split(separator: ",").map { $0.trimmingBlanks() } }) {
            guard let m = StaffingMethod(rawValue: name) else {
                let names = StaffingMethod.allCases.map(\.rawValue)
                let hint = suggestion(for: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
                throw ValidationError("--method: unknown method '\(name)'\(hint) (use \(names.joined(separator: ", ")))")
            }
            if !methodList.contains(m) { methodList.append(m) }
        }
        var patterns: [ShiftPattern] = []
        for text in shifts {
            switch ShiftPattern.parse(text) {
            case .success(let p): patterns.append(p)
            case .failure(let e): throw ValidationError("--shifts '\(text)': \(e.message)")
            }
        }
        var chosenPeriod: StaffingPeriod?
        if let period {
            guard let p = StaffingPeriod(rawValue: period) else { throw ValidationError("--period takes day or week; got '\(period)'") }
            chosenPeriod = p
        }
        let night = nightHours.split(separator: "-").map { ShiftPattern.clockHour(String($0).trimmingBlanks()) }
        guard night.count == 2, let from = night[0], let to = night[1] else {
            throw ValidationError("--night-hours takes two clock times on the hour, such as 22:00-07:00; got '\(nightHours)'")
        }
        if let c = costPerHour, !(c >= 0 && c <= 1e9) { throw ValidationError("--cost-per-hour must be between 0 and 1e9") }
        guard (1...1000).contains(maxIterations) else { throw ValidationError("--max-iterations must be 1 to 1000") }
        guard solverTimeLimit > 0, solverTimeLimit <= 86_400 else { throw ValidationError("--solver-time-limit must be above 0 and at most 86400 seconds") }
        return StaffingRequest(resource: resource, target: target, period: chosenPeriod, methods: methodList.isEmpty ? [.isa, .sipp] : methodList,
                               patterns: patterns, costPerHour: costPerHour, nightPremium: try Self.fraction(nightPremium, "--night-premium"),
                               weekendPremium: try Self.fraction(weekendPremium, "--weekend-premium"), nightFrom: from, nightTo: to,
                               maxIterations: maxIterations, solverTimeLimit: solverTimeLimit)
    }

    func run() throws {
        let request = try request()
        if let out { try Output.preflight(out) }
        let source = try CommandStudy.present(file: file) { () throws(StudyError) in try readSource(file) }
        for w in try CommandStudy.present(file: file, { () throws(StudyError) in try source.load().warnings }) { printError(w.description) }
        let outcome = try CommandStudy(threads: simulation.threads, acceptEmpty: simulation.allowEmpty, interruptible: true).perform(file: file) { study throws(StudyError) in
            try study.staff(source, request, overrides: simulation.overrides)
        }
        let document = StaffingDocument(outcome)
        let text: String
        switch format {
        case .json: text = document.json
        case .csv: text = document.csv
        case .table: text = Self.table(outcome, document)
        case .yaml:
            guard let roster = document.roster else {
                throw ValidationError("--format yaml writes the roster: give --shifts so that one is designed")
            }
            text = StaffingDocument.yaml(resource: document.resource, roster: roster, period: document.period)
        }
        try Output.write(text, to: out)
    }

    static func table(_ o: StaffingOutcome, _ d: StaffingDocument) -> String {
        let unit = o.timeUnit.rawValue
        func num(_ x: Double, _ digits: Int = 3) -> String { x.isNaN ? "-" : NumberText.significant(x, digits) }
        func cell(_ s: Summary?) -> String {
            guard let s, !s.mean.isNaN else { return "-" }
            return num(s.mean) + (s.halfWidth.isFinite ? "±" + NumberText.significant(s.halfWidth, 2) : "")
        }
        var out = "\(o.scenario): staffing \(o.resource) by the hour of the \(o.period.rawValue)\n"
        out += "target \(o.target.description) at every hour\(o.target.atLeast || o.target.measure == .delayProbability ? "" : " (times in \(unit)s)")\n"
        out += "\(o.replications) replications per simulation on common random numbers, \(o.replicationsRun) in all, \(NumberText.fixed(o.seconds, 1)) s\n"
        out += "mean hold \(num(o.meanHold)) \(unit)s; a staff hour costs \(num(o.rates.perHour, 6))"
        if o.rates.nightPremium > 0 { out += ", +\(num(o.rates.nightPremium * 100))% at night (\(d.rates.night))" }
        if o.rates.weekendPremium > 0 { out += ", +\(num(o.rates.weekendPremium * 100))% at weekends" }
        out += "\n\n"
        var header = ResultTable.pad("hour", 11) + ResultTable.lpad("arrivals", 9) + ResultTable.lpad("load", 7) + ResultTable.lpad("today", 7)
            + ResultTable.lpad("achieved", 13)
        for p in o.plans {
            header += ResultTable.lpad(p.method.rawValue, 9) + ResultTable.lpad("achieved", 13)
            if p.roster != nil { header += ResultTable.lpad("roster", 8) + ResultTable.lpad("achieved", 13) }
        }
        out += header + "\n"
        for h in 0..<o.period.hours {
            var line = ResultTable.pad(o.period.label(hour: h), 11) + ResultTable.lpad(num(o.arrivals[h].mean), 9)
                + ResultTable.lpad(num(o.offeredLoad[h].mean), 7) + ResultTable.lpad(o.current.staff.map { num($0[h]) } ?? "inf", 7)
                + ResultTable.lpad(cell(o.current.verified.achieved.count > h ? o.current.verified.achieved[h] : nil), 13)
            for p in o.plans {
                line += ResultTable.lpad(String(p.requirement[h]) + (p.verified.missed.contains(h) ? "!" : ""), 9)
                    + ResultTable.lpad(cell(p.verified.achieved.count > h ? p.verified.achieved[h] : nil), 13)
                if let r = p.roster {
                    line += ResultTable.lpad(String(r.design.coverage[h]) + (r.verified.missed.contains(h) ? "!" : ""), 8)
                        + ResultTable.lpad(cell(r.verified.achieved.count > h ? r.verified.achieved[h] : nil), 13)
                }
            }
            out += line + "\n"
        }
        out += "(! the hour's mean misses the target)\n\n"
        func summary(_ name: String, _ cost: Double?, _ v: StaffingOutcome.Verified) -> String {
            var s = ResultTable.pad(name, 22) + ResultTable.lpad(cost.map { num($0, 6) } ?? "-", 12)
            if let f = v.failure { return s + "  could not be simulated: \(f)\n" }
            s += ResultTable.lpad(v.worst.map { "\(num($0.value)) at \(o.period.label(hour: $0.hour))" } ?? "-", 24)
            s += "  " + (v.missed.isEmpty ? "meets the target every hour" : "misses \(v.missed.count) hours: " + Self.hours(v.missed, o.period))
            return s + "\n"
        }
        out += ResultTable.pad("staffing", 22) + ResultTable.lpad("cost/\(o.period.rawValue)", 12) + ResultTable.lpad("worst hour", 24) + "\n"
        out += summary("today's roster", o.current.cost, o.current.verified)
        for p in o.plans {
            out += summary("\(p.method.rawValue) requirement", p.cost, p.verified)
            if let r = p.roster { out += summary("\(p.method.rawValue) roster", r.design.cost, r.verified) }
        }
        for p in o.plans where p.method == .isa {
            out += "\nisa: \(p.iterations.count) requirements simulated, ended: \(p.ended ?? "-")\n"
        }
        for p in o.plans {
            guard let r = p.roster else { continue }
            out += "\n\(p.method.rawValue) roster (\(r.design.status.rawValue)\(r.design.status == .optimal ? "" : ", bound \(num(r.design.bound, 6))")):\n"
            for s in r.design.shifts {
                let days = s.days.count == 7 ? "every day" : s.days.map { TimeWindow.dayNames[$0] }.joined(separator: ",")
                out += "  " + StaffingPeriod.clock(hour: s.start) + String(format: " for %2dh  ", s.length) + ResultTable.pad(days, 28) + " x \(s.count)\n"
            }
        }
        return out
    }

    /// "mon 07:00-09:00, tue 18:00": runs of consecutive hours as ranges.
    static func hours(_ list: [Int], _ period: StaffingPeriod) -> String {
        var parts: [String] = []
        var i = 0
        while i < list.count {
            var j = i
            while j + 1 < list.count, list[j + 1] == list[j] + 1 { j += 1 }
            let end = StaffingPeriod.clock(hour: list[j] + 1)
            parts.append(i == j ? period.label(hour: list[i]) : period.label(hour: list[i]) + "-" + end)
            i = j + 1
        }
        return parts.prefix(12).joined(separator: ", ") + (parts.count > 12 ? ", ..." : "")
    }
}
