/// Every key the scenario loader accepts, section by section. The loader checks each mapping
/// against these lists (so no key can be read without being listed here), and the suite checks
/// `docs/scenario-format.md` and the JSON Schema (`simrun schema scenario`) against them.
public enum ScenarioKeys {
    /// A mapping of the format: where it sits (a key path, `[]` for any list item) and its keys.
    public struct Section: Sendable {
        public let path: String
        public let keys: [String]
    }

    /// The sections, in the order the format guide presents them. A policy's own parameters are
    /// listed by `PolicyRegistry` (each policy's `parameterKeys`); distributions' by
    /// `distributionParameters`.
    public static let sections: [Section] = [
        Section(path: "(top level)", keys: Keys.top),
        Section(path: "run", keys: Keys.run),
        Section(path: "arrivals[]", keys: Keys.arrival),
        Section(path: "arrivals[].by_hour", keys: Keys.byHour),
        Section(path: "arrivals[].by_date", keys: Keys.byDate),
        Section(path: "classes[]", keys: Keys.patientClass),
        Section(path: "resources[]", keys: Keys.resource),
        Section(path: "resources[].shifts[]", keys: Keys.shift),
        Section(path: "resources[].units[]", keys: Keys.unitGroup),
        Section(path: "resources[].cost", keys: Keys.cost),
        Section(path: "resources[].surge", keys: Keys.surge),
        Section(path: "resources[].discharge_hours", keys: Keys.dischargeHours),
        Section(path: "resources[].turnaround", keys: Keys.turnaroundUse),
        Section(path: "use", keys: Keys.use),
        Section(path: "seize", keys: Keys.seize),
        Section(path: "release", keys: Keys.release),
        Section(path: "delay", keys: Keys.delay),
        Section(path: "branch", keys: Keys.branch),
        Section(path: "branch[]", keys: Keys.arm + Keys.otherwiseArm),
        Section(path: "leave", keys: Keys.leave),
        Section(path: "consume", keys: Keys.consume),
        Section(path: "note", keys: Keys.note),
        Section(path: "by_class.CLASS", keys: Keys.classOverride),
        Section(path: "windows.NAME", keys: Keys.window),
        Section(path: "supplies[]", keys: Keys.supply),
        Section(path: "supplies[].reorder", keys: Keys.reorder),
        Section(path: "clinics[]", keys: Keys.clinic),
        Section(path: "clinics[].sessions[]", keys: Keys.clinicSession),
        Section(path: "clinics[].booking", keys: Keys.booking),
    ]

    public static var stepKinds: [String] { Keys.stepKinds }
    public static var distributions: [String] { Keys.distributions }
    /// Each distribution's parameters.
    public static var distributionParameters: [String: [String]] { Keys.distributionParameters }
    /// The parameters that are times (and so accept units such as "30 min").
    public static var timeParameters: Set<String> { Keys.timeParameters }
}

/// The lists themselves, short to write where the loader reads.
enum Keys {
    static let top = ["name", "description", "time_unit", "run", "arrivals", "classes", "resources", "pathway", "policy", "windows", "supplies", "clinics"]
    static let supply = ["name", "initial", "reorder", "lead_time", "unit_cost", "order_cost", "on_stockout"]
    static let reorder = ["point", "quantity", "every", "up_to"]
    static let onStockout = ["wait", "skip"]
    static let consume = ["consume"]
    static let note = ["note"]
    static let clinic = ["name", "class", "sessions", "booking", "overbook", "no_show", "lateness", "fill", "doctors"]
    static let clinicSession = ["days", "start", "slots", "slot_length"]
    static let booking = ["offsets"]
    static let bookingRules = ["individual", "bailey-welch"]
    static let window = ["from", "to", "days"]
    static let run = ["horizon", "warmup", "replications", "seed", "antithetic", "start"]
    static let arrival = ["name", "rate", "interarrival", "by_hour", "by_date", "classes"]
    static let byHour = ["unit", "values"]
    static let byDate = ["start", "unit", "values"]
    static let patientClass = ["name", "share", "priority", "target", "stay_target", "patience", "pathway"]
    static let resource = ["name", "capacity", "units", "shifts", "queue_capacity", "discipline", "cost", "surge", "turnaround", "discharge_hours"]
    static let unitGroup = ["name", "count", "shifts", "skills"]
    static let dischargeHours = ["from", "to"]
    static let turnaroundUse = ["use", "duration"]
    static let shift = ["from", "to", "capacity", "days"]
    static let cost = ["staffed_per_hour", "busy_per_hour", "per_use", "per_day"]
    static let surge = SurgeRule.parameterKeys
    static let stepKinds = ["use", "seize", "delay", "release", "branch", "leave", "consume", "note"]
    static let use = ["use", "duration", "by_class", "treatment", "skill"]
    static let seize = ["seize", "skill"]
    static let release = ["release"]
    static let delay = ["delay", "by_class"]
    static let branch = ["branch"]
    static let leave = ["leave"]
    static let arm = ["probability", "steps"]
    static let otherwiseArm = ["otherwise"]
    static let classOverride = ["duration"]
    static let distributions = ["exponential", "deterministic", "uniform", "triangular", "normal",
                                "lognormal", "gamma", "erlang", "weibull", "empirical", "continuous_empirical"]
    static let distributionParameters: [String: [String]] = [
        "exponential": ["mean"], "deterministic": ["value"], "uniform": ["min", "max"],
        "triangular": ["min", "mode", "max"], "normal": ["mean", "sd"], "lognormal": ["mean", "sd"],
        "gamma": ["mean", "sd", "shape", "scale"], "erlang": ["k", "mean"], "weibull": ["shape", "scale"],
        "empirical": ["values", "weights", "unit"],
        "continuous_empirical": ["values", "cumulative", "tail_mean", "unit"],
    ]
    static let timeParameters: Set<String> = ["mean", "sd", "value", "min", "max", "mode", "scale", "values", "tail_mean"]
}
