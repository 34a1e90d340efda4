import Foundation
import SimKernel
import Yams

/// Reads and validates a scenario file, reporting every problem at once.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "scenarios/mmc.yaml")   // throws ScenarioErrors
/// ```
///
/// This layer reads text; `load(path:)` (the formats layer) reads the file.
public enum ScenarioLoader {
    // Every scalar is read as text and checked by the reader itself, so YAML's implicit tags
    // (booleans, numbers, timestamps) are never used: the basic resolver skips compiling their
    // regular expressions, about a millisecond of every process that reads a scenario.
    /// Line and column (from 1) of byte `offset`.
    public static func place(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let before = bytes[..<offset]
        let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        return (line, offset - lineStart + 1)
    }

    /// Loads a scenario from YAML text; `file` names it in messages, `policies` are the ones
    /// it may name (`load(yaml:file:)` in the policies layer passes the built-in ones).
    public static func load(yaml: String, file: String, policies: any PolicyCatalogue) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [ScenarioError]) {
        let reader = ScenarioReader(file: file, policies: policies)
        let root: Node?
        do {
            root = try compose(yaml)
        } catch let error as YamlError {
            throw ScenarioErrors(all: [reader.syntaxError(error)])
        } catch let error as MergeKeys.Failure {
            throw ScenarioErrors(all: [ScenarioError(file: file, line: error.mark?.line ?? 1, column: error.mark?.column ?? 1, keyPath: "", message: error.message)])
        } catch {
            throw ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: "", message: "\(error)")])
        }
        guard let root else {
            throw ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: "",
                                                     message: "the file is empty; a scenario needs at least name, run, arrivals, resources and pathway")])
        }
        let scenario = reader.scenario(root)
        if let scenario {
            for (keyPath, message) in Limits.problems(scenario) {
                reader.report(mark: reader.marks[keyPath] ?? root.mark, keyPath, message)
            }
        }
        if var scenario, reader.diagnostics.allSatisfy({ $0.severity == .warning }) {
            scenario.sourceHash = StreamSeed.fnv1a64(yaml)
            scenario.unusedKeys = reader.unusedKeys
            reader.warnAboutOfferedLoad(scenario)
            reader.warnAboutClinicRosters(scenario)
            return (scenario, reader.diagnostics)
        }
        throw ScenarioErrors(all: reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }
}

extension ScenarioLoader {
    /// The first YAML document of `text` as nodes: how every YAML text the project reads is
    /// parsed. The encoding is named: Yams's default reads the process's whole environment at
    /// each call and, when YAMS_DEFAULT_ENCODING is set, prints a line to standard output (into
    /// a JSON document written there). The nodes are only read, never converted to values, so
    /// the constructor has no converters (Yams's default builds three tables of them per call).
    public static func compose(_ text: String, resolver: Resolver = .basic) throws -> Node? {
        guard let node = try Yams.compose(yaml: text, resolver, Constructor([:], [:], [:]), .utf8) else { return nil }
        return try MergeKeys.expand(node, in: text)
    }

    /// Reads a policy given on the command line for `scenario`: a name, or a YAML flow mapping
    /// such as `{name: bed-reservation, reserve: 2, classes: [resus]}`.
    public static func policy(_ text: String, for scenario: Scenario, policies: any PolicyCatalogue) throws(ScenarioErrors) -> PolicySpec {
        let reader = ScenarioReader(file: "--policy", policies: policies)
        reader.timeUnit = scenario.timeUnit
        reader.classNames = scenario.classes.map(\.name)
        reader.classPriorities = scenario.classes.map(\.priority)
        let node: Node?
        do {
            node = try compose(text)
        } catch let error as YamlError {
            throw ScenarioErrors(all: [reader.syntaxError(error)])
        } catch {
            throw ScenarioErrors(all: [ScenarioError(file: "--policy", line: 1, column: 1, keyPath: "", message: "\(error)")])
        }
        guard let node, let choice = reader.policySpec(node, "policy") else {
            throw ScenarioErrors(all: reader.diagnostics.isEmpty
                ? [ScenarioError(file: "--policy", line: 1, column: 1, keyPath: "", message: "an empty policy")] : reader.diagnostics)
        }
        return choice
    }
}


/// Walks the YAML tree, turning nodes into scenario values and collecting diagnostics.
final class ScenarioReader {
    let file: String
    var diagnostics: [ScenarioError] = []
    var timeUnit: TimeUnit = .minute
    var classNames: [String] = [] {
        didSet {
            classByName = Dictionary(classNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            classNameSet = Set(classNames)
        }
    }
    var classPriorities: [Int] = []
    /// Each class's share as written (nil: none) and its node, checked once arrivals are read.
    var classShares: [(share: Double?, node: Node)] = []
    var resourceNames: [String] = []
    var supplyNames: [String] = []
    /// Each item's continuous-review order quantity (nil: another rule or none).
    var supplyOrderQuantities: [Int?] = []
    /// Each resource's skills (those with skill groups only).
    var resourceSkills: [Int: [String]] = [:]
    /// Names to indices, so that a large model is read in linear time.
    var resourceByName: [String: Int] = [:]
    var classByName: [String: Int] = [:]
    var classNameSet: Set<String> = []
    /// The classes that follow the pathway being read (nil: all), for checks that only they matter to.
    var pathwayClasses: [Int]?
    /// Where each resource was declared, for warnings.
    var resourceMarks: [Mark?] = []
    /// Where each clinic's sessions were declared (by clinic, then session), for warnings.
    var sessionMarks: [[Mark?]] = []
    /// Where some keys were found, by key path, for checks made after reading.
    var marks: [String: Mark] = [:]
    /// Keys read but overridden by others (`Scenario.unusedKeys`).
    var unusedKeys: [String: String] = [:]
    /// `run.start`, read before the arrivals (dated rates need it).
    var runStart: Int?
    var runStartGiven = false
    /// The keys suggested for typos by the last `fields` call, so that a misspelt required key
    /// is reported once (as a typo), not twice.
    var lastSuggestions: Set<String> = []

    /// The policies a scenario may name.
    let policies: any PolicyCatalogue

    init(file: String, policies: any PolicyCatalogue) {
        self.file = file
        self.policies = policies
    }

    // MARK: Diagnostics

    func report(_ node: Node?, _ path: String, _ message: String, severity: ScenarioError.Severity = .error) {
        let mark = node?.mark
        diagnostics.append(ScenarioError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                                         keyPath: path, message: message, severity: severity))
    }

    func report(mark: Mark?, _ path: String, _ message: String, severity: ScenarioError.Severity = .error) {
        diagnostics.append(ScenarioError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                                         keyPath: path, message: message, severity: severity))
    }

    func syntaxError(_ error: YamlError) -> ScenarioError {
        func at(_ line: Int, _ column: Int, _ message: String) -> ScenarioError {
            ScenarioError(file: file, line: line, column: column, keyPath: "", message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, let yaml), .parser(let context, let problem, let mark, let yaml),
             .composer(let context, let problem, let mark, let yaml):
            if let tab = Self.tab(onLine: mark.line, upTo: mark.column, in: yaml) {
                return at(mark.line, tab, "a tab character: YAML indents with spaces only; replace the tab with spaces")
            }
            let where_ = context.map { " \($0.text)" } ?? ""
            return at(mark.line, mark.column, "YAML syntax: \(problem)\(where_)")
        case .reader(let problem, let offset, let value, let yaml):
            let character = value >= 0 && value < 0x110000 ? String(format: " (U+%04X)", value) : ""
            guard let offset, offset <= yaml.count else { return at(1, 1, "YAML: \(problem)\(character)") }
            let before = yaml.prefix(offset)
            let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            let column = offset - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
            return at(line, column, "YAML: \(problem)\(character)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return at(context.mark.line, context.mark.column,
                      "duplicate key \(duplicates.map { quoted($0) }.joined(separator: ", ")) in a mapping")
        default:
            return at(1, 1, "YAML: \(error)")
        }
    }

    /// The column of a tab at or before `column` in the indentation or text of line `line`, when
    /// that is what the YAML scanner stumbled on.
    static func tab(onLine line: Int, upTo column: Int, in yaml: String) -> Int? {
        guard line >= 1 else { return nil }
        var current = 1
        for text in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { current += 1 }
            guard current == line else { continue }
            guard let i = text.firstIndex(of: "\t") else { return nil }
            let tabColumn = text.distance(from: text.startIndex, to: i) + 1
            return tabColumn <= max(column, 1) ? tabColumn : nil
        }
        return nil
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    // MARK: Structure

    /// The entries of a mapping, checking for keys outside `allowed` and for `required` ones.
    func fields(_ node: Node, _ path: String, allowed: [String], required: [String] = [],
                what: String, allowedSet: Set<String>? = nil) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(node, path, "\(what) must be a mapping of keys to values, got \(describe(node))")
            return nil
        }
        var result: [String: Node] = [:]
        lastSuggestions = []
        let allowedSet = allowedSet ?? (allowed.count > 16 ? Set(allowed) : nil)
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(key, path, "keys must be plain words")
                continue
            }
            if allowedSet?.contains(name) ?? allowed.contains(name) {
                result[name] = value
            } else if let hint = suggestion(for: name, among: allowed) {
                lastSuggestions.insert(hint)
                report(key, Self.join(path, name), "unknown key \(quoted(name)) in \(what); did you mean '\(hint)'?")
            } else {
                report(key, Self.join(path, name),
                       "unknown key \(quoted(name)) in \(what); expected one of: \(allowed.joined(separator: ", "))")
            }
        }
        for name in required where result[name] == nil && !lastSuggestions.contains(name) {
            report(node, path, "\(what) needs the key \(quoted(name))")
        }
        return result
    }

    func list(_ node: Node, _ path: String, what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(node, path, "\(what) must be a list, got \(describe(node))")
            return nil
        }
        return Array(sequence)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return quoted(s.string)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Scalars

    func string(_ node: Node, _ path: String, what: String, limit: Int = Limits.textLength) -> String? {
        guard case .scalar(let s) = node, !s.string.isEmpty else {
            report(node, path, "\(what) must be a non-empty text, got \(describe(node))")
            return nil
        }
        guard s.string.count <= limit else {
            report(node, path, "\(what) is \(s.string.count) characters long; the limit is \(limit)")
            return nil
        }
        return s.string
    }

    /// A name: a text of at most `Limits.nameLength` characters.
    func name(_ node: Node, _ path: String, what: String) -> String? {
        string(node, path, what: what, limit: Limits.nameLength)
    }

    func number(_ node: Node, _ path: String, what: String) -> Double? {
        guard case .scalar(let s) = node, let x = Double(s.string.trimmingBlanks()), x.isFinite else {
            report(node, path, "\(what) must be a number, got \(describe(node))")
            return nil
        }
        return x
    }

    func wholeNumber(_ node: Node, _ path: String, what: String, minimum: Int, maximum: Int = Int.max) -> Int? {
        guard case .scalar(let s) = node, let x = Int(s.string.trimmingBlanks()) else {
            report(node, path, "\(what) must be a whole number, got \(describe(node))")
            return nil
        }
        guard x >= minimum else {
            report(node, path, "\(what) must be at least \(minimum), got \(x)")
            return nil
        }
        guard x <= maximum else {
            report(node, path, "\(what) must be at most \(maximum), got \(x)")
            return nil
        }
        return x
    }

    /// A duration: a bare number in the time unit, or "<number> <unit>".
    func time(_ node: Node, _ path: String, what: String) -> Double? {
        guard case .scalar(let s) = node else {
            report(node, path, "\(what) must be a time such as 30 or \"30 min\", got \(describe(node))")
            return nil
        }
        switch TimeText.duration(s.string, unit: timeUnit) {
        case .success(let x): return x
        case .failure(let e):
            report(node, path, "\(what): \(e.message)")
            return nil
        }
    }

    /// A rate per time unit: a bare number, or "<number> per <unit>".
    func rate(_ node: Node, _ path: String, what: String) -> Double? {
        guard case .scalar(let s) = node else {
            report(node, path, "\(what) must be a rate such as 4 or \"10 per hour\", got \(describe(node))")
            return nil
        }
        switch TimeText.rate(s.string, unit: timeUnit) {
        case .success(let x): return x
        case .failure(let e):
            report(node, path, "\(what): \(e.message)")
            return nil
        }
    }

    func perUnitMinutes(_ unit: String, _ node: Node, _ path: String) -> Double? {
        switch TimeText.minutes(of: unit) {
        case .success(let m): return m
        case .failure(let e):
            report(node, path, e.message)
            return nil
        }
    }

    /// "HH:MM" as minutes after midnight.
    func clockTime(_ node: Node, _ path: String, what: String) -> Int? {
        if case .scalar(let s) = node {
            let parts = s.string.split(separator: ":")
            if parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h),
               (0..<60).contains(m), h * 60 + m <= 1440 {
                return h * 60 + m
            }
        }
        report(node, path, "\(what) must be a clock time \"HH:MM\", got \(describe(node))")
        return nil
    }

    // MARK: Distributions

    /// The `unit` of an empirical distribution's bare numbers, as a factor to the scenario's
    /// time unit (1 when absent); nil after reporting an unknown unit.
    func valueUnit(_ node: Node?, _ path: String) -> Double? {
        guard let node else { return 1 }
        guard case .scalar(let s) = node else {
            report(node, Self.join(path, "unit"), "unit must be a time unit such as min or hour, got \(describe(node))")
            return nil
        }
        return perUnitMinutes(s.string, node, Self.join(path, "unit")).map { $0 / timeUnit.minutes }
    }

    /// A time in a list whose bare numbers are in a unit of their own (`scale` to the scenario's).
    func listedTime(_ node: Node, _ scale: Double, _ path: String, what: String) -> Double? {
        if case .scalar(let s) = node, let x = Double(s.string.trimmingBlanks()), x.isFinite {
            guard x >= 0 else {
                report(node, path, "\(what): a time must not be negative, got \(quoted(s.string))")
                return nil
            }
            return x * scale
        }
        return time(node, path, what: what)
    }

    /// A distribution: a one-key mapping such as `{exponential: {mean: 5 min}}`, or a bare time.
    func distribution(_ node: Node, _ path: String, what: String) -> Distribution? {
        if case .scalar = node {
            guard let t = time(node, path, what: what) else { return nil }
            return try? Distribution.deterministic(t)
        }
        guard case .mapping(let mapping) = node, mapping.count == 1, let (keyNode, body) = mapping.first.map({ ($0.key, $0.value) }),
              let kind = keyNode.scalar?.string else {
            report(node, path, "\(what) must be a time or a one-key mapping such as {exponential: {mean: 5}}")
            return nil
        }
        let here = Self.join(path, kind)
        guard let allowed = Keys.distributionParameters[kind] else {
            let hint = suggestion(for: kind, among: Keys.distributions).map { "; did you mean '\($0)'?" } ?? ""
            report(keyNode, here, "unknown distribution \(quoted(kind))\(hint) (known: \(Keys.distributions.joined(separator: ", ")))")
            return nil
        }
        guard case .mapping = body else {
            // `{deterministic: 5}` is a natural slip: say which keys go inside.
            report(body, here, "\(kind) takes a mapping of its parameters (\(allowed.joined(separator: ", "))), such as {\(kind): {\(allowed[0]): ...}}; got \(describe(body))")
            return nil
        }
        guard let params = fields(body, here, allowed: allowed, what: "\(kind) parameters") else { return nil }
        var values: [String: Double] = [:]
        var ok = true
        for (name, value) in params where !["values", "weights", "cumulative", "unit", "tail_mean"].contains(name) {
            let p = Self.join(here, name)
            let x = Keys.timeParameters.contains(name) ? time(value, p, what: "\(kind) \(name)") : number(value, p, what: "\(kind) \(name)")
            if let x { values[name] = x } else { ok = false }
        }
        func need(_ names: String...) -> Bool {
            var all = true
            for n in names where params[n] == nil {
                report(body, here, "\(kind) needs the parameter '\(n)'")
                all = false
            }
            return all
        }
        do {
            switch kind {
            case "exponential": guard need("mean"), ok else { return nil }
                return try .exponential(mean: values["mean"]!)
            case "deterministic": guard need("value"), ok else { return nil }
                return try .deterministic(values["value"]!)
            case "uniform": guard need("min", "max"), ok else { return nil }
                return try .uniform(min: values["min"]!, max: values["max"]!)
            case "triangular": guard need("min", "mode", "max"), ok else { return nil }
                return try .triangular(min: values["min"]!, mode: values["mode"]!, max: values["max"]!)
            case "normal": guard need("mean", "sd"), ok else { return nil }
                return try .normal(mean: values["mean"]!, sd: values["sd"]!)
            case "lognormal": guard need("mean", "sd"), ok else { return nil }
                return try .lognormal(mean: values["mean"]!, sd: values["sd"]!)
            case "gamma":
                let byMoments = params["mean"] != nil || params["sd"] != nil
                let byShape = params["shape"] != nil || params["scale"] != nil
                if byMoments && byShape {
                    report(body, here, "gamma takes either mean and sd, or shape and scale, not both")
                    return nil
                }
                if byShape {
                    guard need("shape", "scale"), ok else { return nil }
                    return try .gamma(shape: values["shape"]!, scale: values["scale"]!)
                }
                guard need("mean", "sd"), ok else { return nil }
                return try .gamma(mean: values["mean"]!, sd: values["sd"]!)
            case "erlang": guard need("k", "mean"), ok else { return nil }
                let k = values["k"]!
                guard k == k.rounded(), k >= 1, k <= Double(Limits.erlangPhases) else {
                    report(params["k"], Self.join(here, "k"), "erlang k must be a whole number from 1 to \(Limits.erlangPhases), got \(readable(k))")
                    return nil
                }
                return try .erlang(k: Int(k), mean: values["mean"]!)
            case "weibull": guard need("shape", "scale"), ok else { return nil }
                return try .weibull(shape: values["shape"]!, scale: values["scale"]!)
            case "continuous_empirical":
                guard need("values", "cumulative"), ok, let vnode = params["values"], let cnode = params["cumulative"],
                      let vs = list(vnode, Self.join(here, "values"), what: "continuous_empirical values"),
                      let cs = list(cnode, Self.join(here, "cumulative"), what: "continuous_empirical cumulative"),
                      let scale = valueUnit(params["unit"], here) else { return nil }
                let xs = vs.enumerated().map { listedTime($1, scale, Self.join(here, "values[\($0)]"), what: "a continuous_empirical value") }
                let ps = cs.enumerated().map { number($1, Self.join(here, "cumulative[\($0)]"), what: "a cumulative probability") }
                let tail = params["tail_mean"].map { listedTime($0, scale, Self.join(here, "tail_mean"), what: "continuous_empirical tail_mean") }
                guard xs.allSatisfy({ $0 != nil }), ps.allSatisfy({ $0 != nil }), tail.map({ $0 != nil }) ?? true else { return nil }
                return try .continuousEmpirical(values: xs.map { $0! }, cumulative: ps.map { $0! }, tailMean: tail ?? nil)
            default:  // empirical
                guard need("values"), ok, let vnode = params["values"],
                      let vs = list(vnode, Self.join(here, "values"), what: "empirical values"),
                      let scale = valueUnit(params["unit"], here) else { return nil }
                let xs = vs.enumerated().map { listedTime($1, scale, Self.join(here, "values[\($0)]"), what: "an empirical value") }
                var ws: [Double?]?
                if let wnode = params["weights"], let wl = list(wnode, Self.join(here, "weights"), what: "empirical weights") {
                    ws = wl.enumerated().map { number($1, Self.join(here, "weights[\($0)]"), what: "an empirical weight") }
                }
                guard xs.allSatisfy({ $0 != nil }), ws?.allSatisfy({ $0 != nil }) ?? true else { return nil }
                return try .empirical(values: xs.map { $0! }, weights: ws?.map { $0! })
            }
        } catch {
            report(body, here, error.message)
            return nil
        }
    }
}
