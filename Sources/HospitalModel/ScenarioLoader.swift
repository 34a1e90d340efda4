import Foundation
import SimKernel
import Yams

/// Reads and validates a scenario file, reporting every problem at once.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "scenarios/mmc.yaml")   // throws ScenarioErrors
/// ```
public enum ScenarioLoader {
    /// Loads the file at `path`. Warnings that do not stop the run are returned in `warnings`.
    public static func load(path: String) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [ScenarioError]) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioErrors(all: [ScenarioError(file: path, line: 1, column: 1, keyPath: "",
                                                     message: "cannot read the file: \(error.localizedDescription)")])
        }
        return try load(yaml: text, file: path)
    }

    /// Loads a scenario from YAML text; `file` names it in messages.
    public static func load(yaml: String, file: String) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [ScenarioError]) {
        let reader = ScenarioReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ScenarioErrors(all: [reader.syntaxError(error)])
        } catch {
            throw ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: "", message: "\(error)")])
        }
        guard let root else {
            throw ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: "",
                                                     message: "the file is empty; a scenario needs at least name, run, arrivals, resources and pathway")])
        }
        let scenario = reader.scenario(root)
        if let scenario, reader.diagnostics.allSatisfy({ $0.severity == .warning }) {
            reader.warnAboutOfferedLoad(scenario)
            return (scenario, reader.diagnostics)
        }
        throw ScenarioErrors(all: reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }
}

extension ScenarioLoader {
    /// Reads a policy given on the command line for `scenario`: a name, or a YAML flow mapping
    /// such as `{name: bed-reservation, reserve: 2, classes: [resus]}`.
    public static func policy(_ text: String, for scenario: Scenario) throws(ScenarioErrors) -> PolicyChoice {
        let reader = ScenarioReader(file: "--policy")
        reader.timeUnit = scenario.timeUnit
        reader.classNames = scenario.classes.map(\.name)
        reader.classPriorities = scenario.classes.map(\.priority)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioErrors(all: [reader.syntaxError(error)])
        } catch {
            throw ScenarioErrors(all: [ScenarioError(file: "--policy", line: 1, column: 1, keyPath: "", message: "\(error)")])
        }
        guard let node, let choice = reader.policyChoice(node, "policy") else {
            throw ScenarioErrors(all: reader.diagnostics.isEmpty
                ? [ScenarioError(file: "--policy", line: 1, column: 1, keyPath: "", message: "an empty policy")] : reader.diagnostics)
        }
        return choice
    }
}

/// Sizes beyond which a run would not fit in memory: units are tracked one by one, and every
/// replication's results are kept until the end.
public enum Limits {
    public static let units = 100_000
    public static let replications = 1_000_000
}

/// The scenario format's keys, for checking and for suggestions.
enum Keys {
    static let top = ["name", "description", "time_unit", "run", "arrivals", "classes", "resources", "pathway", "policy"]
    static let run = ["horizon", "warmup", "replications", "seed"]
    static let arrival = ["name", "rate", "interarrival", "by_hour", "classes"]
    static let byHour = ["unit", "values"]
    static let patientClass = ["name", "share", "priority", "target", "patience", "pathway"]
    static let resource = ["name", "capacity", "shifts", "queue_capacity", "discipline", "cost"]
    static let shift = ["from", "to", "capacity"]
    static let cost = ["staffed_per_hour", "busy_per_hour", "per_use"]
    static let stepKinds = ["use", "seize", "delay", "release", "branch", "leave"]
    static let use = ["use", "duration", "by_class", "treatment"]
    static let delay = ["delay", "by_class"]
    static let arm = ["probability", "steps"]
    static let distributions = ["exponential", "deterministic", "uniform", "triangular", "normal",
                                "lognormal", "gamma", "erlang", "weibull", "empirical"]
}

/// Walks the YAML tree, turning nodes into scenario values and collecting diagnostics.
final class ScenarioReader {
    let file: String
    var diagnostics: [ScenarioError] = []
    var timeUnit: TimeUnit = .minute
    var classNames: [String] = []
    var classPriorities: [Int] = []
    var resourceNames: [String] = []
    /// Where each resource was declared, for warnings.
    var resourceMarks: [Mark?] = []
    /// The keys suggested for typos by the last `fields` call, so that a misspelt required key
    /// is reported once (as a typo), not twice.
    var lastSuggestions: Set<String> = []

    init(file: String) { self.file = file }

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
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let where_ = context.map { " \($0.text)" } ?? ""
            return ScenarioError(file: file, line: mark.line, column: mark.column, keyPath: "",
                                 message: "YAML syntax: \(problem)\(where_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScenarioError(file: file, line: context.mark.line, column: context.mark.column, keyPath: "",
                                 message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
        default:
            return ScenarioError(file: file, line: 1, column: 1, keyPath: "", message: "YAML: \(error)")
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    // MARK: Structure

    /// The entries of a mapping, checking for keys outside `allowed` and for `required` ones.
    func fields(_ node: Node, _ path: String, allowed: [String], required: [String] = [],
                what: String) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(node, path, "\(what) must be a mapping of keys to values, got \(describe(node))")
            return nil
        }
        var result: [String: Node] = [:]
        lastSuggestions = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(key, path, "keys must be plain words")
                continue
            }
            if allowed.contains(name) {
                result[name] = value
            } else if let hint = suggestion(for: name, among: allowed) {
                lastSuggestions.insert(hint)
                report(key, Self.join(path, name), "unknown key '\(name)' in \(what); did you mean '\(hint)'?")
            } else {
                report(key, Self.join(path, name),
                       "unknown key '\(name)' in \(what); expected one of: \(allowed.joined(separator: ", "))")
            }
        }
        for name in required where result[name] == nil && !lastSuggestions.contains(name) {
            report(node, path, "\(what) needs the key '\(name)'")
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
        case .scalar(let s): return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Scalars

    func string(_ node: Node, _ path: String, what: String) -> String? {
        guard case .scalar(let s) = node, !s.string.isEmpty else {
            report(node, path, "\(what) must be a non-empty text, got \(describe(node))")
            return nil
        }
        return s.string
    }

    func number(_ node: Node, _ path: String, what: String) -> Double? {
        guard case .scalar(let s) = node, let x = Double(s.string.trimmingCharacters(in: .whitespaces)), x.isFinite else {
            report(node, path, "\(what) must be a number, got \(describe(node))")
            return nil
        }
        return x
    }

    func wholeNumber(_ node: Node, _ path: String, what: String, minimum: Int, maximum: Int = Int.max) -> Int? {
        guard case .scalar(let s) = node, let x = Int(s.string.trimmingCharacters(in: .whitespaces)) else {
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

    static let timeParameters: Set<String> = ["mean", "sd", "value", "min", "max", "mode", "scale", "values"]
    static let distributionParameters: [String: [String]] = [
        "exponential": ["mean"], "deterministic": ["value"], "uniform": ["min", "max"],
        "triangular": ["min", "mode", "max"], "normal": ["mean", "sd"], "lognormal": ["mean", "sd"],
        "gamma": ["mean", "sd", "shape", "scale"], "erlang": ["k", "mean"], "weibull": ["shape", "scale"],
        "empirical": ["values", "weights"],
    ]

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
        guard let allowed = Self.distributionParameters[kind] else {
            let hint = suggestion(for: kind, among: Keys.distributions).map { "; did you mean '\($0)'?" } ?? ""
            report(keyNode, here, "unknown distribution '\(kind)'\(hint) (known: \(Keys.distributions.joined(separator: ", ")))")
            return nil
        }
        guard let params = fields(body, here, allowed: allowed, what: "\(kind) parameters") else { return nil }
        var values: [String: Double] = [:]
        var ok = true
        for (name, value) in params where name != "values" && name != "weights" {
            let p = Self.join(here, name)
            let x = Self.timeParameters.contains(name) ? time(value, p, what: "\(kind) \(name)") : number(value, p, what: "\(kind) \(name)")
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
                guard k == k.rounded(), k >= 1 else {
                    report(params["k"], Self.join(here, "k"), "erlang k must be a whole number >= 1, got \(k)")
                    return nil
                }
                return try .erlang(k: Int(k), mean: values["mean"]!)
            case "weibull": guard need("shape", "scale"), ok else { return nil }
                return try .weibull(shape: values["shape"]!, scale: values["scale"]!)
            default:  // empirical
                guard need("values"), ok, let vnode = params["values"],
                      let vs = list(vnode, Self.join(here, "values"), what: "empirical values") else { return nil }
                let xs = vs.enumerated().map { time($1, Self.join(here, "values[\($0)]"), what: "an empirical value") }
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
