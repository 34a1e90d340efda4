import HospitalScenario
import Foundation
import SimKernel

/// What happened, from an event log in the long format `simrun run --event-log` writes
/// (`entity_id,pathway,event_type,event,time[,resource_id,run]`): each patient's arrival and
/// departure, and its waits for and uses of each resource. From it, the census at any past
/// moment (who was at which step, for how long) and each resource's occupancy: what
/// `simrun forecast --backtest` forecasts from and scores against.
///
/// ```swift
/// let history = try PatientHistory(EpisodeTable.read(path: "events.csv"), scenario: s)
/// history.occupancy(1, at: 3 * 1440)   // ward beds in use at the start of day 4
/// ```
/// Times are the scenario's time unit from a Monday 00:00 (as the simulator writes them), or
/// ISO 8601 date-times. A patient is placed at a step from the resource it waits for or uses:
/// the `use` or `seize` step of that resource in its class's pathway, or, holding a seized unit
/// and doing nothing else, the `delay` right after the seize. Patients the log cannot place (a
/// resource at two steps of the pathway, a delay without a resource, a unit of a skill group)
/// are counted, not guessed.
public struct PatientHistory: Sendable {
    /// A stretch of time with a resource: waiting for it or using one of its units.
    struct Span: Sendable {
        var resource: Int
        var from: Double
        var to: Double
    }
    struct Patient: Sendable {
        var id: String
        var classIndex: Int
        var arrival: Double
        var departure: Double = .infinity
        var queues: [Span] = []
        var uses: [Span] = []
    }

    let patients: [Patient]
    /// Minutes after the Monday origin of the first and the last event.
    public let start: Double
    public let end: Double
    /// The origin Monday as days since 1970-01-01; nil for numeric times.
    public let originDays: Int?
    /// The scenario's time unit, in minutes.
    let unitMinutes: Double
    /// [class][resource]: where a patient waiting for or using the resource is.
    let places: [[Place?]]
    let classNames: [String]

    /// Where a patient with a resource is in its class's pathway.
    struct Place: Sendable {
        /// The `use` or `seize` step, as the census writes it ("3", "2.1.1").
        var step: String
        var isSeize: Bool
        /// For a seize, the `delay` right after it (where a patient holding the unit is), if any.
        var delayAfter: String?
    }

    /// Reads `table` (an event log) against `scenario`; rows of replication `run` only when the
    /// log has a `run` column (default: the first row's).
    public init(_ table: EpisodeTable, scenario: Scenario, run: String? = nil) throws(EpisodeTable.Failure) {
        let idColumn = try table.column("entity_id"), classColumn = try table.column("pathway")
        let typeColumn = try table.column("event_type"), eventColumn = try table.column("event")
        let timeColumn = try table.column("time")
        let runColumn = table.header.firstIndex(of: "run")
        guard !table.rows.isEmpty else { throw table.failure(line: 1, column: 1, column: nil, "the event log has a header but no events") }
        let chosenRun = run ?? runColumn.map { table.rows[0].fields[$0].text.trimmingBlanks() }
        let rows = runColumn.map { c in table.rows.filter { $0.fields[c].text.trimmingBlanks() == chosenRun } } ?? table.rows
        guard !rows.isEmpty else {
            throw table.failure(line: 1, column: 1, column: "run", "no events of run \(quoted(chosenRun ?? ""))")
        }
        var selected = table
        selected.rows = rows
        let times = try selected.arrivalTimes(timeColumn, timeUnit: scenario.timeUnit)
        originDays = times.originDays
        unitMinutes = scenario.timeUnit.minutes
        let classNames = scenario.classes.map(\.name), resourceNames = scenario.resources.map(\.name)
        self.classNames = classNames
        var index: [String: Int] = [:]
        var patients: [Patient] = []
        for (row, minutes) in zip(rows, times.minutes) {
            func cell(_ c: Int) -> String { row.fields[c].text.trimmingBlanks() }
            func fail(_ c: Int, _ message: String) -> EpisodeTable.Failure {
                table.failure(line: row.line, column: row.fields[c].column, column: table.header[c], message)
            }
            let id = cell(idColumn), type = cell(typeColumn), event = cell(eventColumn)
            if type == "note" { continue }
            /// The resource an event names, `R` of `R_begins`.
            func resource(suffix: String) throws(EpisodeTable.Failure) -> Int {
                guard event.hasSuffix(suffix) else { throw fail(eventColumn, "a \(type) event is named RESOURCE\(suffix), got \(quoted(event))") }
                let name = String(event.dropLast(suffix.count))
                guard let r = resourceNames.firstIndex(of: name) else {
                    let hint = suggestion(for: name, among: resourceNames).map { "; did you mean '\($0)'?" } ?? ""
                    throw fail(eventColumn, "unknown resource \(quoted(name))\(hint)")
                }
                return r
            }
            if type == "arrival_departure", event == "arrival" {
                guard index[id] == nil else { throw fail(idColumn, "patient \(quoted(id)) arrives twice") }
                let className = cell(classColumn)
                guard let c = classNames.firstIndex(of: className) else {
                    let hint = suggestion(for: className, among: classNames).map { "; did you mean '\($0)'?" } ?? ""
                    throw fail(classColumn, "unknown class \(quoted(className))\(hint)")
                }
                index[id] = patients.count
                patients.append(Patient(id: id, classIndex: c, arrival: minutes))
                continue
            }
            // Other events belong to a patient who has arrived (a log cut at its start may hold
            // events of patients who arrived before: they are left out, as the first days are).
            guard let p = index[id] else { continue }
            switch type {
            case "arrival_departure":
                guard event == "depart" else { throw fail(eventColumn, "an arrival_departure event is arrival or depart, got \(quoted(event))") }
                patients[p].departure = minutes
                for i in patients[p].queues.indices where patients[p].queues[i].to == .infinity { patients[p].queues[i].to = minutes }
                for i in patients[p].uses.indices where patients[p].uses[i].to == .infinity { patients[p].uses[i].to = minutes }
            case "queue":
                patients[p].queues.append(Span(resource: try resource(suffix: "_wait_begins"), from: minutes, to: .infinity))
            case "resource_use":
                let r = try resource(suffix: "_begins")
                if let q = patients[p].queues.lastIndex(where: { $0.resource == r && $0.to == .infinity }) { patients[p].queues[q].to = minutes }
                patients[p].uses.append(Span(resource: r, from: minutes, to: .infinity))
            case "resource_use_end":
                let r = try event.hasSuffix("_preempted") ? resource(suffix: "_preempted") : resource(suffix: "_complete")
                guard let u = patients[p].uses.lastIndex(where: { $0.resource == r && $0.to == .infinity }) else {
                    throw fail(eventColumn, "patient \(quoted(id)) ends a use of \(quoted(resourceNames[r])) it had not begun")
                }
                patients[p].uses[u].to = minutes
            default:
                let kinds = ["arrival_departure", "queue", "resource_use", "resource_use_end", "note"]
                let hint = suggestion(for: type, among: kinds).map { "; did you mean '\($0)'?" } ?? ""
                throw fail(typeColumn, "unknown event_type \(quoted(type))\(hint)")
            }
        }
        guard !patients.isEmpty else { throw table.failure(line: 1, column: 1, column: nil, "the event log has no arrivals") }
        self.patients = patients
        start = times.minutes.min()!
        end = times.minutes.max()!
        places = scenario.classes.map { c in Self.places(c.pathway ?? scenario.pathway, resources: scenario.resources) }
    }

    /// Each resource's unique place in `pathway` (nil when it has none, several, or skill groups).
    static func places(_ pathway: [Step], resources: [Resource]) -> [Place?] {
        var found: [Int: [Place]] = [:]
        func walk(_ steps: [Step], prefix: String) {
            for (i, step) in steps.enumerated() {
                let text = prefix + String(i + 1)
                switch step {
                case .use(let r, _, _, _, _, _):
                    found[r, default: []].append(Place(step: text, isSeize: false))
                case .seize(let r, _):
                    var delay: String?
                    if i + 1 < steps.count, case .delay = steps[i + 1] { delay = prefix + String(i + 2) }
                    found[r, default: []].append(Place(step: text, isSeize: true, delayAfter: delay))
                case .branch(let arms, _):
                    for (a, arm) in arms.enumerated() { walk(arm.steps, prefix: text + ".\(a + 1).") }
                default: break
                }
            }
        }
        walk(pathway, prefix: "")
        return resources.indices.map { r in
            guard resources[r].groups == nil, let places = found[r], places.count == 1 else { return nil }
            return places[0]
        }
    }

    /// Units of resource `r` in use at `t` (minutes after the origin).
    public func occupancy(_ r: Int, at t: Double) -> Int {
        var n = 0
        for p in patients where p.arrival <= t && t < p.departure {
            for u in p.uses where u.resource == r && u.from <= t && t < u.to { n += 1 }
        }
        return n
    }

    /// The census at `t` as a census file's text (times in the scenario's unit), and how many
    /// patients inside could not be placed.
    public func census(at t: Double) -> (csv: String, unplaced: Int) {
        var csv = "id,class,step,status,elapsed,waited\n"
        var unplaced = 0
        func number(_ minutes: Double) -> String { NumberText.exact(minutes / unitMinutes) }
        // Ids are the log's; a comma or quote in one is quoted as CSV quotes it.
        func cell(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        for p in patients where p.arrival <= t && t < p.departure {
            let places = self.places[p.classIndex]
            if let q = p.queues.last(where: { $0.from <= t && t < $0.to }) {
                guard let place = places[q.resource] else { unplaced += 1; continue }
                let waited = p.queues.filter { $0.from <= t }.reduce(0) { $0 + min($1.to, t) - $1.from }
                csv += "\(cell(p.id)),\(classNames[p.classIndex]),\(place.step),queued,\(number(t - q.from)),\(number(waited))\n"
                continue
            }
            let using = p.uses.filter { $0.from <= t && t < $0.to }
            if let u = using.last(where: { places[$0.resource].map { !$0.isSeize } ?? false }), let place = places[u.resource] {
                csv += "\(cell(p.id)),\(classNames[p.classIndex]),\(place.step),in_service,\(number(t - u.from)),\n"
                continue
            }
            // Holding seized units only: at the delay after the latest seize.
            if let u = using.max(by: { $0.from < $1.from }), let place = places[u.resource], let delay = place.delayAfter,
               using.allSatisfy({ places[$0.resource]?.isSeize ?? false }) {
                csv += "\(cell(p.id)),\(classNames[p.classIndex]),\(delay),in_service,\(number(t - u.from)),\n"
                continue
            }
            unplaced += 1
        }
        return (csv, unplaced)
    }


    /// `minutes` after the origin as an ISO 8601 date-time (numeric logs take Monday
    /// 2001-01-01 as their origin: only the hour of the week matters to them).
    public func iso(_ minutes: Double) -> String {
        let days = (originDays ?? CivilDate.days(2001, 1, 1)) + Int((minutes / 1440).rounded(.down))
        let within = Int((minutes - (minutes / 1440).rounded(.down) * 1440).rounded(.down))
        return CivilDate.isoDate(days) + String(format: "T%02d:%02d", within / 60, within % 60)
    }
}
