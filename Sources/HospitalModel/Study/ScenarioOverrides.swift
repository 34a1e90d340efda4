import HospitalScenario
import SimKernel

/// Run settings that replace the file's for one study: what `--replications`, `--seed`,
/// `--horizon` and the like say on a command line, or a form says in a web page.
///
/// Times are text as a person writes them ("30", "14 day"), read in the scenario's own unit
/// unless they name one, because the unit is only known once the file is read.
public struct ScenarioOverrides: Sendable, Equatable {
    public var replications: Int?
    public var seed: UInt64?
    public var horizon: String?
    public var warmup: String?
    public var antithetic = false
    public var maxEvents: Int?
    public var maxPatients: Int?

    public init(replications: Int? = nil, seed: UInt64? = nil, horizon: String? = nil, warmup: String? = nil,
                antithetic: Bool = false, maxEvents: Int? = nil, maxPatients: Int? = nil) {
        self.replications = replications
        self.seed = seed
        self.horizon = horizon
        self.warmup = warmup
        self.antithetic = antithetic
        self.maxEvents = maxEvents
        self.maxPatients = maxPatients
    }

    /// Makes the changes to `scenario`; a malformed time, or settings the scenario cannot run
    /// with (an odd number of antithetic replications), is a `StudyError.invalidOverride`.
    public func apply(to scenario: inout Scenario) throws(StudyError) {
        if let replications { scenario.run.replications = replications }
        if let seed { scenario.run.seed = seed }
        if antithetic { scenario.run.antithetic = true }
        if let horizon { scenario.run.horizon = try Self.time("horizon", horizon, unit: scenario.timeUnit, positive: true) }
        if let warmup { scenario.run.warmup = try Self.time("warmup", warmup, unit: scenario.timeUnit, positive: false) }
        if let maxEvents { scenario.run.limits.events = maxEvents }
        if let maxPatients { scenario.run.limits.patients = maxPatients }
        if let problem = Limits.problems(scenario).first { throw .invalidOverride(setting: nil, message: problem.message) }
    }

    /// Refuses a key of the file (`--set`, a swept or searched axis, an input to move) that an
    /// override replaces at every point: `--horizon 50` with `run.horizon=100,200` would run
    /// every point at 50. `paths` are key paths as written.
    public func check(_ paths: [String]) throws(StudyError) {
        let replaced: [(key: String, flag: String, given: Bool)] = [
            ("run.replications", "replications", replications != nil), ("run.seed", "seed", seed != nil),
            ("run.horizon", "horizon", horizon != nil), ("run.warmup", "warmup", warmup != nil),
            ("run.antithetic", "antithetic", antithetic),
        ]
        for path in paths {
            for r in replaced where r.given && (path == r.key || path.hasPrefix(r.key + ".") || path == "run") {
                // Worded from the setting's name: a front end may put it as its flag (--horizon).
                throw .invalidOverride(setting: r.flag, message: "\(r.flag) replaces the file's \(r.key) at every point, so changing \(path) "
                                       + "would change nothing; give one or the other")
            }
        }
    }

    /// A duration given as an override, in `unit` unless the text names one.
    public static func time(_ setting: String, _ text: String, unit: TimeUnit, positive: Bool) throws(StudyError) -> Double {
        switch TimeText.duration(text, unit: unit) {
        case .success(let t) where positive && t <= 0: throw .invalidOverride(setting: setting, message: "\(setting) must be positive")
        case .success(let t): return t
        case .failure(let e): throw .invalidOverride(setting: setting, message: "\(setting): \(e.message)")
        }
    }
}
