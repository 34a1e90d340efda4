import SimKernel
import Yams

/// Pathways: steps, per-class overrides and branches, with the checks that what is released
/// was seized.
extension ScenarioReader {
    /// Reads a list of steps. `held` is the set of resources seized and not yet released.
    /// `ids` names the steps' random streams (default: `path`): notes are not counted in it, so
    /// adding or removing a note leaves every draw of the other steps as it was.
    func steps(_ node: Node, _ path: String, held: inout Set<Int>, allowEmpty: Bool = false, ids: String? = nil) -> [Step]? {
        guard let items = list(node, path, what: "a pathway") else { return nil }
        if items.isEmpty, !allowEmpty { report(node, path, "a pathway needs at least one step") }
        var result: [Step] = []
        var ok = true
        var left = false
        var counted = 0
        for (i, item) in items.enumerated() {
            let p = "\(path)[\(i)]"
            let id = "\(ids ?? path)[\(counted)]"
            if left {
                report(item, p, "this step comes after 'leave' and is never reached")
                ok = false
                break
            }
            guard let s = step(item, p, id: id, held: &held) else { ok = false; continue }
            if case .note = s {} else { counted += 1 }
            if case .leave = s { left = true }
            result.append(s)
        }
        return ok ? result : nil
    }

    func resourceIndex(_ node: Node, _ path: String) -> Int? {
        guard let name = string(node, path, what: "a resource name") else { return nil }
        if let i = resourceByName[name] { return i }
        let hint = suggestion(for: name, among: resourceNames).map { "; did you mean '\($0)'?" } ?? ""
        report(node, path, "the pathway names the resource \(quoted(name)), which is not defined\(hint)")
        return nil
    }

    /// The index of the skill named by `node` among resource `r`'s skills.
    func skillIndex(_ node: Node, _ path: String, resource r: Int) -> Int? {
        guard let name = string(node, path, what: "a skill") else { return nil }
        let skills = resourceSkills[r] ?? []
        if let i = skills.firstIndex(of: name) { return i }
        if skills.isEmpty {
            report(node, path, "\(quoted(resourceNames[r])) has no skill groups ('units'), so a step cannot ask for the skill \(quoted(name))")
        } else {
            let hint = suggestion(for: name, among: skills).map { "; did you mean '\($0)'?" } ?? ""
            report(node, path, "no unit of \(quoted(resourceNames[r])) has the skill \(quoted(name))\(hint) (its skills: \(skills.joined(separator: ", ")))")
        }
        return nil
    }

    func step(_ node: Node, _ path: String, id: String, held: inout Set<Int>) -> Step? {
        guard case .mapping(let m) = node else {
            report(node, path, "a step must be a mapping such as {use: doctor, duration: 10}, got \(describe(node))")
            return nil
        }
        let kinds = m.compactMap { $0.key.scalar?.string }.filter { Keys.stepKinds.contains($0) }
        guard kinds.count == 1, let kind = kinds.first else {
            if kinds.isEmpty {
                let first = m.first?.key.scalar?.string ?? ""
                let hint = suggestion(for: first, among: Keys.stepKinds).map { "; did you mean '\($0)'?" } ?? ""
                report(m.first?.key ?? node, path, "a step needs one of \(Keys.stepKinds.joined(separator: ", "))\(hint)")
            } else {
                report(node, path, "a step has one kind, got \(kinds.joined(separator: " and "))")
            }
            return nil
        }
        switch kind {
        case "use":
            guard let f = fields(node, path, allowed: Keys.use, required: ["duration"], what: "a use step") else { return nil }
            let resource = f["use"].flatMap { resourceIndex($0, path + ".use") }
            if let r = resource, held.contains(r) {
                report(f["use"], path + ".use", "the patient already holds \(quoted(resourceNames[r])) here (seized earlier); release it first")
            }
            let d = f["duration"].flatMap { distribution($0, path + ".duration", what: "duration") }
            let byClass = f["by_class"].map { overrides($0, path + ".by_class") } ?? [:]
            var treatment: Bool?
            if let t = f["treatment"] {
                switch t.scalar?.string {
                case "true": treatment = true
                case "false": treatment = false
                default: report(t, path + ".treatment", "treatment must be true or false, got \(describe(t))")
                }
            }
            let skill = f["skill"].flatMap { r in resource.flatMap { skillIndex(r, path + ".skill", resource: $0) } }
            guard let r = resource, let d, let byClass, f["skill"] == nil || skill != nil else { return nil }
            return .use(resource: r, duration: d, byClass: byClass, treatment: treatment, id: id, skill: skill)
        case "seize":
            guard let f = fields(node, path, allowed: Keys.seize, what: "a seize step"),
                  let r = f["seize"].flatMap({ resourceIndex($0, path + ".seize") }) else { return nil }
            if !held.insert(r).inserted {
                report(f["seize"], path + ".seize", "\(quoted(resourceNames[r])) is already held here; release it before seizing it again")
                return nil
            }
            let skill = f["skill"].flatMap { skillIndex($0, path + ".skill", resource: r) }
            if f["skill"] != nil, skill == nil { return nil }
            return .seize(resource: r, skill: skill)
        case "release":
            guard let f = fields(node, path, allowed: Keys.release, what: "a release step"),
                  let r = f["release"].flatMap({ resourceIndex($0, path + ".release") }) else { return nil }
            if held.remove(r) == nil {
                report(f["release"], path + ".release", "release of \(quoted(resourceNames[r])), which the pathway has not seized at this point")
                return nil
            }
            return .release(resource: r)
        case "delay":
            guard let f = fields(node, path, allowed: Keys.delay, what: "a delay step"),
                  let d = f["delay"].flatMap({ distribution($0, path + ".delay", what: "delay") }) else { return nil }
            guard let byClass = f["by_class"].map({ overrides($0, path + ".by_class") }) ?? [:] else { return nil }
            return .delay(duration: d, byClass: byClass, id: id)
        case "note":
            guard let f = fields(node, path, allowed: Keys.note, what: "a note step"),
                  let text = f["note"].flatMap({ string($0, path + ".note", what: "the note's text") }) else { return nil }
            guard !text.isEmpty, !text.contains(where: \.isNewline) else {
                report(f["note"], path + ".note", "a note is one line of text, such as \"triage done\"")
                return nil
            }
            return .note(text: text)
        case "consume":
            guard let f = fields(node, path, allowed: Keys.consume, what: "a consume step"), let body = f["consume"] else { return nil }
            guard case .mapping(let m) = body, !m.isEmpty else {
                report(body, path + ".consume", "consume takes a mapping of supply items to units, such as {saline: 2}, got \(describe(body))")
                return nil
            }
            var items: [(item: Int, units: Int)] = []
            for (key, value) in m {
                let name = key.scalar?.string ?? ""
                let p = path + ".consume." + name
                guard let i = supplyNames.firstIndex(of: name) else {
                    let hint = suggestion(for: name, among: supplyNames).map { "; did you mean '\($0)'?" } ?? ""
                    report(key, p, "the pathway consumes \(quoted(name)), which is not among the supplies\(hint)"
                           + (supplyNames.isEmpty ? " (the scenario has no 'supplies' section)" : ""))
                    return nil
                }
                guard let units = wholeNumber(value, p, what: "units", minimum: 1, maximum: Limits.stock) else { return nil }
                if let quantity = supplyOrderQuantities[i], (units - 1) / quantity >= Limits.ordersAtOnce {
                    report(value, p, "\(units) units at once would make the reorder rule place \((units - 1) / quantity + 1) orders of \(quantity); "
                           + "the limit is \(Limits.ordersAtOnce) at once (raise the item's quantity)")
                    return nil
                }
                items.append((i, units))
            }
            return .consume(items: items)
        case "leave":
            guard let f = fields(node, path, allowed: Keys.leave, what: "a leave step") else { return nil }
            if f["leave"]?.scalar?.string != "true" {
                report(f["leave"], path + ".leave", "leave takes the value true")
                return nil
            }
            return .leave
        default:  // branch
            guard let f = fields(node, path, allowed: Keys.branch, what: "a branch step"),
                  let armsNode = f["branch"], let arms = list(armsNode, path + ".branch", what: "branch arms") else { return nil }
            var result: [BranchArm] = []
            var totals = Array(repeating: 0.0, count: classNames.count)
            var otherwise: (node: Node, steps: [Step])?
            // What each arm that does not leave holds at its end, to check they agree.
            var ends: [(held: Set<Int>, node: Node, path: String)] = []
            for (i, armNode) in arms.enumerated() {
                let p = "\(path).branch[\(i)]", armID = "\(id).branch[\(i)]"
                if case .mapping(let m) = armNode, m.count == 1, m.first?.key.scalar?.string == "otherwise" {
                    // `- otherwise: [steps]`: the rest of the probability, always the last arm.
                    guard i == arms.count - 1 else {
                        report(armNode, p, "the otherwise arm must be the branch's last arm")
                        continue
                    }
                    var armHeld = held
                    guard let armSteps = m.first.map({ $0.value }).flatMap({ steps($0, p + ".otherwise", held: &armHeld, allowEmpty: true, ids: armID + ".otherwise") }) else { continue }
                    guard armHolds(armSteps, armHeld, held, m.first!.value, p + ".otherwise") else { continue }
                    if !Self.endsWithLeave(armSteps) { ends.append((armHeld, m.first!.value, p + ".otherwise")) }
                    otherwise = (armNode, armSteps)
                    continue
                }
                guard let af = fields(armNode, p, allowed: Keys.arm, required: ["probability", "steps"], what: "a branch arm"),
                      let probabilities = af["probability"].flatMap({ armProbability($0, p + ".probability") }),
                      let stepsNode = af["steps"] else { continue }
                var armHeld = held
                guard let armSteps = steps(stepsNode, p + ".steps", held: &armHeld, ids: armID + ".steps"),
                      armHolds(armSteps, armHeld, held, stepsNode, p + ".steps") else { continue }
                if !Self.endsWithLeave(armSteps) { ends.append((armHeld, stepsNode, p + ".steps")) }
                for c in totals.indices { totals[c] += probabilities[c] }
                result.append(BranchArm(probabilities: probabilities, steps: armSteps))
            }
            // Class indices: the text of a message is made only when there is one to give.
            var over: [Int] = [], under: [Int] = []
            for c in pathwayClasses ?? Array(totals.indices) {
                if totals[c] > 1 + 1e-9 { over.append(c) }
                if totals[c] < 1 - 1e-9 { under.append(c) }
            }
            let named = { (classes: [Int]) in Self.list(classes.map { "\(self.classNames[$0]) (\(readable(totals[$0])))" }, "class") }
            if !over.isEmpty {
                report(armsNode, path + ".branch",
                       "the branch's probabilities sum to more than 1 for \(named(over)); at most 1 is allowed")
            }
            if let otherwise {
                if under.isEmpty {
                    report(otherwise.node, path + ".branch",
                           "the otherwise arm is never taken: the other arms' probabilities already sum to 1", severity: .warning)
                }
                result.append(BranchArm(probabilities: totals.map { max(0, 1 - $0) }, steps: otherwise.steps, isOtherwise: true))
            } else if !under.isEmpty, over.isEmpty {
                // The format lets the rest continue past the branch; say so, since a sum short of 1
                // is as often a slip as a choice.
                report(armsNode, path + ".branch",
                       "the branch's probabilities sum to less than 1 for \(named(under)); the rest continue past the branch. "
                       + "Add '- otherwise: []' as the last arm to say so, or give the arms that are missing", severity: .warning)
            }
            guard result.count == arms.count else { return nil }
            // Patients go on past the branch holding the same, whichever arm they took (or none,
            // when the arms leave some probability to continue straight on).
            let continuesStraight = otherwise == nil && totals.contains { $0 < 1 - 1e-9 }
            if let expected = continuesStraight ? held : ends.first?.held {
                for end in ends where end.held != expected {
                    func names(_ s: Set<Int>) -> String { s.isEmpty ? "nothing" : s.sorted().map { quoted(resourceNames[$0]) }.joined(separator: ", ") }
                    report(end.node, end.path, "every way through a branch must end holding the same resources: this arm ends holding \(names(end.held)), "
                           + (continuesStraight ? "patients taking no arm hold " : "the first arm ends holding ") + "\(names(expected)) (or end the arm with leave)")
                    return nil
                }
                held = expected
            }
            return .branch(arms: result, id: id)
        }
    }

    /// A branch arm must release what it seizes, unless it ends with leave; it may release what
    /// was held before the branch (every arm then alike).
    func armHolds(_ armSteps: [Step], _ armHeld: Set<Int>, _ held: Set<Int>, _ node: Node, _ path: String) -> Bool {
        if !Self.endsWithLeave(armSteps), !armHeld.isSubset(of: held) {
            let kept = armHeld.subtracting(held).sorted().map { quoted(resourceNames[$0]) }.joined(separator: ", ")
            report(node, path, "a branch arm must release what it seizes (this one keeps \(kept)), or end with leave")
            return false
        }
        return true
    }

    static func endsWithLeave(_ steps: [Step]) -> Bool { if case .leave = steps.last { true } else { false } }

    /// "class a (0.5), b (0.3)" or "classes a (0.5), b (0.3), …" for a message, cut after five.
    static func list(_ items: [String], _ noun: String) -> String {
        let shown = items.prefix(5).joined(separator: ", ") + (items.count > 5 ? " and \(items.count - 5) more" : "")
        return (items.count == 1 ? noun : noun + "es") + " " + shown
    }

    /// `by_class: {resus: {duration: ...}}`, keyed by class index.
    func overrides(_ node: Node, _ path: String) -> [Int: Distribution]? {
        guard let f = fields(node, path, allowed: classNames, what: "by_class", allowedSet: classNameSet) else { return nil }
        var result: [Int: Distribution] = [:]
        for (name, value) in f {
            let p = path + "." + name
            guard let inner = fields(value, p, allowed: Keys.classOverride, required: ["duration"], what: "a class override"),
                  let d = inner["duration"].flatMap({ distribution($0, p + ".duration", what: "duration") }) else { return nil }
            noteIfNotFollowing(classByName[name]!, value, p, "override")
            result[classByName[name]!] = d
        }
        return result
    }

    /// A probability for every class, or a map of class to probability (absent classes: 0).
    func armProbability(_ node: Node, _ path: String) -> [Double]? {
        if case .scalar = node {
            guard let x = number(node, path, what: "a probability") else { return nil }
            guard (0...1).contains(x) else {
                report(node, path, "a probability must lie between 0 and 1, got \(readable(x))")
                return nil
            }
            return Array(repeating: x, count: classNames.count)
        }
        return classProbabilities(node, path, what: "per-class probabilities", inPathway: true)
    }

    /// `{class: probability}` as one probability per class index (absent classes: 0).
    /// `inPathway`: a branch's probabilities, whose classes may not follow the pathway read.
    func classProbabilities(_ node: Node, _ path: String, what: String, inPathway: Bool = false) -> [Double]? {
        guard let f = fields(node, path, allowed: classNames, what: what, allowedSet: classNameSet) else { return nil }
        var result = Array(repeating: 0.0, count: classNames.count)
        for (name, value) in f {
            guard let x = number(value, path + "." + name, what: "a probability") else { return nil }
            guard (0...1).contains(x) else {
                report(value, path + "." + name, "a probability must lie between 0 and 1, got \(readable(x))")
                return nil
            }
            if inPathway { noteIfNotFollowing(classByName[name]!, value, path + "." + name, "probability") }
            result[classByName[name]!] = x
        }
        return result
    }

    /// A per-class setting (at `path`) of class `c` in a pathway that `c` does not follow, it
    /// having its own: a warning, and a key that changing would change nothing.
    func noteIfNotFollowing(_ c: Int, _ node: Node, _ path: String, _ what: String) {
        guard let following = pathwayClasses, !following.contains(c) else { return }
        let why = "the class \(quoted(classNames[c])) follows its own pathway, so this \(what) in another pathway is not used"
        report(node, path, why, severity: .warning)
        unusedKeys[path.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")] = why
    }
}
