import Foundation
import HospitalScenario

/// Which document a JSON text is, by the keys only that kind has: how `simrun report` (and any
/// front end handed a file) knows which type to read it as.
public enum DocumentKind: String, Sendable, CaseIterable {
    case results, comparison, sweep, optimization, warmup, forecast, fit, check, partial
    case forecastBacktest = "forecast_backtest"
    case sensitivity, staffing

    struct Probe: Decodable {
        var kind: DocumentKind?

        enum Key: String, CodingKey {
            case hospsimPartial = "hospsim_partial", warmupStudy = "warmup_study", kind, replicationsUsed = "replications_used"
            case points, variants, durations, regressed, metrics
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            kind = if c.contains(.hospsimPartial) { .partial }
                else if c.contains(.warmupStudy) { .warmup }
                else if (try? c.decode(String.self, forKey: .kind)) == "forecast" { .forecast }
                else if (try? c.decode(String.self, forKey: .kind)) == "forecast_backtest" { .forecastBacktest }
                else if (try? c.decode(String.self, forKey: .kind)) == "sensitivity" { .sensitivity }
                else if (try? c.decode(String.self, forKey: .kind)) == "staffing" { .staffing }
                else if c.contains(.replicationsUsed), c.contains(.points) { .optimization }
                else if c.contains(.points) { .sweep }
                else if c.contains(.variants) { .comparison }
                else if c.contains(.durations) { .fit }
                else if c.contains(.regressed) { .check }
                else if c.contains(.metrics) { .results }
                else { nil }
        }
    }

    /// The kind in words, for messages: "a comparison".
    public var described: String {
        switch self {
        case .results: "a run's results"
        case .comparison: "a comparison"
        case .sweep: "a sweep"
        case .optimization: "an optimisation"
        case .warmup: "a warm-up study"
        case .forecast: "a forecast"
        case .fit: "a fit"
        case .check: "a check's verdicts"
        case .partial: "a partial result (of --shard or a checkpoint, for simrun merge)"
        case .forecastBacktest: "a forecast backtest"
        case .sensitivity: "a sensitivity study"
        case .staffing: "a staffing study"
        }
    }

    /// The kind of the JSON object in `data`, or nil when it is none of them; syntax errors and
    /// a top level that is not an object are thrown with their position.
    public static func of(_ data: Data, file: String) throws(ScenarioErrors) -> DocumentKind? {
        try JSONFile.checkObject(data, file: file, what: "a JSON document")
        do { return try JSONDecoder().decode(Probe.self, from: data).kind } catch {
            _ = try JSONFile.object(data, file: file, what: "a JSON document")  // places a syntax error
            return nil
        }
    }
}
