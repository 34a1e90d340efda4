import Foundation
import SimKernel
import Yams

/// The `clinics:` section: outpatient clinics with sessions and booked appointments.
extension ScenarioReader {
    func clinicList(_ node: Node) -> [Clinic]? {
        guard let items = list(node, "clinics", what: "clinics") else { return nil }
        if items.isEmpty { report(node, "clinics", "clinics must list at least one clinic (or be left out)") }
        var result: [Clinic] = []
        var seen = Set<String>()
        for (i, item) in items.enumerated() {
            let path = "clinics[\(i)]"
            guard let f = fields(item, path, allowed: Keys.clinic, required: ["name", "class", "sessions"], what: "a clinic"),
                  let name = f["name"].flatMap({ self.name($0, path + ".name", what: "a clinic name") }) else { continue }
            if !seen.insert(name).inserted { report(f["name"], path + ".name", "the clinic \(quoted(name)) is defined twice") }
            let classIndex = f["class"].flatMap { clinicClass($0, path + ".class") }
            let sessions = f["sessions"].flatMap { clinicSessions($0, path + ".sessions") }
            let booking = f["booking"].map { bookingRule($0, path + ".booking") } ?? .individual
            let overbook = f["overbook"].map { wholeNumber($0, path + ".overbook", what: "overbook", minimum: 0, maximum: 10_000) } ?? 0
            let noShow = f["no_show"].map { probability($0, path + ".no_show", what: "no_show") } ?? 0
            let fill = f["fill"].map { probability($0, path + ".fill", what: "fill") } ?? 1
            let doctors = f["doctors"].map { wholeNumber($0, path + ".doctors", what: "doctors", minimum: 1, maximum: Limits.units) } ?? 1
            let lateness = f["lateness"].flatMap { self.lateness($0, path + ".lateness") }
            guard let classIndex, let sessions, let booking, let overbook, let noShow, let fill, let doctors else { continue }
            if case .offsets(let offsets) = booking, let last = offsets.max(), let shortest = sessions.map(\.length).min(), last >= shortest {
                report(f["booking"], path + ".booking.offsets", "an appointment at \(readable(last)) \(timeUnit.rawValue)s is not within the "
                       + "shortest session (\(readable(shortest)) \(timeUnit.rawValue)s of slots); give more slots or an earlier offset",
                       severity: .warning)
            }
            result.append(Clinic(name: name, classIndex: classIndex, sessions: sessions, booking: booking, overbook: overbook,
                                 noShow: noShow, lateness: lateness, fill: fill, doctors: doctors))
            let sessionNodes: [Node] = f["sessions"].flatMap { if case .sequence(let s) = $0 { Array(s) } else { nil } } ?? []
            sessionMarks.append(sessionNodes.map(\.mark))
        }
        return result
    }

    func clinicClass(_ node: Node, _ path: String) -> Int? {
        guard let text = name(node, path, what: "a class name") else { return nil }
        if let c = classByName[text] { return c }
        let hint = suggestion(for: text, among: classNames).map { "; did you mean '\($0)'?" } ?? ""
        report(node, path, "unknown class \(quoted(text))\(hint) (classes: \(classNames.joined(separator: ", ")))")
        return nil
    }

    func probability(_ node: Node, _ path: String, what: String) -> Double? {
        guard let x = number(node, path, what: what) else { return nil }
        guard (0...1).contains(x) else {
            report(node, path, "\(what) is a probability and must lie between 0 and 1, got \(readable(x))")
            return nil
        }
        return x
    }

    /// `[{days: [mon, wed], start: "09:00", slots: 12, slot_length: 15 min}, ...]`.
    func clinicSessions(_ node: Node, _ path: String) -> [Clinic.Session]? {
        guard let items = list(node, path, what: "sessions") else { return nil }
        if items.isEmpty { report(node, path, "sessions must list at least one session") }
        var sessions: [Clinic.Session] = []
        for (i, item) in items.enumerated() {
            let p = "\(path)[\(i)]"
            guard let f = fields(item, p, allowed: Keys.clinicSession, required: ["start", "slots", "slot_length"], what: "a session"),
                  let start = f["start"].flatMap({ clockTime($0, p + ".start", what: "start") }),
                  let slots = f["slots"].flatMap({ wholeNumber($0, p + ".slots", what: "slots", minimum: 1, maximum: 10_000) }),
                  let length = f["slot_length"].flatMap({ time($0, p + ".slot_length", what: "slot_length") }) else { continue }
            guard length > 0 else {
                report(f["slot_length"], p + ".slot_length", "slot_length must be longer than 0")
                continue
            }
            var days: Set<Int>?
            if let d = f["days"] {
                guard let list = dayList(d, p + ".days") else { continue }
                days = list
            }
            let session = Clinic.Session(days: days, start: start % 1440, slots: slots, slotLength: length)
            // A session running into the next day's start would overlap itself.
            if session.length * timeUnit.minutes > 1440 {
                report(item, p, "a session of \(slots) slots of \(readable(length)) \(timeUnit.rawValue)s lasts more than a day")
                continue
            }
            sessions.append(session)
        }
        return sessions.count == items.count && !sessions.isEmpty ? sessions : nil
    }

    /// `individual`, `bailey-welch`, or `{offsets: [0, 0, 15, 30]}`.
    func bookingRule(_ node: Node, _ path: String) -> Clinic.Booking? {
        if case .scalar(let s) = node {
            switch s.string {
            case "individual": return .individual
            case "bailey-welch": return .baileyWelch
            default:
                let hint = suggestion(for: s.string, among: Keys.bookingRules).map { "; did you mean '\($0)'?" } ?? ""
                report(node, path, "booking must be individual, bailey-welch or {offsets: [...]}, got \(quoted(s.string))\(hint)")
                return nil
            }
        }
        guard let f = fields(node, path, allowed: Keys.booking, required: ["offsets"], what: "booking"),
              let offsetsNode = f["offsets"], let items = list(offsetsNode, path + ".offsets", what: "offsets") else { return nil }
        var offsets: [Double] = []
        for (i, item) in items.enumerated() {
            guard let t = time(item, path + ".offsets[\(i)]", what: "an offset") else { return nil }
            offsets.append(t)
        }
        if offsets.isEmpty { report(offsetsNode, path + ".offsets", "offsets must list at least one appointment"); return nil }
        return .offsets(offsets)
    }

    /// Arrival minus appointment time: a time (negative: early), `{normal: {mean, sd}}` or
    /// `{uniform: {min, max}}` with any signs, or any other distribution (never early).
    func lateness(_ node: Node, _ path: String) -> Clinic.Lateness? {
        func signedTime(_ n: Node, _ p: String, what: String) -> Double? {
            guard case .scalar(let s) = n else { return time(n, p, what: what) }
            let text = s.string.trimmingBlanks()
            guard text.hasPrefix("-") else { return time(n, p, what: what) }
            switch TimeText.duration(String(text.dropFirst()), unit: timeUnit) {
            case .success(let x): return -x
            case .failure(let e):
                report(n, p, "\(what): \(e.message)")
                return nil
            }
        }
        if case .scalar = node { return signedTime(node, path, what: "lateness").map { .fixed($0) } }
        if case .mapping(let m) = node, m.count == 1, let key = m.first?.key.scalar?.string, key == "normal" || key == "uniform" {
            let here = path + "." + key
            let names = key == "normal" ? ["mean", "sd"] : ["min", "max"]
            // A missing parameter has been reported by `fields`, which still returns the others.
            guard let f = fields(m.first!.value, here, allowed: names, required: names, what: "\(key) parameters"),
                  let first = f[names[0]], let second = f[names[1]],
                  let a = signedTime(first, here + "." + names[0], what: "\(key) \(names[0])"),
                  let b = signedTime(second, here + "." + names[1], what: "\(key) \(names[1])") else { return nil }
            if key == "normal" {
                guard b >= 0 else { report(f["sd"], here + ".sd", "normal sd must not be negative"); return nil }
                return .normal(mean: a, sd: b)
            }
            guard a <= b else { report(f["min"], here + ".min", "uniform min (\(readable(a))) must not exceed max (\(readable(b)))"); return nil }
            return .uniform(min: a, max: b)
        }
        return distribution(node, path, what: "lateness").map { .distribution($0) }
    }
}
