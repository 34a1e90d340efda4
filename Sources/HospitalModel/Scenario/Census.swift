import Foundation
import SimKernel

/// The patients in the hospital now, from which `simrun forecast` starts every replication: each
/// at a step of its class's pathway, in service or queueing, with the time already spent there
/// and the units it holds from earlier steps.
///
/// ```
/// id,class,step,status,elapsed,waited,holds
/// 17,emergent,3,in_service,5 day,,
/// 18,minor,2,queued,40,40,
/// ```
/// A patient on a resource with skill groups names the group whose unit it has in a `unit`
/// column: the group's name, or `RESOURCE:GROUP` pairs separated by `;` when it has units of
/// several such resources.
public enum Census {
    /// Reads and checks a census file against `scenario`: known classes and resources (with
    /// suggestions), a step that exists and fits the status, held units that match the pathway
    /// and do not outnumber a resource's units. Problems are located errors.
    public static func check(_ table: EpisodeTable, scenario: Scenario) throws(EpisodeTable.Failure) -> [CensusPatient] {
        let classNames = scenario.classes.map(\.name)
        let resourceNames = scenario.resources.map(\.name)
        let known = ["id", "class", "step", "status", "elapsed", "waited", "holds", "unit"]
        for (i, name) in table.header.enumerated() where !known.contains(name) {
            let hint = suggestion(for: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
            throw table.failure(line: 1, column: table.headerColumns[i], column: nil,
                                "unknown column \(quoted(name))\(hint) (a census has \(known.joined(separator: ", ")))")
        }
        let idColumn = try table.column("id"), stepColumn = try table.column("step")
        let statusColumn = try table.column("status"), elapsedColumn = try table.column("elapsed")
        let classColumn = table.header.firstIndex(of: "class")
        if classColumn == nil, scenario.classes.count > 1 {
            throw table.failure(line: 1, column: 1, column: nil, "the scenario has \(scenario.classes.count) classes, so the census needs a 'class' column")
        }
        let waitedColumn = table.header.firstIndex(of: "waited"), holdsColumn = table.header.firstIndex(of: "holds")
        let unitColumn = table.header.firstIndex(of: "unit")
        var held = Array(repeating: 0, count: scenario.resources.count)
        var heldInGroup = scenario.resources.map { Array(repeating: 0, count: $0.groups?.count ?? 0) }
        var ids = Set<String>()
        var patients: [CensusPatient] = []
        for row in table.rows {
            func cell(_ c: Int) -> (text: String, column: Int) { (row.fields[c].text.trimmingBlanks(), row.fields[c].column) }
            func fail(_ c: Int, _ message: String) -> EpisodeTable.Failure { table.failure(line: row.line, column: row.fields[c].column, column: table.header[c], message) }
            func time(_ c: Int) throws(EpisodeTable.Failure) -> Double {
                let text = cell(c).text
                switch TimeText.duration(text, unit: scenario.timeUnit) {
                case .success(let x) where x >= 0 && x * scenario.timeUnit.minutes <= Limits.simulatedMinutes: return x
                case .success(let x) where x >= 0:
                    throw fail(c, "a time spent of \(readable(x)) \(scenario.timeUnit.rawValue)s is more than the 100-year limit of a run")
                case .success: throw fail(c, "a time spent cannot be negative")
                case .failure(let e): throw fail(c, e.message)
                }
            }
            let id = cell(idColumn).text
            guard !id.isEmpty else { throw fail(idColumn, "the patient needs an id") }
            guard ids.insert(id).inserted else { throw fail(idColumn, "the id \(quoted(id)) is used twice") }
            var classIndex = 0
            if let classColumn {
                let name = cell(classColumn).text
                guard let c = classNames.firstIndex(of: name) else {
                    let hint = suggestion(for: name, among: classNames).map { "; did you mean '\($0)'?" } ?? ""
                    throw fail(classColumn, "unknown class \(quoted(name))\(hint) (classes: \(classNames.joined(separator: ", ")))")
                }
                classIndex = c
            }
            let pathway = scenario.classes[classIndex].pathway ?? scenario.pathway
            let stepText = cell(stepColumn).text
            guard let (place, stepValue, expected) = locate(stepText, in: pathway) else {
                throw fail(stepColumn, "step must be the number of a step of the pathway of \(quoted(classNames[classIndex])), from 1 to \(pathway.count) "
                           + "(or N.A.M for step M of arm A of the branch at step N); got \(quoted(stepText))")
            }
            let statusText = cell(statusColumn).text
            guard let status = CensusPatient.Status(rawValue: statusText) else {
                let hint = suggestion(for: statusText, among: CensusPatient.Status.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                throw fail(statusColumn, "status must be in_service or queued, got \(quoted(statusText))\(hint)")
            }
            // What the step is, and so which statuses it allows and which unit it holds.
            var own: Int?
            switch (stepValue, status) {
            case (.use(let r, _, _, _, _, _), _): own = status == .inService ? r : nil
            case (.delay, .inService): break
            case (.seize, .queued): break
            default:
                throw fail(statusColumn, "step \(stepText) of \(quoted(classNames[classIndex]))'s pathway is a \(stepValue.kind) step: "
                           + "a patient can be in_service at a use or delay step, and queued at a use or seize step")
            }
            let elapsed = try time(elapsedColumn)
            let waited = try waitedColumn.flatMap { c throws(EpisodeTable.Failure) in cell(c).text.isEmpty ? nil : try time(c) }
                ?? (status == .queued ? elapsed : 0)
            // `waited` counts every queue so far, this one included.
            if status == .queued, waited < elapsed, let c = waitedColumn {
                throw fail(c, "a queued patient has waited at least the \(readable(elapsed)) \(scenario.timeUnit.rawValue)s spent in this queue (elapsed); got \(readable(waited))")
            }
            if status == .queued, place == [0], waited > elapsed, let c = waitedColumn {
                throw fail(c, "queued at the first step, the patient has had no earlier queue: waited cannot exceed elapsed (\(readable(elapsed)) \(scenario.timeUnit.rawValue)s); got \(readable(waited))")
            }
            // Units held from earlier steps (`expected`): what the pathway has seized and not released by now.
            var holds: [Int] = []
            if let holdsColumn, !cell(holdsColumn).text.isEmpty {
                for name in cell(holdsColumn).text.split(separator: ";").map({ $0.trimmingBlanks() }) {
                    guard let r = resourceNames.firstIndex(of: name) else {
                        let hint = suggestion(for: name, among: resourceNames).map { "; did you mean '\($0)'?" } ?? ""
                        throw fail(holdsColumn, "unknown resource \(quoted(name))\(hint)")
                    }
                    if holds.contains(r) { throw fail(holdsColumn, "\(quoted(name)) is named twice") }
                    holds.append(r)
                }
                if Set(holds) != expected {
                    let names = expected.sorted().map { quoted(resourceNames[$0]) }
                    throw fail(holdsColumn, "at step \(stepText) a patient of \(quoted(classNames[classIndex])) holds \(names.isEmpty ? "nothing" : names.joined(separator: ", ")) "
                               + "from earlier steps (leave holds empty to mean exactly that)")
                }
            } else {
                holds = expected.sorted()
            }
            // The skill group of each grouped resource it has a unit of.
            let grouped = (holds + (own.map { [$0] } ?? [])).filter { scenario.resources[$0].groups != nil }
            var groups: [Int: Int] = [:]
            let unitText = unitColumn.map { cell($0).text } ?? ""
            if !grouped.isEmpty {
                guard let unitColumn, !unitText.isEmpty else {
                    let names = grouped.map { quoted(resourceNames[$0]) }.joined(separator: ", ")
                    throw fail(unitColumn ?? statusColumn, "\(names) has skill groups: name the group whose unit the patient has in a 'unit' column")
                }
                for part in unitText.split(separator: ";").map({ $0.trimmingBlanks() }) {
                    let pieces = part.split(separator: ":", maxSplits: 1).map { $0.trimmingBlanks() }
                    let r: Int
                    if pieces.count == 2 {
                        guard let named = resourceNames.firstIndex(of: pieces[0]), grouped.contains(named) else {
                            throw fail(unitColumn, "\(quoted(pieces[0])) is not a resource with skill groups that this patient has a unit of")
                        }
                        r = named
                    } else {
                        guard grouped.count == 1 else { throw fail(unitColumn, "name each group as RESOURCE:GROUP: the patient has units of several grouped resources") }
                        r = grouped[0]
                    }
                    let groupNames = scenario.resources[r].groups!.map(\.name)
                    let name = pieces.last!
                    guard let g = groupNames.firstIndex(of: name) else {
                        let hint = suggestion(for: name, among: groupNames).map { "; did you mean '\($0)'?" } ?? ""
                        throw fail(unitColumn, "\(quoted(resourceNames[r])) has no group \(quoted(name))\(hint) (its groups: \(groupNames.joined(separator: ", ")))")
                    }
                    groups[r] = g
                }
                for r in grouped where groups[r] == nil {
                    throw fail(unitColumn, "name the group of \(quoted(resourceNames[r])) too, as \(resourceNames[r]):GROUP")
                }
                // A use step with a skill needs a unit of a group that has it.
                if case .use(let r, _, _, _, _, let skill?)? = own.map({ _ in stepValue }), let g = groups[r] {
                    let wanted = scenario.resources[r].skills[skill]
                    guard scenario.resources[r].groups![g].skills.contains(wanted) else {
                        throw fail(unitColumn, "step \(stepText) needs the skill \(quoted(wanted)), which group \(quoted(scenario.resources[r].groups![g].name)) does not have")
                    }
                }
            } else if !unitText.isEmpty {
                throw fail(unitColumn!, "the patient has no unit of a resource with skill groups; leave unit empty")
            }
            for (r, g) in groups {
                heldInGroup[r][g] += 1
                let group = scenario.resources[r].groups![g]
                if heldInGroup[r][g] > group.count {
                    throw fail(unitColumn!, "the census has more patients on group \(quoted(group.name)) of \(quoted(resourceNames[r])) than its \(group.count) units")
                }
            }
            for r in holds + (own.map { [$0] } ?? []) {
                held[r] += 1
                if let units = maxUnits(scenario.resources[r]), held[r] > units {
                    throw fail(holdsColumn ?? statusColumn, "the census has more patients holding \(quoted(resourceNames[r])) than its \(units) units")
                }
            }
            var patient = CensusPatient(id: id, classIndex: classIndex, step: place, status: status, elapsed: elapsed, waited: waited, holds: holds)
            patient.groups = groups
            patients.append(patient)
        }
        return patients
    }

    /// Today's stock from a table with `item` and `on_hand` columns: each supply item's stock on
    /// hand (by index), nil for items the table leaves out. Unknown items (with a suggestion),
    /// repeated items and counts that are not whole numbers >= 0 are located errors.
    public static func stock(_ table: EpisodeTable, scenario: Scenario) throws(EpisodeTable.Failure) -> [Int?] {
        let names = scenario.supplies.map(\.name)
        let itemColumn = try table.column("item"), countColumn = try table.column("on_hand")
        var stock: [Int?] = Array(repeating: nil, count: names.count)
        for row in table.rows {
            let name = row.fields[itemColumn].text.trimmingBlanks()
            guard let i = names.firstIndex(of: name) else {
                let hint = suggestion(for: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
                throw table.failure(line: row.line, column: row.fields[itemColumn].column, column: "item",
                                    "unknown supply item \(quoted(name))\(hint) (items: \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
            }
            guard stock[i] == nil else {
                throw table.failure(line: row.line, column: row.fields[itemColumn].column, column: "item", "\(quoted(name)) is given twice")
            }
            let text = row.fields[countColumn].text.trimmingBlanks()
            guard let count = Int(text), count >= 0 else {
                throw table.failure(line: row.line, column: row.fields[countColumn].column, column: "on_hand",
                                    "the stock on hand must be a whole number of units, 0 or more; got \(quoted(text))")
            }
            stock[i] = count
        }
        return stock
    }

    /// Minutes from the Monday 00:00 before `text` (an ISO 8601 date-time, read as the wall
    /// clock it shows) to it: where in a scenario's week it falls.
    public static func minutesIntoWeek(iso text: String) -> Double? {
        guard let m = CivilDate.minutes(iso: text) else { return nil }
        let day = Int((m / 1440).rounded(.down))
        return Double(CivilDate.weekday(day)) * 1440 + (m - Double(day) * 1440)
    }

    /// The most units a resource ever has (roster peak), or nil for infinite capacity.
    static func maxUnits(_ r: Resource) -> Int? {
        if let shifts = r.shifts { return Roster(shifts: shifts).changes.map(\.capacity).max() }
        return r.capacity
    }

    /// The step written `text` ("3", or "3.1.2": step 2 of arm 1 of the branch at step 3), its
    /// place from 0, and the resources held on entering it.
    static func locate(_ text: String, in pathway: [Step]) -> (place: [Int], step: Step, held: Set<Int>)? {
        let numbers = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard numbers.count % 2 == 1, numbers.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        var steps = pathway
        var place: [Int] = []
        var held = Set<Int>()
        var k = 0
        while true {
            let i = numbers[k]! - 1
            guard i < steps.count else { return nil }
            held = heldBefore(i, in: steps, from: held)
            place.append(i)
            if k == numbers.count - 1 { return (place, steps[i], held) }
            guard case .branch(let arms, _) = steps[i], numbers[k + 1]! <= arms.count else { return nil }
            place.append(numbers[k + 1]! - 1)
            steps = arms[numbers[k + 1]! - 1].steps
            k += 2
        }
    }

    /// Resources held on entering step `index` of `pathway`, holding `held` at its start:
    /// seized and not yet released by the steps before it (a branch counts as what every way
    /// through it leaves held).
    static func heldBefore(_ index: Int, in pathway: [Step], from start: Set<Int> = []) -> Set<Int> {
        var held = start
        func apply(_ steps: [Step]) {
            for step in steps {
                switch step {
                case .seize(let r, _): held.insert(r)
                case .release(let r): held.remove(r)
                case .branch(let arms, _):
                    if let arm = arms.first(where: { !ScenarioReader.endsWithLeave($0.steps) }) { apply(arm.steps) }
                default: break
                }
            }
        }
        apply(Array(pathway[..<index]))
        return held
    }
}
