import SimKernel
import Yams

/// The sections of a scenario file, each read with its checks.
extension ScenarioReader {
    func scenario(_ root: Node) -> Scenario? {
        // Top-level keys starting `x-` are the writer's own (anchors to merge, notes): not read.
        var root = root
        if case .mapping(let m) = root, m.contains(where: { $0.key.scalar?.string.hasPrefix("x-") == true }) {
            root = .mapping(Node.Mapping(m.filter { $0.key.scalar?.string.hasPrefix("x-") != true }.map { ($0.key, $0.value) }, m.tag, m.style, m.mark))
        }
        // Walk-in arrivals may be left out when clinics bring the patients.
        let hasClinics: Bool = if case .mapping(let m) = root { m.contains { $0.key.scalar?.string == "clinics" } } else { false }
        guard let top = fields(root, "", allowed: Keys.top, required: ["name", "run", "resources"] + (hasClinics ? [] : ["arrivals"]),
                               what: "the scenario") else { return nil }
        let name = top["name"].flatMap { self.name($0, "name", what: "name") }
        let description = top["description"].flatMap { string($0, "description", what: "description") }
        if let unitNode = top["time_unit"] {
            let text = unitNode.scalar?.string ?? ""
            if let unit = TimeUnit(rawValue: text) {
                timeUnit = unit
            } else {
                let hint = suggestion(for: text, among: TimeUnit.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                report(unitNode, "time_unit", "time_unit must be minute, hour or day, got \(quoted(text))\(hint)")
            }
        }
        let run = top["run"].flatMap(runSettings)
        let classes = classList(top["classes"])
        let resources = top["resources"].flatMap(resourceList) ?? []
        let arrivals = top["arrivals"].flatMap(arrivalList) ?? []
        marks["arrivals"] = top["arrivals"]?.mark
        let supplies = top["supplies"].flatMap(supplyList) ?? []
        let clinics = top["clinics"].flatMap(clinicList) ?? []
        // Read from the file, not the streams read, so that a broken stream still has its shares checked.
        let streamWithoutMix: String? = if case .sequence(let items) = top["arrivals"] {
            items.enumerated().first { _, item in
                if case .mapping(let m) = item { !m.contains { $0.key.scalar?.string == "classes" } } else { false }
            }.map { i, item in item["name"]?.scalar?.string ?? "arrivals[\(i)]" }
        } else { nil }
        if let classes = top["classes"], let stream = streamWithoutMix { checkShares(classes, stream: stream, clinics: clinics) }
        if streamWithoutMix == nil {
            // Every stream brings its own mix: the shares are written (the example does, for
            // readers) but never used to pick a class.
            for (c, (share, _)) in classShares.enumerated() where share != nil {
                unusedKeys["classes.\(c).share"] = "every arrival stream gives its own class mix ('classes:'), so the classes' shares are not used; change the streams' mixes instead"
            }
        }

        var ownPathways: [(index: Int, node: Node)] = []
        if let classNode = top["classes"], case .sequence(let seq) = classNode {
            for (i, item) in seq.enumerated() where i < classes.count {
                guard case .mapping(let m) = item,
                      let p = m.first(where: { $0.key.scalar?.string == "pathway" })?.value else { continue }
                ownPathways.append((i, p))
            }
        }
        var pathway: [Step] = []
        if let node = top["pathway"] {
            var held = Set<Int>()
            let own = Set(ownPathways.map(\.index))
            pathwayClasses = classes.indices.filter { !own.contains($0) }
            pathway = steps(node, "pathway", held: &held) ?? []
        }
        var classesWithPathways = classes
        for (i, node) in ownPathways {
            var held = Set<Int>()
            pathwayClasses = [i]
            classesWithPathways[i].pathway = steps(node, "classes[\(i)].pathway", held: &held)
        }
        pathwayClasses = nil
        if top["pathway"] == nil, classesWithPathways.contains(where: { $0.pathway == nil }) {
            let missing = classesWithPathways.filter { $0.pathway == nil }.map(\.name).joined(separator: ", ")
            report(root, "pathway", "the scenario needs a pathway (or every class its own; missing for: \(missing))")
        }
        let policy = top["policy"].flatMap { policySpec($0, "policy") }
        if top["policy"] != nil, !resources.isEmpty, !resources.contains(where: \.followsScenarioPolicy) {
            unusedKeys["policy"] = "every resource that queues has its own discipline, so the scenario's policy is not used; change a resource's discipline instead"
        }
        let windows = top["windows"].map(windowList) ?? []
        guard let name, let run else { return nil }
        var scenario = Scenario(name: name, description: description, timeUnit: timeUnit, run: run, arrivals: arrivals,
                                classes: classesWithPathways, resources: resources, pathway: pathway, policy: policy, file: file)
        scenario.windows = windows
        scenario.supplies = supplies
        scenario.clinics = clinics
        return scenario
    }

    /// Skill groups: `[{name: cardiologists, count: 3, skills: [cardiology]}, ...]`.
    func unitGroups(_ node: Node, _ path: String) -> [UnitGroup]? {
        guard let items = list(node, path, what: "units") else { return nil }
        var groups: [UnitGroup] = []
        var ok = true
        for (i, item) in items.enumerated() {
            let p = "\(path)[\(i)]"
            guard let f = fields(item, p, allowed: Keys.unitGroup, required: ["name", "skills"], what: "a unit group"),
                  let name = f["name"].flatMap({ self.name($0, p + ".name", what: "a group's name") }),
                  let skillNode = f["skills"] else { ok = false; continue }
            if (f["count"] == nil) == (f["shifts"] == nil) {
                report(item, p, "a unit group needs 'count' (a fixed number of units) or 'shifts' (its own roster), one of them")
                ok = false
                continue
            }
            let shifts = f["shifts"].flatMap { roster($0, p + ".shifts") }
            guard let count = f["count"].flatMap({ wholeNumber($0, p + ".count", what: "count", minimum: 0, maximum: Limits.units) })
                    ?? shifts.map({ Roster(shifts: $0).changes.map(\.capacity).max() ?? 0 }) else { ok = false; continue }
            if groups.contains(where: { $0.name == name }) { report(f["name"], p + ".name", "the group \(quoted(name)) is named twice") }
            let raw: [Node] = if case .sequence(let seq) = skillNode { Array(seq) } else { [skillNode] }
            var skills: [String] = []
            for (k, s) in raw.enumerated() {
                guard let skill = self.name(s, p + ".skills[\(k)]", what: "a skill") else { ok = false; continue }
                if !skills.contains(skill) { skills.append(skill) }
            }
            if skills.isEmpty { report(skillNode, p + ".skills", "a group needs at least one skill"); ok = false }
            groups.append(UnitGroup(name: name, count: count, skills: skills, shifts: shifts))
        }
        if groups.isEmpty, ok { report(node, path, "units needs at least one group") }
        let skillCount = Set(groups.flatMap(\.skills)).count
        if skillCount > 63 { report(node, path, "a resource has at most 63 skills; these groups name \(skillCount)"); return nil }
        return ok && !groups.isEmpty ? groups : nil
    }

    /// Days of the week, `mon` ... `sun` (or in full), one or a list: 0 is Monday.
    func dayList(_ node: Node, _ path: String) -> Set<Int>? {
        let items: [Node]
        if case .sequence(let seq) = node { items = Array(seq) } else { items = [node] }
        var set = Set<Int>()
        var ok = true
        for (i, item) in items.enumerated() {
            let text = item.scalar?.string.lowercased() ?? ""
            let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            if let day = TimeWindow.dayNames.firstIndex(of: text) ?? full.firstIndex(of: text) {
                set.insert(day)
            } else {
                let hint = suggestion(for: text, among: TimeWindow.dayNames).map { "; did you mean '\($0)'?" } ?? ""
                report(item, path + "[\(i)]", "a day is one of mon, tue, wed, thu, fri, sat, sun, got \(describe(item))\(hint)")
                ok = false
            }
        }
        if items.isEmpty { report(node, path, "days must name at least one day"); ok = false }
        return ok ? set : nil
    }

    func supplyList(_ node: Node) -> [SupplyItem]? {
        guard let items = list(node, "supplies", what: "supplies") else { return nil }
        var result: [SupplyItem] = []
        for (i, item) in items.enumerated() {
            let path = "supplies[\(i)]"
            guard let f = fields(item, path, allowed: Keys.supply, required: ["name", "initial", "lead_time"], what: "a supply item"),
                  let name = f["name"].flatMap({ self.name($0, path + ".name", what: "a supply item's name") }) else { continue }
            if result.contains(where: { $0.name == name }) { report(f["name"], path + ".name", "the supply item \(quoted(name)) is defined twice") }
            let initial = f["initial"].flatMap { wholeNumber($0, path + ".initial", what: "initial", minimum: 0, maximum: Limits.stock) }
            let leadTime = f["lead_time"].flatMap { distribution($0, path + ".lead_time", what: "lead_time") }
            func money(_ key: String) -> Double {
                guard let n = f[key], let x = number(n, path + "." + key, what: key) else { return 0 }
                if x < 0 { report(n, path + "." + key, "\(key) must not be negative") }
                return x
            }
            var reorder: SupplyItem.Reorder?
            if let r = f["reorder"], let rf = fields(r, path + ".reorder", allowed: Keys.reorder, what: "reorder") {
                let p = path + ".reorder"
                if rf["point"] != nil || rf["quantity"] != nil {
                    if rf["every"] != nil || rf["up_to"] != nil {
                        report(r, p, "reorder is either {point, quantity} (continuous review) or {every, up_to} (periodic review), not both")
                    } else if let point = rf["point"].flatMap({ wholeNumber($0, p + ".point", what: "point", minimum: -Limits.stock, maximum: Limits.stock) }),
                              let quantity = rf["quantity"].flatMap({ wholeNumber($0, p + ".quantity", what: "quantity", minimum: 1, maximum: Limits.stock) }) {
                        reorder = .pointQuantity(point: point, quantity: quantity)
                        if let initial, point >= initial, (point - initial) / quantity >= Limits.ordersAtOnce {
                            report(rf["point"], p + ".point", "the stock of \(initial) is \(point - initial) units below the point: the first check "
                                   + "would place \((point - initial) / quantity + 1) orders of \(quantity); the limit is \(Limits.ordersAtOnce) at once (raise quantity)")
                        }
                    } else if rf["point"] == nil || rf["quantity"] == nil {
                        report(r, p, "continuous review needs both 'point' and 'quantity'")
                    }
                } else if let every = rf["every"].flatMap({ time($0, p + ".every", what: "every") }),
                          let upTo = rf["up_to"].flatMap({ wholeNumber($0, p + ".up_to", what: "up_to", minimum: 1, maximum: Limits.stock) }) {
                    if every <= 0 { report(rf["every"], p + ".every", "every must be a positive time") } else { reorder = .periodic(every: every, upTo: upTo) }
                } else if rf["every"] == nil || rf["up_to"] == nil {
                    report(r, p, "reorder needs {point, quantity} (continuous review) or {every, up_to} (periodic review)")
                }
            }
            var skip = false
            if let o = f["on_stockout"] {
                switch o.scalar?.string {
                case "wait": skip = false
                case "skip": skip = true
                default:
                    let text = o.scalar?.string ?? ""
                    let hint = suggestion(for: text, among: Keys.onStockout).map { "; did you mean '\($0)'?" } ?? ""
                    report(o, path + ".on_stockout", "on_stockout is wait or skip, got \(describe(o))\(hint)")
                }
            }
            guard let initial, let leadTime else { continue }
            result.append(SupplyItem(name: name, initial: initial, reorder: reorder, leadTime: leadTime,
                                     unitCost: money("unit_cost"), orderCost: money("order_cost"), skipWhenShort: skip))
        }
        supplyNames = result.map(\.name)
        supplyOrderQuantities = result.map { item in
            if case .pointQuantity(_, let quantity) = item.reorder { return quantity }
            return nil
        }
        return result
    }

    /// `windows: {night: {from: "20:00", to: "08:00", days: [sat, sun]}, ...}`.
    func windowList(_ node: Node) -> [TimeWindow] {
        guard case .mapping(let m) = node else {
            report(node, "windows", "windows must be a mapping of names to {from, to, days}, got \(describe(node))")
            return []
        }
        if m.count > 64 { report(node, "windows", "at most 64 windows, got \(m.count)") }
        var result: [TimeWindow] = []
        for (keyNode, value) in m.prefix(64) {
            guard let name = self.name(keyNode, "windows", what: "a window name") else { continue }
            let path = Self.join("windows", name)
            guard let f = fields(value, path, allowed: Keys.window, required: ["from", "to"], what: "a window") else { continue }
            var ok = true
            func onTheHour(_ key: String) -> Int? {
                guard let n = f[key], let t = clockTime(n, Self.join(path, key), what: key) else { ok = false; return nil }
                if t % 60 != 0 {
                    report(n, Self.join(path, key), "a window starts and ends on the hour (its resource averages are kept by the hour), got \(describe(n))")
                    ok = false
                }
                return t % 1440
            }
            let from = onTheHour("from"), to = onTheHour("to")
            var days: Set<Int>?
            if let d = f["days"] {
                days = dayList(d, Self.join(path, "days"))
                if days == nil { ok = false }
            }
            guard ok, let from, let to else { continue }
            result.append(TimeWindow(name: name, from: from, to: to, days: days))
        }
        return result
    }

    func runSettings(_ node: Node) -> RunSettings? {
        guard let f = fields(node, "run", allowed: Keys.run, required: ["horizon"], what: "run") else { return nil }
        marks["run.horizon"] = f["horizon"]?.mark
        let horizon = f["horizon"].flatMap { time($0, "run.horizon", what: "horizon") }
        if let horizon, horizon <= 0 { report(f["horizon"], "run.horizon", "horizon must be positive") }
        let warmup = f["warmup"].map { time($0, "run.warmup", what: "warmup") } ?? 0
        let replications = f["replications"].map { wholeNumber($0, "run.replications", what: "replications", minimum: 1, maximum: Limits.replications) } ?? 10
        var seed: UInt64? = 1
        if let s = f["seed"] {
            seed = s.scalar.flatMap { UInt64($0.string) }
            if seed == nil { report(s, "run.seed", "seed must be a whole number >= 0, got \(describe(s))") }
        }
        var antithetic = false
        if let a = f["antithetic"] {
            switch a.scalar?.string {
            case "true": antithetic = true
            case "false": antithetic = false
            default: report(a, "run.antithetic", "antithetic must be true or false, got \(describe(a))")
            }
        }
        var start: Int?
        runStartGiven = f["start"] != nil
        if let s = f["start"] {
            let text = s.scalar?.string ?? ""
            if let day = CivilDate.days(isoDate: text) {
                if CivilDate.weekday(day) == 0 {
                    start = day
                } else {
                    report(s, "run.start", "start must be a Monday (simulated time 0 is a Monday 00:00, where hour-of-week profiles and rosters begin); \(text) is not: use \(CivilDate.isoDate(day - CivilDate.weekday(day)))")
                }
            } else {
                report(s, "run.start", "start must be a date such as 2026-03-02, got \(describe(s))")
            }
        }
        guard let horizon, horizon > 0, let warmup, let replications, let seed else { return nil }
        var settings = RunSettings(horizon: horizon, warmup: warmup, replications: replications, seed: seed)
        settings.antithetic = antithetic
        settings.start = start
        runStart = start
        return settings
    }

    func classList(_ node: Node?) -> [PatientClass] {
        guard let node else {
            classNames = ["all"]
            classPriorities = [1]
            return [PatientClass(name: "all", share: 1, priority: 1, target: nil, patience: nil, pathway: nil)]
        }
        guard let items = list(node, "classes", what: "classes") else { return [] }
        if items.isEmpty { report(node, "classes", "classes must list at least one class (or be left out)") }
        var result: [PatientClass] = []
        var seenClasses = Set<String>()
        for (i, item) in items.enumerated() {
            let path = "classes[\(i)]"
            guard let f = fields(item, path, allowed: Keys.patientClass, required: ["name"], what: "a class") else { continue }
            let name = f["name"].flatMap { self.name($0, path + ".name", what: "a class name") } ?? "class\(i)"
            if !seenClasses.insert(name).inserted { report(f["name"], path + ".name", "the class \(quoted(name)) is defined twice") }
            var share = f["share"].flatMap { number($0, path + ".share", what: "share") }
            if let s = share, s < 0 || s > 1 {
                report(f["share"], path + ".share", "share must lie between 0 and 1, got \(readable(s))")
                share = 0
            }
            classShares.append((share, item))
            var priority = 1
            if let p = f["priority"] {
                if case .scalar(let s) = p, let x = Int(s.string) { priority = x } else {
                    report(p, path + ".priority", "priority must be a whole number (smaller is more urgent), got \(describe(p))")
                }
            }
            let target = f["target"].flatMap { time($0, path + ".target", what: "target") }
            let stayTarget = f["stay_target"].flatMap { time($0, path + ".stay_target", what: "stay_target") }
            let patience = f["patience"].flatMap { distribution($0, path + ".patience", what: "patience") }
            result.append(PatientClass(name: name, share: share ?? 0, priority: priority, target: target,
                                       patience: patience, pathway: nil, stayTarget: stayTarget))
        }
        classNames = result.map(\.name)
        classPriorities = result.map(\.priority)
        return result
    }

    /// Shares are needed only when some arrival stream has no class mix of its own; then every
    /// class has one, but a class fed only by clinics may leave it out (it gets 0), and they
    /// sum to 1.
    func checkShares(_ node: Node, stream: String, clinics: [Clinic]) {
        guard !classShares.isEmpty else { return }
        let clinicClasses = Set(clinics.map(\.classIndex))
        var sum = 0.0
        var complete = true
        for (c, (share, item)) in classShares.enumerated() {
            if let share { sum += share; continue }
            if clinicClasses.contains(c) { continue }
            report(item, "classes[\(c)].share", "the class \(quoted(classNames[c])) needs a share: the arrival stream \(quoted(stream)) "
                   + "gives no class mix of its own (give it one with 'classes:', or give every class a share)")
            complete = false
        }
        if complete, abs(sum - 1) > 1e-9 {
            report(node, "classes", "class shares must sum to 1, they sum to \(readable(sum))")
        }
    }

    func resourceList(_ node: Node) -> [Resource]? {
        guard let items = list(node, "resources", what: "resources") else { return nil }
        var result: [Resource] = []
        var seenResources = Set<String>()
        var cleaners: [(Int, String, Node)] = []
        for (i, item) in items.enumerated() {
            let path = "resources[\(i)]"
            guard let f = fields(item, path, allowed: Keys.resource, required: ["name"], what: "a resource") else { continue }
            let misspelt = lastSuggestions
            let name = f["name"].flatMap { self.name($0, path + ".name", what: "a resource name") } ?? "resource\(i)"
            if !seenResources.insert(name).inserted { report(f["name"], path + ".name", "the resource \(quoted(name)) is defined twice") }
            var capacity: Int?
            let groups = f["units"].flatMap { unitGroups($0, path + ".units") }
            if let u = f["units"] {
                for key in ["capacity", "shifts"] where f[key] != nil {
                    report(f[key], path + "." + key, "a resource with skill groups ('units') takes its capacity from their counts; leave out '\(key)'")
                }
                if let g = groups { capacity = g.reduce(0) { $0 + $1.count } }
                if let d = f["discipline"], let choice = policySpec(d, path + ".discipline"), choice.traits.preemptive {
                    report(d, path + ".discipline", "a preemptive discipline cannot be used with skill groups")
                }
                if capacity ?? 0 > Limits.units { report(u, path + ".units", "the groups add up to \(capacity!) units; the limit is \(Limits.units)") }
            } else if let c = f["capacity"] {
                if c.scalar?.string == "infinite" { capacity = nil } else {
                    capacity = wholeNumber(c, path + ".capacity", what: "capacity", minimum: 0, maximum: Limits.units) ?? 0
                }
            } else if f["shifts"] == nil, misspelt.isDisjoint(with: ["capacity", "shifts", "units"]) {
                report(item, path, "a resource needs 'capacity' (a whole number or \"infinite\"), 'shifts' or 'units'")
            }
            let shifts = f["shifts"].flatMap { roster($0, path + ".shifts") }
            if shifts != nil, let c = f["capacity"], c.scalar?.string == "infinite" {
                report(c, path + ".capacity", "a resource with shifts cannot also have infinite capacity")
            } else if shifts != nil, f["units"] == nil, let c = f["capacity"] {
                let why = "the shifts of \(quoted(name)) set its units on duty hour by hour, so its capacity is not used; change resources.\(name).shifts.N.capacity instead"
                report(c, path + ".capacity", why, severity: .warning)
                unusedKeys["resources.\(i).capacity"] = why
            }
            let queueCapacity = f["queue_capacity"].flatMap { wholeNumber($0, path + ".queue_capacity", what: "queue_capacity", minimum: 0, maximum: Limits.queueCapacity) }
            if let q = f["queue_capacity"], f["shifts"] == nil, f["units"] == nil, f["capacity"]?.scalar?.string == "infinite" {
                let why = "\(quoted(name)) has infinite capacity, so nobody queues for it and its queue_capacity is not used"
                report(q, path + ".queue_capacity", why, severity: .warning)
                unusedKeys["resources.\(i).queue_capacity"] = why
            }
            let discipline = f["discipline"].flatMap { policySpec($0, path + ".discipline") }
            let surge = f["surge"].flatMap { surgeRule($0, path + ".surge") }
            if f["units"] != nil, surge != nil || discipline?.traits.surge != nil {
                report(f["surge"] ?? f["discipline"], path + (surge != nil ? ".surge" : ".discipline"),
                       "surge staffing cannot be used with skill groups: a surge unit would have no group")
            }
            if surge != nil, discipline?.traits.surge != nil {
                report(f["surge"], path + ".surge", "a resource has one surge rule: this one and its discipline's surge-staffing; keep one")
            }
            var cost = Cost()
            if let c = f["cost"], let cf = fields(c, path + ".cost", allowed: Keys.cost, what: "cost") {
                func money(_ key: String) -> Double {
                    guard let n = cf[key], let x = number(n, path + ".cost." + key, what: key) else { return 0 }
                    if x < 0 { report(n, path + ".cost." + key, "\(key) must not be negative") }
                    return x
                }
                cost = Cost(staffedPerHour: money("staffed_per_hour"), busyPerHour: money("busy_per_hour"), perUse: money("per_use"),
                            perDay: money("per_day"))
                if f["shifts"] == nil, f["capacity"]?.scalar?.string == "infinite", cost.staffedPerHour > 0 {
                    report(cf["staffed_per_hour"], path + ".cost.staffed_per_hour",
                           "staffed_per_hour cannot be charged on infinite capacity; use busy_per_hour or per_use")
                }
            }
            // Overlapping shifts add up: the units needed are the most staffed at any minute.
            let peak = shifts.map { Roster(shifts: $0).changes.map(\.capacity).max() ?? 0 }
            if let peak, peak > Limits.units {
                report(f["shifts"], path + ".shifts", "the roster staffs \(peak) units at its peak; the limit is \(Limits.units)")
            }
            // `{use: cleaner, duration: ...}` needs a unit of another resource; anything else is a duration.
            var turnaround: Distribution?
            var cleanerName: (name: String, node: Node)?
            if let t = f["turnaround"], case .mapping(let m) = t, m.contains(where: { $0.key.scalar?.string == "use" }) {
                if let tf = fields(t, path + ".turnaround", allowed: Keys.turnaroundUse, required: ["use", "duration"], what: "turnaround"),
                   let use = tf["use"], let name = string(use, path + ".turnaround.use", what: "a resource name") {
                    cleanerName = (name, use)
                    turnaround = tf["duration"].flatMap { distribution($0, path + ".turnaround.duration", what: "duration") }
                }
            } else {
                turnaround = f["turnaround"].flatMap { distribution($0, path + ".turnaround", what: "turnaround") }
            }
            if turnaround != nil, f["shifts"] == nil, f["capacity"]?.scalar?.string == "infinite" {
                report(f["turnaround"], path + ".turnaround", "turnaround needs units to turn around; infinite capacity has none")
            }
            var dischargeHours: ClockWindow?
            if let d = f["discharge_hours"], let df = fields(d, path + ".discharge_hours", allowed: Keys.dischargeHours,
                                                          required: ["from", "to"], what: "discharge_hours"),
               let from = df["from"].flatMap({ clockTime($0, path + ".discharge_hours.from", what: "from") }),
               let to = df["to"].flatMap({ clockTime($0, path + ".discharge_hours.to", what: "to") }) {
                if from % 1440 == to % 1440 {
                    report(d, path + ".discharge_hours", "discharge_hours from \(df["from"]!.scalar?.string ?? "") to \(df["to"]!.scalar?.string ?? "") "
                           + "is empty or the whole day; leave it out for discharges at any time")
                } else {
                    dischargeHours = ClockWindow(from: from % 1440, to: to % 1440)
                }
            }
            resourceMarks.append(item.mark)
            var resource = Resource(name: name, capacity: peak ?? capacity, shifts: shifts, queueCapacity: queueCapacity,
                                    discipline: discipline, cost: cost, surge: surge)
            resource.turnaround = turnaround
            if let cleanerName { cleaners.append((i, cleanerName.name, cleanerName.node)) }
            resource.dischargeHours = dischargeHours
            resource.groups = groups
            result.append(resource)
        }
        resourceNames = result.map(\.name)
        for (i, r) in result.enumerated() where r.groups != nil { resourceSkills[i] = r.skills }
        for (i, name, node) in cleaners where i < result.count {
            let p = "resources[\(i)].turnaround.use"
            guard let c = resourceNames.firstIndex(of: name) else {
                let hint = suggestion(for: name, among: resourceNames).map { "; did you mean '\($0)'?" } ?? ""
                report(node, p, "the turnaround uses the resource \(quoted(name)), which is not defined\(hint)")
                continue
            }
            if c == i {
                report(node, p, "a resource cannot turn its own units around; name another (cleaners, porters)")
            } else if result[c].capacity == nil, result[c].shifts == nil {
                report(node, p, "\(quoted(name)) has infinite capacity; give the turnaround a plain duration instead")
            } else if result[c].turnaroundBy != nil || cleaners.contains(where: { $0.0 == c }) {
                report(node, p, "\(quoted(name)) has a turnaround of its own that needs another resource; one level is the limit")
            } else {
                result[i].turnaroundBy = c
            }
        }
        resourceByName = Dictionary(resourceNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return result
    }

    /// A daily roster; every minute of the day must be covered (overlapping shifts add up).
    func roster(_ node: Node, _ path: String) -> [Shift]? {
        guard let items = list(node, path, what: "shifts") else { return nil }
        var shifts: [Shift] = []
        for (i, item) in items.enumerated() {
            let p = "\(path)[\(i)]"
            guard let f = fields(item, p, allowed: Keys.shift, required: ["from", "to", "capacity"], what: "a shift"),
                  let from = f["from"].flatMap({ clockTime($0, p + ".from", what: "from") }),
                  let to = f["to"].flatMap({ clockTime($0, p + ".to", what: "to") }),
                  let capacity = f["capacity"].flatMap({ wholeNumber($0, p + ".capacity", what: "capacity", minimum: 0, maximum: Limits.units) })
            else { continue }
            var shift = Shift(from: from % 1440, to: to % 1440, capacity: capacity)
            if let d = f["days"] {
                guard let days = dayList(d, p + ".days") else { continue }
                shift.days = days
            }
            shifts.append(shift)
        }
        guard shifts.count == items.count, !shifts.isEmpty else {
            if items.isEmpty { report(node, path, "shifts must list at least one shift") }
            return nil
        }
        let staffed = Roster.minuteCapacities(shifts)
        let period = staffed.count
        if staffed.contains(where: { $0 == nil }) {
            // Report the first gap, read round the clock so that one spanning midnight shows whole.
            let start: Int = (0..<period).first { (m: Int) -> Bool in staffed[m] == nil && staffed[(m + period - 1) % period] != nil } ?? 0
            var end = start
            while staffed[end % period] == nil, end < start + period { end += 1 }
            func when(_ m: Int) -> String {
                (period > 1440 ? TimeWindow.dayNames[(m % period) / 1440] + " " : "") + String(format: "%02d:%02d", (m % 1440) / 60, m % 60)
            }
            report(node, path, "the roster leaves \(when(start))-\(when(end)) uncovered; add a shift (capacity 0 if nobody works then)")
            return nil
        }
        return shifts
    }

    func arrivalList(_ node: Node) -> [ArrivalStream]? {
        guard let items = list(node, "arrivals", what: "arrivals") else { return nil }
        if items.isEmpty { report(node, "arrivals", "arrivals must list at least one stream") }
        var result: [ArrivalStream] = []
        var seenStreams = Set<String>()
        for (i, item) in items.enumerated() {
            let path = "arrivals[\(i)]"
            guard let f = fields(item, path, allowed: Keys.arrival, what: "an arrival stream") else { continue }
            let name = f["name"].flatMap { self.name($0, path + ".name", what: "a stream name") } ?? "arrivals\(i)"
            if !seenStreams.insert(name).inserted { report(f["name"], path + ".name", "the arrival stream \(quoted(name)) is defined twice") }
            let given = ["rate", "interarrival", "by_hour"].filter { f[$0] != nil }
            guard given.count == 1 else {
                report(item, path, given.isEmpty ? "an arrival stream needs one of rate, interarrival or by_hour"
                                                 : "an arrival stream takes only one of rate, interarrival or by_hour, got \(given.joined(separator: " and "))")
                continue
            }
            var process: ArrivalStream.Process?
            if let r = f["rate"] {
                process = rate(r, path + ".rate", what: "rate").map { .poisson(rate: $0) }
            } else if let g = f["interarrival"] {
                if let gap = distribution(g, path + ".interarrival", what: "interarrival") {
                    if gap.mean > 0 {
                        process = .renewal(gap)
                    } else {
                        report(g, path + ".interarrival", "interarrival times must have a positive mean; with gaps of 0 time would never advance")
                    }
                }
            } else if let b = f["by_hour"] {
                process = profile(b, path + ".by_hour").map { .profile(ratesPerHour: $0) }
            }
            var mix: [Double]?
            if let c = f["classes"] { mix = classMix(c, path + ".classes") }
            var dated: ArrivalStream.DatedRates?
            if let d = f["by_date"] {
                if f["by_hour"] == nil {
                    report(d, path + ".by_date", "by_date needs by_hour beside it: the rates of the hours outside its dates")
                } else {
                    dated = datedRates(d, path + ".by_date")
                    if dated != nil, !runStartGiven {
                        report(d, path + ".by_date", "dated rates need run.start, the Monday at simulated time 0, to place their dates (simrun forecast sets it from --now)")
                    }
                }
            }
            guard let process else { continue }
            var stream = ArrivalStream(name: name, process: process, classMix: mix)
            stream.dated = dated
            result.append(stream)
        }
        return result
    }

    /// Hourly rates from a date on (`{start: 2026-03-02, unit: per hour, values: [...]}`), as
    /// rates per time unit; whole days of 24 values.
    func datedRates(_ node: Node, _ path: String) -> ArrivalStream.DatedRates? {
        guard let f = fields(node, path, allowed: Keys.byDate, required: ["start", "values"], what: "by_date") else { return nil }
        guard let s = f["start"] else { return nil }
        guard let startDay = CivilDate.days(isoDate: s.scalar?.string ?? "") else {
            report(s, path + ".start", "start must be a date such as 2026-03-02 (the rates begin at its midnight), got \(describe(s))")
            return nil
        }
        guard let rates = hourlyRates(f, path, what: "by_date", counts: nil) else { return nil }
        return ArrivalStream.DatedRates(startDay: startDay, ratesPerHour: rates)
    }

    /// An hour-of-day (24) or hour-of-week (168) profile, as rates per time unit.
    func profile(_ node: Node, _ path: String) -> [Double]? {
        guard let f = fields(node, path, allowed: Keys.byHour, required: ["values"], what: "by_hour") else { return nil }
        return hourlyRates(f, path, what: "by_hour", counts: [24, 168])
    }

    /// The `unit` and `values` of an hourly table: `counts` values (24 or 168), or whole days of
    /// 24 up to a year when nil.
    func hourlyRates(_ f: [String: Node], _ path: String, what: String, counts: [Int]?) -> [Double]? {
        var perMinute = 1.0 / 60  // default unit: per hour
        if let u = f["unit"] {
            let words = (u.scalar?.string ?? "").split(separator: " ")
            if words.count == 2, words[0] == "per", let m = perUnitMinutes(String(words[1]), u, path + ".unit") {
                perMinute = 1 / m
            } else {
                report(u, path + ".unit", "\(what) unit must read like 'per hour', got \(describe(u))")
                return nil
            }
        }
        guard let vnode = f["values"], let items = list(vnode, path + ".values", what: "\(what) values") else { return nil }
        if let counts, !counts.contains(items.count) {
            report(vnode, path + ".values", "\(what) needs 24 values (hour of day) or 168 (hour of week), got \(items.count)")
            return nil
        }
        if counts == nil, items.isEmpty || items.count % 24 != 0 || items.count > 366 * 24 {
            report(vnode, path + ".values", "\(what) needs whole days of 24 hourly values (at most 366 days), got \(items.count) values")
            return nil
        }
        var rates: [Double] = []
        for (i, item) in items.enumerated() {
            guard let x = number(item, "\(path).values[\(i)]", what: "an hourly rate") else { return nil }
            if x < 0 {
                report(item, "\(path).values[\(i)]", "an hourly rate must not be negative, got \(readable(x))")
                return nil
            }
            rates.append(x * perMinute * timeUnit.minutes)
        }
        if counts != nil, rates.allSatisfy({ $0 == 0 }) {
            report(vnode, path + ".values", "every hourly rate is zero: this stream would never bring a patient")
            return nil
        }
        return rates
    }

    func classMix(_ node: Node, _ path: String) -> [Double]? {
        guard let mix = classProbabilities(node, path, what: "the stream's class mix") else { return nil }
        let sum = mix.reduce(0, +)
        if abs(sum - 1) > 1e-9 {
            report(node, path, "the stream's class mix must sum to 1, it sums to \(readable(sum))")
            return nil
        }
        return mix
    }

    /// A resource's surge rule: `{threshold: 8, after: 20 min, delay: 45 min, extra: 1, ...}`.
    func surgeRule(_ node: Node, _ path: String) -> SurgeRule? {
        guard let f = fields(node, path, allowed: Keys.surge, required: ["threshold", "extra"], what: "surge") else { return nil }
        let before = diagnostics.count
        let rule = SurgeRule(PolicyArguments(reader: self, values: f, node: node, path: path, classPriorities: classPriorities))
        return diagnostics.count == before ? rule : nil
    }

    /// A policy: a bare name, or `{name: ..., parameters...}`.
    func policySpec(_ node: Node, _ path: String) -> PolicySpec? {
        var values: [String: Node] = [:]
        let nameNode: Node
        var label = ""
        switch node {
        case .scalar:
            nameNode = node
        case .mapping(let m):
            guard let n = m.first(where: { $0.key.scalar?.string == "name" })?.value else {
                report(node, path, "a policy needs the key 'name'")
                return nil
            }
            nameNode = n
            for (k, v) in m {
                guard let key = k.scalar?.string, key != "name" else { continue }
                values[key] = v
            }
            label = values.keys.sorted().map { "\($0): \(Self.flowText(values[$0]!))" }.joined(separator: ", ")
        default:
            report(node, path, "a policy must be a name or a mapping with 'name', got \(describe(node))")
            return nil
        }
        guard let name = string(nameNode, path + (node.scalar == nil ? ".name" : ""), what: "the policy name") else { return nil }
        guard let parameterKeys = policies.parameterKeys(of: name) else {
            let hint = suggestion(for: name, among: policies.names).map { "; did you mean '\($0)'?" } ?? ""
            report(nameNode, path, "unknown policy \(quoted(name))\(hint) (known: \(policies.names.joined(separator: ", ")))")
            return nil
        }
        var ok = true
        if case .mapping(let m) = node {
            for (k, _) in m {
                guard let key = k.scalar?.string, key != "name", !parameterKeys.contains(key) else { continue }
                let hint = suggestion(for: key, among: parameterKeys).map { "; did you mean '\($0)'?" } ?? ""
                let known = parameterKeys.isEmpty ? " (it takes none)" : " (it takes: \(parameterKeys.joined(separator: ", ")))"
                report(k, Self.join(path, key), "the policy \(quoted(name)) has no parameter \(quoted(key))\(hint.isEmpty ? known : hint)")
                ok = false
            }
        }
        guard ok else { return nil }
        let before = diagnostics.count
        let arguments = PolicyArguments(reader: self, values: values, node: node, path: path, classPriorities: classPriorities)
        guard let traits = policies.check(name, arguments), diagnostics.count == before else { return nil }
        return PolicySpec(name: name, label: label.isEmpty ? name : "\(name){\(label)}", parameters: arguments.recorded, traits: traits)
    }

    /// A node as compact flow text, for labels.
    static func flowText(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string
        case .sequence(let seq): return "[" + seq.map(flowText).joined(separator: ", ") + "]"
        case .mapping(let m): return "{" + m.map { "\(flowText($0.key)): \(flowText($0.value))" }.joined(separator: ", ") + "}"
        case .alias: return "*"
        }
    }
}
