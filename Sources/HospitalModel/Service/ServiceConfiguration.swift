import Foundation
import HospitalModel
import Yams

/// What `simrun serve --config FILE` reads: where to listen, where results, accounts and the
/// audit log go, which scenarios the what-if page offers, the limits on studies, and the
/// operations board's hospital database. Paths are relative to the file's folder; a key that is
/// not known is an error with a suggestion, at its line and column.
///
/// ```yaml
/// listen: 127.0.0.1:8080
/// results: postgresql://hospsim@127.0.0.1/results   # or a SQLite file (the default)
/// scenarios: ../scenarios
/// accounts: accounts.json
/// audit: audit.log
/// studies: {running: 2, per_user: 2, max_replications: 200}
/// operations:
///   database: postgresql://hospsim@127.0.0.1/hospital
///   mapping: mapping.yaml
///   scenario: ../scenarios/sample-hospital.yaml
///   refresh_minutes: 5
///   hours: 72
///   risk: 0.2          # at risk above this chance of being full (measure: hourly, or within_horizon)
/// ```
public struct ServiceConfiguration: Sendable {
    public struct Operations: Sendable {
        /// The hospital's operational database (PostgreSQL URL).
        public var database: String
        /// The site's SQL mapping file (`SiteMapping`).
        public var mapping: String
        /// The scenario the forecasts run (its resources are the wards and staff groups shown).
        public var scenario: String
        public var refreshMinutes: Double = 5
        public var hours: Int = 72
        /// A resource is at risk when its risk (`measure`) is above this.
        public var risk: Double = 0.2
        /// hourly: the chance of being full at an hour, at the worst hour; within_horizon: the
        /// chance of being full at some moment within the horizon.
        public var measure: ForecastRelief.Measure = .hourly
        /// Replications of each forecast.
        public var replications: Int = 200
        /// The cost of one extra unit for one hour, by resource, for the actions proposed.
        public var unitHourCost: [String: Double] = [:]
        /// Fix "now" (an ISO 8601 time) instead of the clock: for demonstrations and tests.
        public var now: String?
    }

    public var host = "127.0.0.1"
    public var port: UInt16 = 8080
    public var results: String
    public var scenarios: String
    public var accounts: String
    public var audit: String
    public var runningStudies = 2
    public var studiesPerUser = 2
    public var maxReplications = 200
    public var sessionHours = 8.0
    /// Whether cookies carry `Secure` (sent only over HTTPS); nil: unless listening on loopback.
    public var secureCookies: Bool?
    /// The largest form body accepted, in bytes.
    public var maxFormBytes = 65_536
    /// Failed logins for one name within 15 minutes after which it is locked for the rest of them.
    public var loginAttempts = 10
    public var operations: Operations?

    public init(folder: String) {
        results = folder + "/results.sqlite"
        scenarios = folder + "/scenarios"
        accounts = folder + "/accounts.json"
        audit = folder + "/audit.log"
    }

    /// Whether the cookies must travel over HTTPS only.
    public var cookiesSecure: Bool { secureCookies ?? !["127.0.0.1", "localhost", "::1"].contains(host) }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var column: Int
        public var keyPath: String
        public var message: String
        public var description: String { "\(file):\(line):\(column): error: \(keyPath.isEmpty ? "" : keyPath + ": ")\(message)" }
    }

    static let keys = ["listen", "results", "scenarios", "accounts", "audit", "studies", "session_hours", "secure_cookies",
                       "max_form_bytes", "login_attempts", "operations"]
    static let studyKeys = ["running", "per_user", "max_replications"]
    static let operationKeys = ["database", "mapping", "scenario", "refresh_minutes", "hours", "risk", "measure", "replications", "unit_hour_cost", "now"]

    /// Reads the configuration file at `path`.
    public static func load(path: String) throws(Failure) -> ServiceConfiguration {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Failure(file: path, line: 1, column: 1, keyPath: "", message: "cannot read the file (missing, unreadable or not UTF-8 text)")
        }
        return try parse(text, file: path)
    }

    /// Reads a configuration from `text`; paths are relative to the folder of `file`.
    public static func parse(_ text: String, file: String) throws(Failure) -> ServiceConfiguration {
        let parent = (file as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        func fail(_ node: Node?, _ keyPath: String, _ message: String) -> Failure {
            Failure(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, keyPath: keyPath, message: message)
        }
        let root: Node
        do {
            guard let node = try ScenarioLoader.compose(text) else { throw fail(nil, "", "the file is empty") }
            root = node
        } catch let failure as Failure {
            throw failure
        } catch let error as YamlError {
            throw fail(nil, "", "not valid YAML: \(error)")
        } catch {
            throw fail(nil, "", "not valid YAML: \(error)")
        }
        guard let mapping = root.mapping else { throw fail(root, "", "expected a mapping of settings (listen:, results:, ...)") }
        func entries(_ mapping: Node.Mapping, _ prefix: String, allowed: [String]) throws(Failure) -> [(key: String, node: Node)] {
            var seen = Set<String>()
            var out: [(String, Node)] = []
            for (k, v) in mapping {
                guard let key = k.string else { throw fail(k, prefix, "a key must be text") }
                let path = prefix.isEmpty ? key : prefix + "." + key
                guard allowed.contains(key) else {
                    throw fail(k, path, "unknown key" + (suggestion(for: key, among: allowed).map { "; did you mean '\($0)'?" } ?? "")
                               + " (known: \(allowed.joined(separator: ", ")))")
                }
                guard seen.insert(key).inserted else { throw fail(k, path, "given twice") }
                out.append((key, v))
            }
            return out
        }
        func string(_ node: Node, _ path: String) throws(Failure) -> String {
            guard let s = node.scalar?.string, !s.isEmpty else { throw fail(node, path, "expected text") }
            return s
        }
        func location(_ node: Node, _ path: String) throws(Failure) -> String {
            let s = try string(node, path)
            return s.hasPrefix("/") || s.hasPrefix("postgres") ? s : folder + "/" + s
        }
        func number(_ node: Node, _ path: String, _ range: ClosedRange<Double>) throws(Failure) -> Double {
            guard let s = node.scalar?.string, let x = Double(s), x.isFinite else { throw fail(node, path, "expected a number") }
            guard range.contains(x) else { throw fail(node, path, "must be from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound)), got \(s)") }
            return x
        }
        func integer(_ node: Node, _ path: String, _ range: ClosedRange<Int>) throws(Failure) -> Int {
            guard let s = node.scalar?.string, let x = Int(s) else { throw fail(node, path, "expected a whole number") }
            guard range.contains(x) else { throw fail(node, path, "must be from \(range.lowerBound) to \(range.upperBound), got \(s)") }
            return x
        }
        var c = ServiceConfiguration(folder: folder)
        var operationsNode: Node?
        for (key, node) in try entries(mapping, "", allowed: keys) {
            switch key {
            case "listen":
                let s = try string(node, key)
                guard let colon = s.lastIndex(of: ":"), let port = UInt16(s[s.index(after: colon)...]) else {
                    throw fail(node, key, "expected HOST:PORT such as 127.0.0.1:8080, got '\(s)'")
                }
                c.host = String(s[..<colon])
                c.port = port
            case "results": c.results = try location(node, key)
            case "scenarios": c.scenarios = try location(node, key)
            case "accounts": c.accounts = try location(node, key)
            case "audit": c.audit = try location(node, key)
            case "session_hours": c.sessionHours = try number(node, key, 0.05...720)
            case "max_form_bytes": c.maxFormBytes = try integer(node, key, 1024...16_777_216)
            case "login_attempts": c.loginAttempts = try integer(node, key, 1...1000)
            case "secure_cookies":
                switch node.scalar?.string {
                case "true": c.secureCookies = true
                case "false": c.secureCookies = false
                case "auto": c.secureCookies = nil
                default: throw fail(node, key, "expected true, false or auto")
                }
            case "studies":
                guard let m = node.mapping else { throw fail(node, key, "expected a mapping (running:, per_user:, max_replications:)") }
                for (k, v) in try entries(m, key, allowed: studyKeys) {
                    switch k {
                    case "running": c.runningStudies = try integer(v, "studies.running", 1...64)
                    case "per_user": c.studiesPerUser = try integer(v, "studies.per_user", 1...100)
                    default: c.maxReplications = try integer(v, "studies.max_replications", 2...10_000)
                    }
                }
            default: operationsNode = node
            }
        }
        if let node = operationsNode {
            guard let m = node.mapping else { throw fail(node, "operations", "expected a mapping (database:, mapping:, scenario:, ...)") }
            var database: String?, mappingFile: String?, scenario: String?
            var o = Operations(database: "", mapping: "", scenario: "")
            for (k, v) in try entries(m, "operations", allowed: operationKeys) {
                let path = "operations." + k
                switch k {
                case "database": database = try string(v, path)
                case "mapping": mappingFile = try location(v, path)
                case "scenario": scenario = try location(v, path)
                case "refresh_minutes": o.refreshMinutes = try number(v, path, 0.1...1440)
                case "hours": o.hours = try integer(v, path, 1...336)
                case "risk": o.risk = try number(v, path, 0.001...0.999)
                case "measure":
                    guard let m = v.scalar.flatMap({ ForecastRelief.Measure(rawValue: $0.string) }) else {
                        throw fail(v, path, "expected hourly or within_horizon")
                    }
                    o.measure = m
                case "replications": o.replications = try integer(v, path, 10...5_000)
                case "now": o.now = try string(v, path)
                default:
                    guard let costs = v.mapping else { throw fail(v, path, "expected a mapping of resource: cost of one unit for one hour") }
                    for (name, cost) in costs {
                        guard let n = name.string else { throw fail(name, path, "a resource name must be text") }
                        o.unitHourCost[n] = try number(cost, path + "." + n, 0...1e9)
                    }
                }
            }
            guard let database else { throw fail(node, "operations.database", "missing: the hospital database's postgresql:// URL") }
            guard let mappingFile else { throw fail(node, "operations.mapping", "missing: the SQL mapping file") }
            guard let scenario else { throw fail(node, "operations.scenario", "missing: the scenario the forecasts run") }
            (o.database, o.mapping, o.scenario) = (database, mappingFile, scenario)
            c.operations = o
        }
        return c
    }

    static func text(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
}
