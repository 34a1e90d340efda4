import SimKernel
import Foundation

/// The results JSON of the command-line contract, written by hand so that key order and number
/// formatting are fixed: the same run always gives the same bytes.
public enum ResultsDocument {
    /// The results document; `trailer` adds top-level lines after the profiles (a baseline's
    /// identity and tolerances), each a `"key": value` JSON text.
    public static func json(_ r: RunResult, trailer: [String] = []) -> String {
        var out = "{\n" + header(r)
        out += "  \"policy\": \(JSON.string(r.policy)),\n"
        out += "  \"metrics\": {\n"
        out += r.metrics.map { "    \(JSON.string($0.name)): \(summary($0.summary))" }.joined(separator: ",\n")
        out += "\n  },\n  \"profiles\": {\n"
        out += r.profiles.map { p in
            "    \(JSON.string(p.name)): [" + p.hours.map { "{\"mean\": \(JSON.number($0.mean)), \"half_width\": \(JSON.number($0.halfWidth))}" }.joined(separator: ", ") + "]"
        }.joined(separator: ",\n")
        out += "\n  }" + trailer.map { ",\n  " + $0 }.joined() + "\n}\n"
        return out
    }

    /// A baseline for `simrun check`: the results document with the scenario's identity, the
    /// model version and any per-metric tolerances.
    public static func baseline(_ r: RunResult, tolerances: [(metric: String, fraction: Double)]) -> String {
        var trailer = ["\"scenario_hash\": \(JSON.string(r.identity)), \"model_version\": \(ModelVersion.current)"]
        if !tolerances.isEmpty {
            trailer.append("\"tolerance\": {" + tolerances.map { "\(JSON.string($0.metric)): \(JSON.number($0.fraction))" }.joined(separator: ", ") + "}")
        }
        return json(r, trailer: trailer)
    }

    /// The `"precision"` entry of a document whose replications were added to a precision.
    public static func precision(_ verdict: PrecisionVerdict, goals: [(metric: String, goal: Double)]) -> String {
        "\"precision\": {\"goals\": {" + goals.map { "\(JSON.string($0.metric)): \(JSON.number($0.goal))" }.joined(separator: ", ")
            + "}, \"reached\": \(verdict.reached), \"replications\": \(verdict.replications), \"decided_by\": \(JSON.string(verdict.decidedBy)), "
            + "\"relative_half_width\": \(JSON.number(verdict.relativeHalfWidth))}"
    }

    /// The lines every document of a run starts with: scenario, seed, replications, horizon,
    /// warm-up and time unit.
    static func header(_ r: RunResult) -> String {
        "  \"scenario\": \(JSON.string(r.scenario)),\n  \"seed\": \(r.seed),\n  \"replications\": \(r.replications.count),\n"
            + (r.antithetic ? "  \"antithetic\": true,\n" : "")
            + "  \"horizon\": \(JSON.number(r.horizon)), \"warmup\": \(JSON.number(r.warmup)), \"time_unit\": \(JSON.string(r.timeUnit.rawValue)),\n"
    }

    public static func summary(_ s: Summary) -> String {
        "{\"mean\": \(JSON.number(s.mean)), \"half_width\": \(JSON.number(s.halfWidth)), \"sd\": \(JSON.number(s.sd)), \"min\": \(JSON.number(s.min)), \"max\": \(JSON.number(s.max)), \"n\": \(s.n)}"
    }

    /// One row per metric: metric,mean,half_width,sd,min,max,n.
    public static func csv(_ r: RunResult) -> String {
        var out = "metric,mean,half_width,sd,min,max,n\n"
        for (name, s) in r.metrics {
            out += [CSV.field(name), CSV.number(s.mean), CSV.number(s.halfWidth), CSV.number(s.sd),
                    CSV.number(s.min), CSV.number(s.max), String(s.n)].joined(separator: ",") + "\n"
        }
        return out
    }
}

/// A results document read back (`run --format json`, a baseline): its run settings, every
/// metric's summary and the profiles, for `check` and `report`.
public struct StoredResults: Sendable {
    public struct Metric: Sendable {
        public var name: String
        public var mean: Double
        public var halfWidth: Double
        public var sd: Double
        public var n: Int
    }
    public var scenario: String?
    public var seed: UInt64?
    public var replications: Int?
    public var horizon: Double?
    public var warmup: Double?
    public var timeUnit: String?
    public var policy: String?
    /// Sorted by name.
    public var metrics: [Metric]
    public var profiles: [(name: String, hours: [(mean: Double, halfWidth: Double)])]

    public func metric(_ name: String) -> Metric? { metrics.first { $0.name == name } }
}

extension ResultsDocument {
    /// Reads the results document `doc` (the top-level object of `file`). A metric without a
    /// numeric `mean` and `n` is an error at its key path; `null` numbers read as NaN.
    public static func read(_ doc: [String: Any], file: String) throws(ScenarioErrors) -> StoredResults {
        func fail(_ message: String, _ path: String) -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: path, message: message)])
        }
        func number(_ any: Any?) -> Double? { any is NSNull ? .nan : (any as? NSNumber)?.doubleValue }
        guard let raw = doc["metrics"] as? [String: Any], !raw.isEmpty else {
            throw fail("a results document needs a non-empty \"metrics\" object", "metrics")
        }
        var metrics: [StoredResults.Metric] = []
        for name in raw.keys.sorted() {
            guard let m = raw[name] as? [String: Any], let mean = number(m["mean"]), let n = (m["n"] as? NSNumber)?.intValue else {
                throw fail("each metric needs numbers \"mean\" and \"n\" (and \"sd\" when n > 1)", "metrics.\(name)")
            }
            metrics.append(.init(name: name, mean: mean, halfWidth: number(m["half_width"]) ?? .nan,
                                   sd: (m["sd"] as? NSNumber)?.doubleValue ?? 0, n: n))  // sd is null for one replication
        }
        var profiles: [(name: String, hours: [(mean: Double, halfWidth: Double)])] = []
        for (name, hours) in (doc["profiles"] as? [String: [Any]] ?? [:]).sorted(by: { $0.key < $1.key }) {
            profiles.append((name, hours.compactMap { $0 as? [String: Any] }.map { (number($0["mean"]) ?? .nan, number($0["half_width"]) ?? .nan) }))
        }
        return StoredResults(scenario: doc["scenario"] as? String, seed: (doc["seed"] as? NSNumber)?.uint64Value,
                             replications: (doc["replications"] as? NSNumber)?.intValue, horizon: number(doc["horizon"]),
                             warmup: number(doc["warmup"]), timeUnit: doc["time_unit"] as? String, policy: doc["policy"] as? String,
                             metrics: metrics, profiles: profiles)
    }
}

/// Minimal JSON text helpers with a fixed number format.
public enum JSON {
    /// A finite number in its shortest round-trip form (whole numbers without ".0");
    /// null for NaN and infinities, which JSON cannot hold.
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }

    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

/// CSV fields quoted as RFC 4180 asks.
public enum CSV {
    public static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    public static func number(_ x: Double) -> String { x.isFinite ? JSON.number(x) : "" }
}
