import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import SimKernel
/// JSON Schemas (draft 2020-12) of the scenario format and of the documents `simrun` writes,
/// for editors (completion and checking while typing) and for other programs reading results.
///
/// The scenario schema takes its keys from `ScenarioKeys`, the lists the loader checks against,
/// so that it cannot offer a key the loader refuses or miss one it accepts; `undescribed` names
/// any key that has no schema here yet (the suite requires none). A schema cannot say everything
/// the loader checks (names that refer to each other, shares summing to 1, rosters covering the
/// day): `simrun validate` remains the full check.
public enum Schemas {
    public static let draft = "https://json-schema.org/draft/2020-12/schema"

    // MARK: Scenario

    public static func scenario() -> (document: JSONValue, undescribed: [String]) {
        var missing: [String] = []
        /// The properties of a section, in the catalog's order, each from `described`.
        func properties(_ section: String, _ keys: [String], _ described: [String: JSONValue]) -> JSONValue {
            for key in described.keys where !keys.contains(key) { missing.append("\(section): \(key) (described, not accepted)") }
            return .object(keys.map { key in
                guard let schema = described[key] else {
                    missing.append("\(section): \(key)")
                    return (key, [:])
                }
                return (key, schema)
            })
        }
        func object(_ section: String, _ keys: [String], required: [String] = [], _ described: [String: JSONValue],
                    extra: [(String, JSONValue)] = []) -> JSONValue {
            var pairs: [(String, JSONValue)] = [("type", "object")]
            if !required.isEmpty { pairs.append(("required", .array(required.map(JSONValue.string)))) }
            pairs.append(("properties", properties(section, keys, described)))
            pairs.append(("additionalProperties", false))
            return .object(pairs + extra)
        }

        let policyNames = JSONValue.array(PolicyRegistry.names.map(JSONValue.string))
        let parameterSchemas: [String: JSONValue] = [
            "rates": ["type": "object", "description": "a rate per class name; classes not named get 1 / priority",
                      "additionalProperties": ["type": "number", "minimum": 0]],
            "respect_priority": ["type": "boolean", "description": "only within the most urgent class waiting"],
            "units": ["type": "integer", "minimum": 1, "maximum": .int(Limits.queueCapacity), "description": "the fast-track units (the lowest numbered)"],
            "classes": ["description": "a class name or a list of them",
                        "anyOf": [ref("name"), ["type": "array", "items": ref("name"), "minItems": 1]]],
            "help_main_queue": ["type": "boolean", "description": "an idle fast-track unit takes the main queue's most urgent (default true)"],
            "reserve": ["type": "integer", "minimum": 1, "maximum": .int(Limits.queueCapacity), "description": "units kept free for the named classes"],
            "order": ["enum": ["priority", "fifo"], "description": "who is served first (default priority)"],
        ].merging(surgeSchemas(), uniquingKeysWith: { a, _ in a })
        let policies: [JSONValue] = PolicyRegistry.types.map { type in
            var described: [String: JSONValue] = ["name": ["const": .string(type.name)]]
            for key in type.parameterKeys { described[key] = parameterSchemas[key] }
            return object("policy \(type.name)", ["name"] + type.parameterKeys, required: ["name"], described)
        }
        let policy: JSONValue = ["description": "an allocation policy: a name, or {name: ..., PARAMETER: ...}",
                                 "anyOf": .array([["enum": policyNames]] + policies)]

        var distributions: [(String, JSONValue)] = []
        for name in ScenarioKeys.distributions {
            let parameters = ScenarioKeys.distributionParameters[name] ?? []
            var described: [String: JSONValue] = [:]
            for p in parameters {
                switch (name, p) {
                case ("erlang", "k"): described[p] = ["type": "integer", "minimum": 1, "maximum": .int(Limits.erlangPhases)]
                case ("empirical", "values"): described[p] = ["type": "array", "items": ref("time"), "minItems": 1]
                case ("continuous_empirical", "values"): described[p] = ["type": "array", "items": ref("time"), "minItems": 1, "description": "ascending points of the distribution function"]
                case ("continuous_empirical", "cumulative"): described[p] = ["type": "array", "items": ["type": "number", "minimum": 0, "maximum": 1], "minItems": 1, "description": "P(X <= value) at each value: from 0, never decreasing"]
                case ("continuous_empirical", "tail_mean"): described[p] = ref("time", "the mean excess of the exponential tail beyond the last value (needed when cumulative ends below 1)")
                case (_, "unit"): described[p] = ["type": "string", "description": "the time unit of the bare numbers among the values (default: the scenario's)"]
                case ("empirical", "weights"): described[p] = ["type": "array", "items": ["type": "number", "minimum": 0], "minItems": 1]
                case ("gamma", "shape"), ("weibull", "shape"): described[p] = ["type": "number", "exclusiveMinimum": 0]
                default: described[p] = ScenarioKeys.timeParameters.contains(p) ? ref("time") : ["type": "number"]
                }
            }
            let required: [String]
            var extra: [(String, JSONValue)] = []
            switch name {
            case "gamma":
                required = []
                extra = [("oneOf", [["required": ["mean", "sd"]], ["required": ["shape", "scale"]]])]
            case "empirical": required = ["values"]
            case "continuous_empirical": required = ["values", "cumulative"]
            default: required = parameters
            }
            distributions.append((name, object("distribution \(name)", parameters, required: required, described, extra: extra)))
        }
        let distribution: JSONValue = [
            "description": "a time (a constant) or a one-key mapping such as {exponential: {mean: 5 min}}",
            "anyOf": [ref("time"),
                      .object([("type", "object"), ("minProperties", 1), ("maxProperties", 1),
                               ("properties", .object(distributions)), ("additionalProperties", false)])],
        ]

        let steps: JSONValue = ["type": "array", "items": ref("step")]
        let byClass: JSONValue = [
            "type": "object", "description": "per-class overrides, by class name",
            "additionalProperties": object("by_class.CLASS", ScenarioKeys.keys("by_class.CLASS"), required: ["duration"], [
                "duration": ref("distribution", "this class's duration"),
            ]),
        ]
        let stepSchemas: [String: JSONValue] = [
            "use": object("use", ScenarioKeys.keys("use"), required: ["use", "duration"], [
                "use": ref("name", "seize one unit of this resource, hold it for the duration, release it"),
                "duration": ref("distribution", "how long the unit is held"),
                "by_class": byClass,
                "treatment": ["type": "boolean", "description": "the step whose start the class target is measured against"],
                "skill": ref("name", "only a unit whose group has this skill will do"),
            ]),
            "seize": object("seize", ScenarioKeys.keys("seize"), required: ["seize"], [
                "seize": ref("name", "take one unit of this resource and keep it across the following steps"),
                "skill": ref("name", "only a unit whose group has this skill will do"),
            ]),
            "release": object("release", ScenarioKeys.keys("release"), required: ["release"], [
                "release": ref("name", "give back the unit taken by an earlier seize"),
            ]),
            "delay": object("delay", ScenarioKeys.keys("delay"), required: ["delay"], [
                "delay": ref("distribution", "time passing without a new resource"),
                "by_class": byClass,
            ]),
            "branch": object("branch", ScenarioKeys.keys("branch"), required: ["branch"], [
                "branch": ["type": "array", "items": ref("arm"), "minItems": 1,
                           "description": "arms chosen by one uniform draw per patient"],
            ]),
            "leave": object("leave", ScenarioKeys.keys("leave"), required: ["leave"], [
                "leave": ["const": true, "description": "the pathway ends here"],
            ]),
            "consume": object("consume", ScenarioKeys.keys("consume"), required: ["consume"], [
                "consume": ["type": "object", "minProperties": 1, "description": "units of each supply item taken, by item name",
                            "additionalProperties": ["type": "integer", "minimum": 1, "maximum": .int(Limits.stock)]],
            ]),
            "note": object("note", ScenarioKeys.keys("note"), required: ["note"], [
                "note": ["type": "string", "minLength": 1, "pattern": "^[^\\n\\r]+$",
                         "description": "a marker written to the event log and trace when a patient passes; takes no time, draws nothing"],
            ]),
        ]
        let armKeys = ScenarioKeys.keys("branch[]")
        let armDescribed: [String: JSONValue] = [
            "probability": ["description": "this arm's chance: one number, or one per class name (others 0)",
                            "anyOf": [ref("probability"), ["type": "object", "additionalProperties": ref("probability")]]],
            "steps": steps,
            "otherwise": ["type": "array", "items": ref("step"), "description": "the rest of the probability; the last arm, written alone"],
        ]
        for key in armDescribed.keys where !armKeys.contains(key) { missing.append("branch[]: \(key) (described, not accepted)") }
        for key in armKeys where armDescribed[key] == nil { missing.append("branch[]: \(key)") }
        let arm: JSONValue = ["anyOf": [
            .object([("type", "object"), ("required", ["probability", "steps"]),
                     ("properties", ["probability": armDescribed["probability"] ?? [:], "steps": armDescribed["steps"] ?? [:]]),
                     ("additionalProperties", false)]),
            .object([("type", "object"), ("required", ["otherwise"]),
                     ("properties", ["otherwise": armDescribed["otherwise"] ?? [:]]), ("additionalProperties", false)]),
        ]]

        let byHour = object("arrivals[].by_hour", ScenarioKeys.keys("arrivals[].by_hour"), required: ["values"], [
            "unit": ["type": "string", "pattern": .string("^\\s*per\\s+\(unitPattern)\\s*$"), "description": "what the values count (default per hour)"],
            "values": ["type": "array", "items": ["type": "number", "minimum": 0],
                       "description": "24 rates (hour of day from 00:00) or 168 (hour of week from Monday 00:00)",
                       "oneOf": [["minItems": 24, "maxItems": 24], ["minItems": 168, "maxItems": 168]]],
        ])
        let datePattern: JSONValue = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        let byDate = object("arrivals[].by_date", ScenarioKeys.keys("arrivals[].by_date"), required: ["start", "values"], [
            "start": ["type": "string", "pattern": datePattern, "description": "the date whose midnight the first value begins"],
            "unit": ["type": "string", "pattern": .string("^\\s*per\\s+\(unitPattern)\\s*$"), "description": "what the values count (default per hour)"],
            "values": ["type": "array", "items": ["type": "number", "minimum": 0], "minItems": 24, "maxItems": .int(366 * 24),
                       "description": "a rate for each hour from the start, whole days of 24; over these hours they replace by_hour's"],
        ])
        let arrival = object("arrivals[]", ScenarioKeys.keys("arrivals[]"), [
            "name": ref("name", "the stream's name"),
            "rate": ref("rate", "a Poisson process at this rate"),
            "interarrival": ref("distribution", "a renewal process with gaps from this distribution"),
            "by_hour": byHour,
            "by_date": byDate,
            "classes": ["type": "object", "additionalProperties": ref("probability"),
                        "description": "this stream's own class mix (sums to 1)"],
        ], extra: [("oneOf", [["required": ["rate"]], ["required": ["interarrival"]], ["required": ["by_hour"]]])])
        let patientClass = object("classes[]", ScenarioKeys.keys("classes[]"), required: ["name"], [
            "name": ref("name", "the class's name"),
            "share": ref("probability", "the fraction of arrivals in this class, for streams without their own class mix; shares sum to 1 (not needed for a class fed only by clinics)"),
            "priority": ["type": "integer", "description": "smaller is more urgent (default 1)"],
            "target": ref("time", "the time-to-treatment target"),
            "stay_target": ref("time", "the time-in-system target (such as four hours)"),
            "patience": ref("distribution", "how long a patient queues before leaving unserved"),
            "pathway": steps,
        ])
        let shift = object("resources[].shifts[]", ScenarioKeys.keys("resources[].shifts[]"), required: ["from", "to", "capacity"], [
            "from": ref("clock", "the shift starts"),
            "to": ref("clock", "the shift ends (past midnight when not after from)"),
            "capacity": ["type": "integer", "minimum": 0, "maximum": .int(Limits.units)],
            "days": ["description": "the days the shift starts on (default every day); a roster naming days repeats weekly",
                     "anyOf": [ref("day"), ["type": "array", "items": ref("day"), "minItems": 1]]],
        ])
        let resource = object("resources[]", ScenarioKeys.keys("resources[]"), required: ["name"], [
            "name": ref("name", "the resource's name"),
            "capacity": ["description": "units, constant all day, or infinite",
                         "anyOf": [["type": "integer", "minimum": 0, "maximum": .int(Limits.units)], ["const": "infinite"]]],
            "shifts": ["type": "array", "minItems": 1, "description": "a daily roster covering every minute", "items": shift],
            "units": ["type": "array", "minItems": 1, "description": "named groups of units with skills, instead of capacity",
                      "items": object("resources[].units[]", ScenarioKeys.keys("resources[].units[]"), required: ["name", "skills"], [
                          "name": ref("name", "the group's name"),
                          "count": ["type": "integer", "minimum": 0, "maximum": .int(Limits.units), "description": "units on duty all day"],
                          "shifts": ["type": "array", "minItems": 1, "description": "the group's own daily roster, instead of count",
                                     "items": shift],
                          "skills": ["description": "what its units can do",
                                     "anyOf": [ref("name"), ["type": "array", "items": ref("name"), "minItems": 1]]],
                      ], extra: [("oneOf", [["required": ["count"]], ["required": ["shifts"]]])])],
            "queue_capacity": ["type": "integer", "minimum": 0, "maximum": .int(Limits.queueCapacity),
                               "description": "the most patients that may wait; 0 is a loss system"],
            "discipline": ref("policy"),
            "cost": object("resources[].cost", ScenarioKeys.keys("resources[].cost"), [
                "staffed_per_hour": ["type": "number", "minimum": 0, "description": "paid per unit-hour on duty"],
                "busy_per_hour": ["type": "number", "minimum": 0, "description": "paid per unit-hour in use"],
                "per_use": ["type": "number", "minimum": 0, "description": "billed to the patient per seize (income)"],
                "per_day": ["type": "number", "minimum": 0, "description": "billed to each patient holding a unit at a midnight census (income)"],
            ]),
            "surge": object("resources[].surge", ScenarioKeys.keys("resources[].surge"), required: ["threshold", "extra"], surgeSchemas()),
            "turnaround": ["description": .string("after each release, how long the unit is out of use before it is free (cleaning a bed); "
                               + "{use: cleaner, duration: ...} needs a unit of another resource too"),
                           "anyOf": [ref("distribution"),
                                     object("resources[].turnaround", ScenarioKeys.keys("resources[].turnaround"), required: ["use", "duration"], [
                                         "use": ref("name", "the resource whose unit does the turnaround"),
                                         "duration": ref("distribution", "how long it takes"),
                                     ])]],
            "discharge_hours": object("resources[].discharge_hours", ScenarioKeys.keys("resources[].discharge_hours"), required: ["from", "to"], [
                "from": ref("clock", "discharges may start"),
                "to": ref("clock", "discharges end (past midnight when not after from)"),
            ]),
        ], extra: [("anyOf", [["required": ["capacity"]], ["required": ["shifts"]], ["required": ["units"]]])])
        let run = object("run", ScenarioKeys.keys("run"), required: ["horizon"], [
            "horizon": ref("time", "simulated time per replication after the warm-up"),
            "warmup": ref("time", "time simulated first and left out of the statistics (default 0)"),
            "replications": ["type": "integer", "minimum": 1, "maximum": .int(Limits.replications), "description": "default 10"],
            "seed": ["type": "integer", "minimum": 0, "description": "the root of every random stream (default 1)"],
            "antithetic": ["type": "boolean", "description": "run replications in antithetic pairs (an even number of them)"],
            "start": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "the date of simulated time 0, a Monday: it places dated arrival rates (by_date)"],
        ])
        let top = properties("(top level)", ScenarioKeys.keys("(top level)"), [
            "name": ref("name", "the scenario's name"),
            "description": ["type": "string", "maxLength": .int(Limits.textLength)],
            "time_unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) }),
                          "description": "the unit of bare-number times and rates (default minute)"],
            "run": run,
            "arrivals": ["type": "array", "minItems": 1, "items": arrival],
            "classes": ["type": "array", "minItems": 1, "items": patientClass],
            "resources": ["type": "array", "items": resource],
            "pathway": steps,
            "policy": ref("policy"),
            "windows": ["type": "object", "description": "times of day (and days) with metrics of their own, by name",
                        "additionalProperties": object("windows.NAME", ScenarioKeys.keys("windows.NAME"), required: ["from", "to"], [
                            "from": ref("clock", "the window starts, on the hour"),
                            "to": ref("clock", "it ends, on the hour (past midnight when not after from)"),
                            "days": ["description": "the days it starts on (default every day)",
                                     "anyOf": [ref("day"), ["type": "array", "items": ref("day"), "minItems": 1]]],
                        ])],
            "supplies": ["type": "array", "description": "stocked items that consume steps draw on",
                         "items": object("supplies[]", ScenarioKeys.keys("supplies[]"), required: ["name", "initial", "lead_time"], [
                            "name": ref("name", "the item's name (supply.NAME.* metrics)"),
                            "initial": ["type": "integer", "minimum": 0, "maximum": .int(Limits.stock), "description": "units on hand at time 0"],
                            "reorder": object("supplies[].reorder", ScenarioKeys.keys("supplies[].reorder"), [
                                "point": ["type": "integer", "minimum": .int(-Limits.stock), "maximum": .int(Limits.stock),
                                          "description": "continuous review: order when the position is at most this"],
                                "quantity": ["type": "integer", "minimum": 1, "maximum": .int(Limits.stock), "description": "continuous review: units per order"],
                                "every": ref("time", "periodic review: the time between reviews, the first at time 0"),
                                "up_to": ["type": "integer", "minimum": 1, "maximum": .int(Limits.stock), "description": "periodic review: order up to this position"],
                            ], extra: [("oneOf", [["required": ["point", "quantity"]], ["required": ["every", "up_to"]]])]),
                            "lead_time": ref("distribution", "how long an order takes to arrive"),
                            "unit_cost": ["type": "number", "minimum": 0, "description": "paid per unit ordered"],
                            "order_cost": ["type": "number", "minimum": 0, "description": "paid per order"],
                            "on_stockout": ["enum": ["wait", "skip"], "description": "wait for stock (default) or go on without it"],
                         ])],
            "clinics": ["type": "array", "minItems": 1, "description": "outpatient clinics whose patients come by appointment",
                        "items": object("clinics[]", ScenarioKeys.keys("clinics[]"), required: ["name", "class", "sessions"], [
                            "name": ref("name", "the clinic's name (clinic.NAME.* metrics)"),
                            "class": ref("name", "the class, and so the pathway, of its patients"),
                            "sessions": ["type": "array", "minItems": 1, "description": "when it is held",
                                         "items": object("clinics[].sessions[]", ScenarioKeys.keys("clinics[].sessions[]"),
                                                         required: ["start", "slots", "slot_length"], [
                                            "days": ["description": "the days it is held (default every day)",
                                                     "anyOf": [ref("day"), ["type": "array", "items": ref("day"), "minItems": 1]]],
                                            "start": ref("clock", "when the first slot starts"),
                                            "slots": ["type": "integer", "minimum": 1, "maximum": 10000, "description": "appointment slots, end to end"],
                                            "slot_length": ref("time", "each slot's length"),
                                         ])],
                            "booking": ["description": "individual (default), bailey-welch, or the appointment times after the session's start",
                                        "anyOf": [["enum": ["individual", "bailey-welch"]],
                                                  object("clinics[].booking", ScenarioKeys.keys("clinics[].booking"), required: ["offsets"], [
                                                      "offsets": ["type": "array", "minItems": 1, "items": ref("time"),
                                                                  "description": "one appointment time per booking"],
                                                  ])]],
                            "overbook": ["type": "integer", "minimum": 0, "maximum": 10000, "description": "extra bookings per session (default 0)"],
                            "no_show": ref("probability", "the chance that a booked patient does not come (default 0)"),
                            "lateness": ["description": "arrival minus appointment time (default punctual); normal and uniform may be negative (early)",
                                         "anyOf": [["type": "string"], ["type": "number"], ["type": "object"]]],
                            "fill": ref("probability", "the chance that each slot is booked (default 1)"),
                            "doctors": ["type": "integer", "minimum": 1, "description": "clinicians holding each session (default 1)"],
                         ])],
        ])
        let number = "[+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?"
        let document: JSONValue = .object([
            ("$schema", .string(draft)),
            ("title", "hospsim scenario"),
            ("description", "A scenario file of hospsim (docs/scenario-format.md). `simrun validate` checks what a schema cannot."),
            ("type", "object"),
            ("required", ["name", "run", "resources"]),
            ("anyOf", [["required": ["arrivals"]], ["required": ["clinics"]]]),
            ("properties", top),
            ("patternProperties", ["^x-": ["description": "ignored: a place for anchors (&name) to merge (<<: *name) and for notes"]]),
            ("additionalProperties", false),
            ("$defs", .object([
                ("name", ["type": "string", "minLength": 1, "maxLength": .int(Limits.nameLength)]),
                ("time", ["description": "a number in the scenario's time_unit, or \"NUMBER UNIT\" such as \"30 min\"",
                          "anyOf": [["type": "number", "minimum": 0],
                                    ["type": "string", "pattern": .string("^\\s*\(number)(\\s*\(unitPattern))?\\s*$")]]]),
                ("rate", ["description": "a number per time_unit, or \"NUMBER per UNIT\" such as \"10 per hour\" (or \"10/hour\")",
                          "anyOf": [["type": "number", "exclusiveMinimum": 0],
                                    ["type": "string", "pattern": .string("^\\s*\(number)((\\s+per\\s+|\\s*/\\s*)\(unitPattern))?\\s*$")]]]),
                ("clock", ["type": "string", "pattern": "^(([01]?[0-9]|2[0-3]):[0-5][0-9]|24:00)$", "description": "a time of day, \"HH:MM\""]),
                ("probability", ["type": "number", "minimum": 0, "maximum": 1]),
                ("day", ["enum": .array((TimeWindow.dayNames + ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]).map(JSONValue.string))]),
                ("distribution", distribution),
                ("policy", policy),
                ("step", .object([("description", "a pathway step: use, seize, release, delay, branch, leave, consume or note"),
                                  ("oneOf", .array(ScenarioKeys.stepKinds.map { stepSchemas[$0] ?? [:] }))])),
                ("arm", arm),
            ])),
        ])
        return (document, missing)
    }

    static func surgeSchemas() -> [String: JSONValue] {
        [
            "threshold": ["type": "integer", "minimum": 1, "maximum": .int(Limits.queueCapacity), "description": "called when more than this many wait..."],
            "after": ref("time", "...continuously for this long (default 0)"),
            "delay": ref("time", "how long the extra units take to arrive (default 0)"),
            "extra": ["type": "integer", "minimum": 1, "maximum": .int(Limits.queueCapacity), "description": "units called in"],
            "premium_per_hour": ["type": "number", "minimum": 0, "description": "per surge unit-hour, on top of staffed_per_hour"],
            "release_below": ["type": "integer", "minimum": 1, "maximum": .int(Limits.queueCapacity),
                              "description": "they leave once fewer than this wait (default half the threshold)"],
        ]
    }

    /// The time-unit words, case-insensitive as the loader reads them.
    static var unitPattern: String {
        let words = TimeText.unitMinutes.keys.sorted { ($0.count, $0) > ($1.count, $1) }
        return "(" + words.map { word in
            word.map { c in c.isLetter ? "[\(c.lowercased())\(c.uppercased())]" : String(c) }.joined()
        }.joined(separator: "|") + ")"
    }

    static func ref(_ name: String, _ description: String? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("$ref", .string("#/$defs/\(name)"))]
        if let description { pairs.append(("description", .string(description))) }
        return .object(pairs)
    }

    // MARK: Results

    /// Every JSON document `simrun` writes: a run's results (one, or an array for several
    /// files), a comparison, a sweep, a check's verdicts, and a partial result of a shard.
    public static func results() -> JSONValue {
        let nullableNumber: JSONValue = ["type": ["number", "null"]]
        let summary: JSONValue = .object([
            ("type", "object"),
            ("description", "a metric over replications: mean, half width of the 95% Student-t interval, sd, min, max, and n, the replications where it was defined; null where undefined"),
            ("required", ["mean", "half_width", "sd", "min", "max", "n"]),
            ("properties", ["mean": nullableNumber, "half_width": nullableNumber, "sd": nullableNumber,
                            "min": nullableNumber, "max": nullableNumber, "n": ["type": "integer", "minimum": 0]]),
            ("additionalProperties", false),
        ])
        let header: [(String, JSONValue)] = [
            ("scenario", ["type": "string"]),
            ("seed", ["type": "integer", "minimum": 0]),
            ("replications", ["type": "integer", "minimum": 1]),
            ("antithetic", ["type": "boolean", "description": "present (true) when replications ran in antithetic pairs; n then counts pairs"]),
            ("horizon", ["type": "number"]),
            ("warmup", ["type": "number"]),
            ("time_unit", ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })]),
        ]
        let precision: JSONValue = .object([
            ("type", "object"),
            ("description", "present when --precision added replications: the goals, whether they were reached, and the metric that decided"),
            ("required", ["goals", "reached", "replications", "decided_by", "relative_half_width"]),
            ("properties", ["goals": ["type": "object", "additionalProperties": ["type": "number", "exclusiveMinimum": 0]],
                            "reached": ["type": "boolean"], "replications": ["type": "integer", "minimum": 1],
                            "decided_by": ["type": "string"], "relative_half_width": nullableNumber]),
            ("additionalProperties", false),
        ])
        let headerKeys: [JSONValue] = header.filter { $0.0 != "antithetic" }.map { .string($0.0) }
        let waitPercentiles: JSONValue = .object([
            ("type", "object"), ("description", "the percentiles 0, 1, ..., 100 of the waits, and the class's target"),
            ("required", ["n", "percentiles"]),
            ("properties", ["n": ["type": "integer", "minimum": 0], "target": ["type": "number"],
                            "percentiles": ["type": "array", "minItems": 101, "maxItems": 101, "items": nullableNumber]]),
            ("additionalProperties", false)])
        let theoryEntry: JSONValue = .object([
            ("type", "object"), ("description", "exact values of a single-station model"),
            ("required", ["model", "values"]),
            ("properties", [
                "model": ["type": "string"], "parameters": ["type": "string"],
                "values": ["type": "object", "additionalProperties": nullableNumber],
                "wait_distribution": .object([
                    ("type", "object"), ("required", ["no_wait", "parts"]),
                    ("properties", ["no_wait": ["type": "number"], "parts": ["type": "array", "items": .object([
                        ("type", "object"), ("required", ["weight", "shape", "rate"]),
                        ("properties", ["weight": ["type": "number"], "shape": ["type": "integer", "minimum": 1],
                                        "rate": ["type": "number"]]),
                        ("additionalProperties", false)])]]),
                    ("additionalProperties", false)]),
            ]),
            ("additionalProperties", false)])
        let results: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun run --format json (and a baseline, with its identity and tolerances)"),
            ("required", .array(headerKeys + ["policy", "metrics", "profiles"])),
            ("properties", .object(header + [
                ("policy", ["type": "string"]),
                ("metrics", ["type": "object", "additionalProperties": ref("summary")]),
                ("profiles", ["type": "object", "description": "24 hour-of-day values per profile",
                              "additionalProperties": ["type": "array", "minItems": 24, "maxItems": 24, "items": .object([
                                  ("type", "object"), ("required", ["mean", "half_width"]),
                                  ("properties", ["mean": nullableNumber, "half_width": nullableNumber]),
                                  ("additionalProperties", false)])]]),
                ("wait_distributions", .object([
                    ("type", "object"), ("description", "completed patients' waits pooled over the replications: all patients, and by class"),
                    ("required", ["all", "classes"]),
                    ("properties", ["all": waitPercentiles, "classes": ["type": "object", "additionalProperties": waitPercentiles]]),
                    ("additionalProperties", false)])),
                ("treatment_distributions", .object([
                    ("type", "object"), ("description", "times from arrival to the start of the treatment step (what targets judge), pooled over the replications: all patients whose treatment started, and by class"),
                    ("required", ["all", "classes"]),
                    ("properties", ["all": waitPercentiles, "classes": ["type": "object", "additionalProperties": waitPercentiles]]),
                    ("additionalProperties", false)])),
                ("theory", theoryEntry),
                ("scenario_hash", ["type": "string", "description": "a baseline's scenario identity"]),
                ("model_version", ["type": "integer"]),
                ("tolerance", ["type": "object", "additionalProperties": ["type": "number", "minimum": 0],
                               "description": "a baseline's per-metric relative tolerances"]),
                ("precision", ref("precision")),
            ])),
            ("additionalProperties", false),
        ])
        let constraintCheck: JSONValue = .object([
            ("type", "object"),
            ("description", "a constraint judged: its estimate (a mean; a share of replications beyond the threshold; a sample quantile), the distance to the one-sided bound it is judged by, the verdict, and by how much the estimate misses the limit (negative: to spare)"),
            ("required", ["constraint", "mean", "half_width", "verdict", "excess"]),
            ("properties", ["constraint": ["type": "string"], "mean": nullableNumber, "half_width": nullableNumber,
                            "verdict": ["enum": ["met", "failed", "undecided"]], "excess": nullableNumber]),
            ("additionalProperties", false)])
        let comparison: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun compare --format json"),
            ("required", .array(headerKeys + ["baseline", "variants"])),
            ("properties", .object(header + [
                ("baseline", ["type": "string", "description": "the label of the first variant, the one differences are taken from"]),
                ("variants", ["type": "array", "minItems": 1, "items": .object([
                    ("type", "object"), ("required", ["label", "pareto_efficient", "metrics"]),
                    ("properties", [
                        "label": ["type": "string"],
                        "pareto_efficient": ["type": "boolean"],
                        "constraints": ["type": "array", "description": "with --constraint: each constraint judged on this variant by a one-sided 95% bound",
                                        "items": ref("constraint_check")],
                        "metrics": ["type": "object", "additionalProperties": .object([
                            ("type", "object"), ("required", ["summary"]),
                            ("properties", [
                                "summary": ref("summary"),
                                "difference": .object([
                                    ("type", "object"), ("description", "paired over replications: this variant minus the first"),
                                    ("required", ["mean", "half_width", "significant"]),
                                    ("properties", ["mean": nullableNumber, "half_width": nullableNumber, "significant": ["type": "boolean"]]),
                                    ("additionalProperties", false)]),
                            ]),
                            ("additionalProperties", false)])],
                    ]),
                    ("additionalProperties", false)])]),
                ("precision", ref("precision")),
            ])),
            ("additionalProperties", false),
        ])
        let sweep: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun sweep --format json"),
            ("required", ["scenario", "seed", "replications", "points"]),
            ("properties", [
                "scenario": ["type": "string"], "seed": ["type": "integer", "minimum": 0], "replications": ["type": "integer", "minimum": 1],
                "antithetic": ["type": "boolean"],
                "time_unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })],
                "metrics_shown": ["type": "array", "items": ["type": "string"], "description": "the metrics the sweep was asked to show (--metric, or the main ones): the report charts these"],
                "points": ["type": "array", "items": .object([
                    ("type", "object"), ("required", ["set", "metrics"]),
                    ("properties", ["set": ["type": "object", "additionalProperties": ["type": "string"],
                                            "description": "the settings of this point, key path to value"],
                                    "metrics": ["type": "object", "additionalProperties": ref("summary")]]),
                    ("additionalProperties", false)])],
                "precision": ref("precision"),
            ]),
            ("additionalProperties", false),
        ])
        let check: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun check --format json"),
            ("required", ["regressed", "metrics"]),
            ("properties", [
                "regressed": ["type": "boolean"],
                "metrics": ["type": "object", "additionalProperties": .object([
                    ("type", "object"), ("required", ["baseline", "now", "difference", "p_value", "tolerance", "verdict"]),
                    ("properties", ["baseline": nullableNumber, "now": nullableNumber, "difference": nullableNumber,
                                    "p_value": nullableNumber, "tolerance": nullableNumber,
                                    "verdict": ["enum": .array(RegressionCheck.Verdict.allCases.map { .string($0.rawValue) })]]),
                    ("additionalProperties", false)])],
                "breached": ["type": "boolean", "description": "with --constraint: whether a constraint was shown breached (the check then fails)"],
                "constraints": ["type": "array", "description": "with --constraint: each constraint's estimate (a mean, a share of replications beyond the threshold, or a sample quantile), the distance to its one-sided 95% bound, its verdict and excess",
                                "items": ref("constraint_check")],
            ]),
            ("additionalProperties", false),
        ])
        let exact: JSONValue = ["type": "string", "description": "a number written exactly (Swift's shortest round-trip form, or nan)"]
        let partial: JSONValue = .object([
            ("type", "object"),
            ("description", "a shard's partial result (--shard K/N), for simrun merge; also a checkpoint of an interrupted run"),
            ("required", ["hospsim_partial", "model_version", "kind", "format", "shard", "shards", "scenario", "seed",
                          "replications", "horizon", "warmup", "time_unit", "parts"]),
            ("properties", [
                "hospsim_partial": ["const": 1], "model_version": ["type": "integer"],
                "kind": ["enum": .array(PartialResult.Kind.allCases.map { .string($0.rawValue) })],
                "format": ["type": "string"], "shard": ["type": "integer", "minimum": 0], "shards": ["type": "integer", "minimum": 1],
                "scenario": ["type": "string"], "seed": ["type": "integer", "minimum": 0], "replications": ["type": "integer", "minimum": 1],
                "antithetic": ["type": "boolean"],
                "horizon": exact, "warmup": exact, "time_unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })],
                "theory": .object([
                    ("type", "object"), ("required", ["model", "parameters", "values"]),
                    ("properties", ["model": ["type": "string"], "parameters": ["type": "string"],
                                    "values": ["type": "array", "items": ["type": "array", "minItems": 2, "maxItems": 2], "description": "[metric, exact value]"],
                                    "wait_distribution": .object([
                                        ("type", "object"), ("required", ["no_wait", "parts"]),
                                        ("properties", ["no_wait": exact,
                                                        "parts": ["type": "array", "items": ["type": "array", "minItems": 3, "maxItems": 3],
                                                                  "description": "[exact weight, shape, exact rate]"]]),
                                        ("additionalProperties", false)])]),
                    ("additionalProperties", false)]),
                "shown": ["type": "array", "items": ["type": "string"]],
                "parts": ["type": "array", "items": .object([
                    ("type", "object"), ("required", ["label", "policy", "scenario_hash", "metrics", "profiles", "replications"]),
                    ("properties", [
                        "label": ["type": "string"], "policy": ["type": "string"], "scenario_hash": ["type": "string", "minLength": 1],
                        "point": ["type": "array", "items": ["type": "array", "items": ["type": "string"], "minItems": 2, "maxItems": 2]],
                        "metrics": ["type": "array", "items": ["type": "string"]],
                        "profiles": ["type": "array", "items": ["type": "string"]],
                        "classes": ["type": "array", "items": ["type": "array", "minItems": 2, "maxItems": 2]],
                        "replications": ["type": "array", "items": .object([
                            ("type", "object"), ("required", ["index", "events", "metrics", "profiles"]),
                            ("properties", ["index": ["type": "integer", "minimum": 0], "events": ["type": "integer", "minimum": 0],
                                            "metrics": ["type": "array", "items": exact],
                                            "profiles": ["type": "array", "items": ["type": "array", "items": exact]],
                                            "waits": ["type": "array", "items": ["type": "array", "minItems": 3, "maxItems": 3]],
                                            "treatments": ["type": "array", "items": ["type": "array", "minItems": 3, "maxItems": 3]]]),
                            ("additionalProperties", false)])],
                    ]),
                    ("additionalProperties", false)])],
            ]),
            ("additionalProperties", false),
        ])
        let numbers: JSONValue = ["type": "array", "items": nullableNumber]
        let warmup: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun warmup --format json"),
            ("required", ["warmup_study", "scenario", "seed", "replications", "time_unit", "origin", "horizon", "bin",
                          "recommended_warmup", "in_system", "waits"]),
            ("properties", [
                "warmup_study": ["const": 1], "scenario": ["type": "string"], "seed": ["type": "integer", "minimum": 0],
                "replications": ["type": "integer", "minimum": 1],
                "time_unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })],
                "origin": ["type": "number", "description": "where the series start (a warm-up already applied)"],
                "horizon": ["type": "number"], "bin": ["type": "number", "exclusiveMinimum": 0],
                "recommended_warmup": ["type": "number", "minimum": 0, "description": "the cut of the number inside, after origin"],
                "settled": ["type": "boolean", "description": "false: MSER-5's cut is pressed against the end of its search; the series did not settle within the run, and recommended_warmup is no warm-up to use"],
                "in_system": .object([
                    ("type", "object"), ("required", ["cut_bins", "cut_time", "window", "mean", "welch"]),
                    ("properties", ["cut_bins": ["type": "integer", "minimum": 0], "cut_time": ["type": "number", "minimum": 0],
                                    "window": ["type": "integer", "minimum": 1], "mean": numbers, "welch": numbers]),
                    ("additionalProperties", false)]),
                "waits": .object([
                    ("type", "object"), ("required", ["cut_patients", "cut_time", "mean"]),
                    ("properties", ["cut_patients": ["type": "integer", "minimum": 0], "cut_time": ["type": "number", "minimum": 0],
                                    "mean": numbers]),
                    ("additionalProperties", false)]),
            ]),
            ("additionalProperties", false),
        ])
        let evaluated: JSONValue = .object([
            ("type", "object"),
            ("required", ["settings", "replications", "feasible", "eliminated", "dominated", "metrics"]),
            ("properties", [
                "settings": ["type": "object", "additionalProperties": ["type": "string"], "description": "key path to value"],
                "replications": ["type": "integer", "minimum": 0],
                "status": ["enum": ["recommended", "pareto", "not separable", "equivalent", "infeasible", "worse", "dominated", "dominated?", "undecided", "feasible"]],
                "constraints": ["type": "array", "description": "each constraint at this point: its estimate (the mean; for a chance constraint the share of replications beyond the threshold; for a quantile constraint the sample quantile), the distance to the bound it is judged by, the verdict, and by how much the estimate misses the limit (negative: to spare)",
                                "items": ref("constraint_check")],
                "feasible": ["type": ["boolean", "null"], "description": "null: not decided within the budget"],
                "eliminated": ["type": "boolean", "description": "shown worse than a feasible point (one objective)"],
                "dominated": ["type": "boolean", "description": "dominated by means (several objectives)"],
                "metrics": ["type": "object", "additionalProperties": ref("summary")],
                "replications_values": ["type": "object", "description": "each constraint metric's value in every replication, in order: at every point with chance or quantile constraints, else at the recommended, runners-up and equivalent points",
                                        "additionalProperties": ["type": "array", "items": nullableNumber]],
                "by_demand": ["type": "object", "description": "with --demand: under each demand scenario, by name, the objective and constraint metrics and the constraints' verdicts",
                              "additionalProperties": .object([
                                  ("type", "object"), ("required", ["metrics"]),
                                  ("properties", ["metrics": ["type": "object", "additionalProperties": ref("summary")],
                                                  "constraints": ["type": "array", "items": ref("constraint_check")]]),
                                  ("additionalProperties", false)])],
                "theory": ref("theory", "at the recommendation, when its model has a single-station form: the exact queueing values"),
            ]),
            ("additionalProperties", false),
        ])
        let move: JSONValue = .object([
            ("type", "object"), ("required", ["value", "verdict", "constraints", "metrics"]),
            ("properties", ["value": ["type": "string", "description": "the input's value in this run, as written"],
                            "verdict": ["enum": ["holds", "at risk", "breaks"], "description": "breaks: a constraint failed with confidence; at risk: an estimate beyond a limit, not yet certain"],
                            "constraints": ["type": "array", "items": ref("constraint_check")],
                            "metrics": ["type": "object", "additionalProperties": ref("summary")]]),
            ("additionalProperties", false)])
        let robustness: JSONValue = .object([
            ("type", "object"),
            ("description", "optimize --check-robustness: the recommendation re-run on its own replications with each input but the decision variables moved down and up by change, one at a time, its constraints judged again"),
            ("required", ["change", "replications", "inputs", "failing"]),
            ("properties", [
                "change": ["type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1], "replications": ["type": "integer", "minimum": 0],
                "demand": ["type": "string", "description": "with --demand: the scenario the moves ran under (the base one)"],
                "inputs": ["type": "array", "items": .object([
                    ("type", "object"), ("required", ["input", "value", "low", "high"]),
                    ("properties", ["input": ["type": "string"], "value": ["type": "string"], "low": move, "high": move]),
                    ("additionalProperties", false)])],
                "unmoved": ["type": "array", "items": ["type": "string"], "description": "capacities left as they are: the change is less than half a unit"],
                "failing": ["type": "array", "items": ["type": "string"], "description": "the moves that break a constraint or put one at risk, in words, worst first"],
            ]),
            ("additionalProperties", false)])
        let optimization: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun optimize --format json"),
            ("required", ["scenario", "seed", "time_unit", "objectives", "constraints", "confidence", "delta", "budget",
                          "replications_used", "ended", "recommended", "runners_up", "pareto", "points"]),
            ("properties", [
                "scenario": ["type": "string"], "seed": ["type": "integer", "minimum": 0],
                "time_unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })],
                "horizon": ["type": "number", "description": "each replication's horizon after the warm-up, in time_unit"],
                "warmup": ["type": "number", "description": "each replication's warm-up, in time_unit"],
                "objectives": ["type": "array", "items": .object([
                    ("type", "object"), ("required", ["metric", "sense"]),
                    ("properties", ["metric": ["type": "string"], "sense": ["enum": ["minimize", "maximize"]]]),
                    ("additionalProperties", false)])],
                "constraints": ["type": "array", "items": .object([
                    ("type", "object"), ("required", ["metric", "operator", "value"]),
                    ("properties", ["metric": ["type": "string"], "operator": ["enum": [">=", "<="]], "value": ["type": "number"],
                                    "kind": ["enum": ["probability", "quantile"], "description": "absent: a constraint on the mean; probability: on the share of replications beyond threshold; quantile: on the quantile across replications"],
                                    "threshold": ["type": "number"], "beyond": ["enum": [">", "<"]],
                                    "quantile": ["type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1]]),
                    ("additionalProperties", false)])],
                "confidence": ["type": "number"], "delta": ["type": "number"], "budget": ["type": "integer"],
                "replications_used": ["type": "integer"], "ended": ["enum": ["selected", "budget", "no feasible point"]],
                "recommended": ["anyOf": [["type": "null"], ref("evaluated")]],
                "runners_up": ["type": "array", "items": ref("evaluated")],
                "pareto": ["type": "array", "items": ref("evaluated")],
                "equivalent": ["type": "array", "items": ref("evaluated"), "description": "one objective: every point whose means meet every constraint with an objective mean within delta of the recommendation's"],
                "closest": ["type": "array", "description": "when no point is feasible: per constraint, the best value reached, where, and whether more replications could change the verdict there",
                            "items": .object([
                                ("type", "object"), ("required", ["constraint", "best", "settings", "verdict", "more_replications_could_help"]),
                                ("properties", ["constraint": ["type": "string"], "best": nullableNumber,
                                                "settings": ["type": "object", "additionalProperties": ["type": "string"]],
                                                "verdict": ["enum": ["met", "failed", "undecided"]], "more_replications_could_help": ["type": "boolean"]]),
                                ("additionalProperties", false)])],
                "demand": ["type": "array", "description": "with --demand: the demand scenarios, each a multiplier of every walk-in arrival rate",
                           "items": .object([("type", "object"), ("required", ["name", "multiplier"]),
                                             ("properties", ["name": ["type": "string"], "multiplier": ["type": "number", "exclusiveMinimum": 0]]),
                                             ("additionalProperties", false)])],
                "robust": ["enum": ["all", "base"], "description": "with --demand: the constraints had to hold under all scenarios, or under the base one only"],
                "base_choice": ref("evaluated", "with --demand: the point choosing for the base demand alone would pick (its constraints met under base demand, the best objective); absent when none is"),
                "robustness": robustness,
                "points": ["type": "array", "items": ref("evaluated")],
            ]),
            ("additionalProperties", false),
        ])
        let band: JSONValue = .object([("type", "object"), ("required", ["mean", "p05", "p95"]),
                                       ("properties", ["mean": numbers, "p05": numbers, "p95": numbers]), ("additionalProperties", false)])
        let forecast: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun forecast --format json: each hour after now, per resource the occupancy and queue (mean, and the 5th and 95th percentiles over replications as counts), the units staffed and the probability of being full, the probability of being full at some moment within 4, 8 and 24 hours and the horizon, and the arrivals"),
            ("required", ["kind", "scenario", "now", "start", "time_unit", "replications", "census", "hours", "resources", "arrivals"]),
            ("properties", [
                "kind": ["const": "forecast"], "scenario": ["type": "string"], "now": ["type": "string"], "start": ["type": "number"],
                "time_unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })],
                "replications": ["type": "integer", "minimum": 0], "census": ["type": "integer", "minimum": 0],
                "hours": ["type": "array", "items": ["type": "integer", "minimum": 1]],
                "within_hours": ["type": "array", "items": ["type": "integer", "minimum": 1],
                                 "description": "the horizons of full_within: 4, 8 and 24 hours where within the forecast, and its length"],
                "resources": ["type": "object", "additionalProperties": .object([
                    ("type", "object"), ("required", ["occupancy", "queue", "full_probability"]),
                    ("properties", ["occupancy": band, "queue": band,
                                    "full_probability": ["type": "array", "items": nullableNumber, "description": "the share of replications with no free unit at the end of each hour"],
                                    "capacity": ["type": "array", "items": nullableNumber, "description": "units staffed at the end of each hour (mean over replications); null for unlimited capacity"],
                                    "full_within": ["type": "array", "items": nullableNumber, "description": "the share of replications in which no unit was free at some moment within each of within_hours"]]),
                    ("additionalProperties", false)])],
                "arrivals": band,
                "supplies": ["type": "object", "description": "each supply item's stock on hand at the end of each hour", "additionalProperties": band],
            ]),
            ("additionalProperties", false),
        ])
        let horizonNumbers: JSONValue = ["type": "array", "items": nullableNumber]
        let forecastBacktest: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun forecast --backtest LOG --format json: forecasts from censuses rebuilt at past origins, scored against the occupancy the log shows; per resource, one value per horizon"),
            ("required", ["kind", "scenario", "log", "time_unit", "replications", "origins", "census_patients", "unplaced", "hours", "horizons", "resources"]),
            ("properties", [
                "kind": ["const": "forecast_backtest"], "scenario": ["type": "string"], "log": ["type": "string"],
                "time_unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })],
                "replications": ["type": "integer", "minimum": 1],
                "origins": ["type": "array", "items": ["type": "string"], "description": "each origin's date-time"],
                "census_patients": ["type": "array", "items": ["type": "integer", "minimum": 0], "description": "patients placed in the census at each origin"],
                "unplaced": ["type": "array", "items": ["type": "integer", "minimum": 0], "description": "patients inside at each origin that the log could not place at a step"],
                "hours": ["type": "integer", "minimum": 1],
                "horizons": ["type": "array", "items": ["type": "integer", "minimum": 1]],
                "resources": ["type": "object", "additionalProperties": .object([
                    ("type", "object"),
                    ("required", ["mae", "rmse", "bias", "error_sd", "bias_percent", "error_sd_percent", "coverage_90", "brier", "brier_base_rate", "full_share"]),
                    ("properties", ["mae": horizonNumbers, "rmse": horizonNumbers,
                                    "bias": ["type": "array", "items": nullableNumber, "description": "mean forecast minus actual occupancy"],
                                    "error_sd": ["type": "array", "items": nullableNumber, "description": "standard deviation of forecast minus actual"],
                                    "bias_percent": ["type": "array", "items": nullableNumber, "description": "bias over the units staffed, in percent; null for unlimited capacity"],
                                    "error_sd_percent": horizonNumbers,
                                    "coverage_90": ["type": "array", "items": nullableNumber, "description": "the share of origins whose occupancy fell within the 5th-95th percentile band"],
                                    "brier": ["type": "array", "items": nullableNumber, "description": "mean squared difference of the probability of being full and whether it was"],
                                    "brier_base_rate": ["type": "array", "items": nullableNumber, "description": "the Brier score of always forecasting the share of origins that were full"],
                                    "full_share": horizonNumbers]),
                    ("additionalProperties", false)])],
            ]),
            ("additionalProperties", false),
        ])
        let interval: JSONValue = .object([
            ("type", "object"), ("required", ["mean", "half_width"]),
            ("properties", ["mean": nullableNumber, "half_width": nullableNumber]), ("additionalProperties", false)])
        let sensitivity: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun sensitivity --format json: each input moved down and up one at a time on common random numbers; for each metric its value as written and every input's effects (paired differences with 95% half widths), largest swing first"),
            ("required", ["kind", "scenario", "replications", "seed", "change", "inputs", "metrics"]),
            ("properties", [
                "kind": ["const": "sensitivity"], "scenario": ["type": "string"], "replications": ["type": "integer", "minimum": 1],
                "seed": ["type": "integer", "minimum": 0], "change": ["type": "number", "description": "the fraction each input moved down and up"],
                "inputs": ["type": "array", "items": .object([
                    ("type", "object"), ("required", ["path", "value", "low", "high"]),
                    ("properties", ["path": ["type": "string"], "value": ["type": "string", "description": "as written"],
                                    "low": ["type": "string"], "high": ["type": "string"]]),
                    ("additionalProperties", false)])],
                "metrics": ["type": "object", "additionalProperties": .object([
                    ("type", "object"), ("required", ["as_written", "effects"]),
                    ("properties", ["as_written": interval,
                                    "effects": ["type": "array", "items": .object([
                                        ("type", "object"), ("required", ["input", "low", "high", "swing"]),
                                        ("properties", ["input": ["type": "string"], "low": interval, "high": interval,
                                                        "swing": interval]),
                                        ("additionalProperties", false)])]]),
                    ("additionalProperties", false)])],
            ]),
            ("additionalProperties", false),
        ])
        let hourly: JSONValue = ["type": "array", "items": interval, "description": "one mean and 95% half width per hour of the period"]
        let hoursList: JSONValue = ["type": "array", "items": ["type": "integer", "minimum": 0], "description": "hours of the period whose mean misses the target"]
        let staffCounts: JSONValue = ["type": "array", "items": ["type": "integer", "minimum": 0], "description": "staff per hour of the period"]
        let measures: JSONValue = ["type": "object", "additionalProperties": hourly,
                                   "description": "every hourly measure of the simulation by metric name (arrivals, busy.mean, delay.probability, wait.mean, target_met.fraction, wait.pQ): item H is hour.H.NAME"]
        let roster: JSONValue = .object([
            ("type", "object"), ("description", "the least-cost roster of the allowed shifts covering the requirement (GLPK), simulated"),
            ("required", ["shifts", "cost", "status", "bound", "coverage", "achieved", "missed"]),
            ("properties", [
                "shifts": ["type": "array", "items": .object([
                    ("type", "object"), ("required", ["start", "length", "days", "count"]),
                    ("properties", ["start": ["type": "string", "description": "HH:00"], "length": ["type": "string", "description": "whole hours, as 8h"],
                                    "days": ["type": "array", "items": ["enum": .array(TimeWindow.dayNames.map { .string($0) })]],
                                    "count": ["type": "integer", "minimum": 1]]),
                    ("additionalProperties", false)])],
                "cost": ["type": "number", "description": "per period (a day or a week)"],
                "status": ["enum": ["optimal", "time limit"]], "bound": ["type": "number", "description": "the least cost proved possible"],
                "coverage": staffCounts, "achieved": hourly, "missed": hoursList,
                "failure": ["type": "string", "description": "why its simulation could not finish"], "measures": measures,
            ]),
            ("additionalProperties", false)])
        let staffing: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun staff --format json: the demand on one resource hour by hour, and for each method its staffing requirement, the target's measure simulated at it, and the roster covering it; the first method's also at the top"),
            ("required", ["kind", "scenario", "resource", "period", "time_unit", "target", "rates", "replications", "replications_run", "hours",
                          "arrivals", "offered_load", "mean_hold", "method", "requirement", "achieved", "missed", "current", "methods"]),
            ("properties", [
                "kind": ["const": "staffing"], "scenario": ["type": "string"], "resource": ["type": "string"],
                "period": ["enum": ["day", "week"]], "time_unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })],
                "target": .object([("type", "object"), ("required", ["metric", "op", "value", "written"]),
                                   ("properties", ["metric": ["type": "string"], "op": ["enum": ["<=", ">="]], "value": ["type": "number"],
                                                   "written": ["type": "string"]]), ("additionalProperties", false)]),
                "rates": .object([("type", "object"), ("required", ["per_hour", "night_premium", "weekend_premium", "night"]),
                                  ("properties", ["per_hour": ["type": "number"], "night_premium": ["type": "number"], "weekend_premium": ["type": "number"],
                                                  "night": ["type": "string", "description": "HH:00-HH:00"]]), ("additionalProperties", false)]),
                "replications": ["type": "integer", "minimum": 1], "replications_run": ["type": "integer", "minimum": 0],
                "hours": ["type": "array", "items": ["type": "string"], "description": "the hours' clock labels, from 00:00 (Monday 00:00 for a week)"],
                "arrivals": hourly, "offered_load": hourly, "mean_hold": nullableNumber,
                "method": ["enum": .array(StaffingMethod.allCases.map { .string($0.rawValue) })],
                "requirement": staffCounts, "achieved": hourly, "missed": hoursList, "roster": roster, "measures": measures,
                "current": .object([("type", "object"), ("description", "the scenario's own staffing"), ("required", ["achieved", "missed"]),
                                    ("properties", ["staff": ["type": "array", "items": nullableNumber], "cost": ["type": "number"],
                                                    "achieved": hourly, "missed": hoursList, "failure": ["type": "string"], "measures": measures]),
                                    ("additionalProperties", false)]),
                "methods": ["type": "array", "items": .object([
                    ("type", "object"), ("required", ["method", "requirement", "cost", "achieved", "missed"]),
                    ("properties", ["method": ["enum": .array(StaffingMethod.allCases.map { .string($0.rawValue) })],
                                    "requirement": staffCounts, "cost": ["type": "number", "description": "staffing exactly to the requirement, per period"],
                                    "achieved": hourly, "missed": hoursList, "failure": ["type": "string"], "roster": roster,
                                    "iterations": ["type": "array", "items": staffCounts, "description": "the iterative algorithm's requirement at each simulation"],
                                    "ended": ["enum": ["unchanged", "cycle", "limit", "stopped", "failed"]], "measures": measures]),
                    ("additionalProperties", false)])],
            ]),
            ("additionalProperties", false),
        ])
        let fitted: JSONValue = .object([
            ("type", "object"), ("required", ["form", "parameters", "intervals", "log_likelihood", "aic", "ks_statistic", "ks_p"]),
            ("properties", [
                "form": ["enum": ["exponential", "gamma", "lognormal", "weibull", "normal"]],
                "parameters": ["type": "object", "additionalProperties": ["type": "number"]],
                "intervals": ["type": "object", "additionalProperties": ["type": "array", "items": nullableNumber, "minItems": 2, "maxItems": 2]],
                "log_likelihood": nullableNumber, "aic": nullableNumber,
                "ks_statistic": ["type": ["number", "null"], "description": "Kolmogorov-Smirnov distance (grouped at the intervals' ends for values read to a resolution); for censored data the largest distance from the Kaplan-Meier curve"],
                "ks_p": ["type": ["number", "null"], "description": "null for censored data, where no KS distribution holds"],
                "method": ["enum": ["exact", "interval", "censored"], "description": "how the likelihood read the values: exact, each an interval of the resolution, or with right-censored values"],
            ]),
            ("additionalProperties", false),
        ])
        let share: JSONValue = .object([
                    ("type", "object"), ("description", "episodes with the outcome: how many of how many, the share and its Wilson 95% interval"),
                    ("required", ["n", "count", "share", "lower", "upper"]),
                    ("properties", ["n": ["type": "integer", "minimum": 0], "count": ["type": "integer", "minimum": 0],
                                    "share": nullableNumber, "lower": nullableNumber, "upper": nullableNumber]),
                    ("additionalProperties", false)])
        let fitDuration: JSONValue = .object([
                    ("type", "object"), ("required", ["n", "fits"]),
                    ("properties", ["n": ["type": "integer", "minimum": 0], "missing": ["type": "integer", "minimum": 0],
                                    "unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })],
                                    "fits": ["type": "array", "items": fitted], "percentiles": numbers,
                                    "empirical": .object([
                                        ("type", "object"),
                                        ("description", "the continuous empirical distribution of the column: quantiles at the cumulative probabilities, linear in between, an exponential tail of mean excess tail_mean beyond the last value; its exact mean and sd"),
                                        ("required", ["values", "cumulative", "mean", "sd"]),
                                        ("properties", ["values": numbers, "cumulative": numbers, "tail_mean": ["type": "number", "exclusiveMinimum": 0],
                                                        "mean": ["type": "number"], "sd": ["type": "number"]]),
                                        ("additionalProperties", false)]),
                                    "warning": ["type": "string"], "note": ["type": "string"],
                                    "resolution": ["type": "number", "exclusiveMinimum": 0, "description": "the resolution the values were read to, in the column's unit: each value the interval of that width around it"],
                                    "resolution_detected": ["type": "boolean", "description": "true when every value was whole and the resolution was taken as one unit, false when it was given"],
                                    "censored": ["type": "integer", "minimum": 1, "description": "values still under way at the extract's end (lower bounds)"],
                                    "kaplan_meier": .object([
                                        ("type", "object"),
                                        ("description", "the Kaplan-Meier estimate of the fraction still under way after each time at which some value ended, with its 95% pointwise interval (Greenwood, log-log), and the values at risk and ending at that time"),
                                        ("required", ["time", "survival", "lower", "upper", "at_risk", "events"]),
                                        ("properties", ["time": numbers, "survival": numbers, "lower": numbers, "upper": numbers,
                                                        "at_risk": ["type": "array", "items": ["type": "integer", "minimum": 0]],
                                                        "events": ["type": "array", "items": ["type": "integer", "minimum": 1]]]),
                                        ("additionalProperties", false)]),
                                    "by_class": ["type": "object", "description": "the column fitted class by class (--by)",
                                                 "additionalProperties": .object([
                                                     ("type", "object"), ("required", ["n", "missing", "fits"]),
                                                     ("properties", ["n": ["type": "integer", "minimum": 0], "missing": ["type": "integer", "minimum": 0],
                                                                     "fits": ["type": "array", "items": fitted], "censored": ["type": "integer", "minimum": 1],
                                                                     "warning": ["type": "string"], "note": ["type": "string"]]),
                                                     ("additionalProperties", false)])]]),
                    ("additionalProperties", false)])
        let specification: JSONValue = .object([
            ("type", "object"), ("required", ["form", "trend", "recent_level"]),
            ("properties", ["form": ["enum": .array(CalendarArrivalModel.Form.allCases.map { .string($0.rawValue) })],
                            "trend": ["type": "boolean"], "recent_level": ["type": "boolean"],
                            "rmse": ["type": "number", "description": "root mean square error of the hourly counts 1 to 168 hours ahead, held out"]]),
            ("additionalProperties", false)])
        let ratio: JSONValue = .object([
            ("type", "object"), ("required", ["ratio", "lower", "upper"]),
            ("properties", ["ratio": nullableNumber, "lower": nullableNumber, "upper": nullableNumber]), ("additionalProperties", false)])
        let calendarFit: JSONValue = .object([
            ("type", "object"),
            ("description", "the calendar model of arrivals (--calendar): Poisson regression on the hour, the day type, a trend and the recent level, chosen out of sample; its rates for the days after the data"),
            ("required", ["chosen", "validation", "weekday_ratios", "dispersion", "dispersion_p", "distribution", "ahead"]),
            ("properties", [
                "chosen": specification,
                "validation": .object([
                    ("type", "object"), ("required", ["days", "origins", "week_profile_rmse", "candidates"]),
                    ("properties", ["days": ["type": "integer", "minimum": 1], "origins": ["type": "integer", "minimum": 1],
                                    "week_profile_rmse": nullableNumber, "candidates": ["type": "array", "items": specification]]),
                    ("additionalProperties", false)]),
                "trend_per_week": ratio,
                "weekday_ratios": ["type": "array", "items": nullableNumber, "minItems": 7, "maxItems": 7,
                                   "description": "each weekday's expected arrivals over an average day's, Monday first"],
                "special_days": ["type": "object", "additionalProperties": .object([
                    ("type", "object"), ("required", ["days_in_data", "days_ahead"]),
                    ("properties", ["days_in_data": ["type": "integer", "minimum": 0], "days_ahead": ["type": "integer", "minimum": 0],
                                    "ratio": ["type": ["number", "null"], "description": "expected arrivals on these days over the same dates as ordinary days"]]),
                    ("additionalProperties", false)])],
                "dispersion": nullableNumber, "dispersion_p": nullableNumber,
                "distribution": ["enum": ["poisson", "negative_binomial"]],
                "size": ["type": "number", "description": "the negative binomial size when the counts are overdispersed"],
                "ahead": .object([
                    ("type", "object"), ("required", ["start", "unit", "rates", "lower", "upper"]),
                    ("properties", ["start": ["type": "string"], "unit": ["const": "per hour"], "rates": numbers,
                                    "lower": ["type": "array", "items": ["type": "integer", "minimum": 0]],
                                    "upper": ["type": "array", "items": ["type": "integer", "minimum": 0]]]),
                    ("additionalProperties", false)]),
            ]),
            ("additionalProperties", false)])
        let fit: JSONValue = .object([
            ("type", "object"),
            ("description", "simrun fit --format json: arrival rates per hour by hour of the day or week with 95% intervals, class shares, and each duration column's fits ranked by AIC"),
            ("required", ["file", "time_unit", "arrivals", "classes", "durations"]),
            ("properties", [
                "file": ["type": "string"], "time_unit": ["enum": .array(TimeUnit.allCases.map { .string($0.rawValue) })],
                "arrivals": .object([
                    ("type", "object"), ("required", ["unit", "by_hour", "lower", "upper"]),
                    ("properties", ["unit": ["const": "per hour"], "by_hour": numbers, "lower": numbers, "upper": numbers,
                                    "count": ["type": "integer"], "hours": ["type": "number"], "first_day": ["type": "string"],
                                    "week_test": .object([
                                        ("type", "object"),
                                        ("description", "a likelihood-ratio test of equal days of the week"),
                                        ("required", ["statistic", "degrees_of_freedom", "p"]),
                                        ("properties", ["statistic": nullableNumber, "degrees_of_freedom": ["type": "integer", "minimum": 0],
                                                        "p": nullableNumber]),
                                        ("additionalProperties", false)])]),
                    ("additionalProperties", false)]),
                "classes": ["type": "object", "additionalProperties": ["type": "number", "minimum": 0, "maximum": 1]],
                "class_intervals": ["type": "object", "description": "each class's share: its count and 95% interval",
                                    "additionalProperties": .object([
                                        ("type", "object"), ("required", ["count", "lower", "upper"]),
                                        ("properties", ["count": ["type": "integer", "minimum": 0], "lower": nullableNumber, "upper": nullableNumber]),
                                        ("additionalProperties", false)])],
                "class_profiles": ["type": "object", "description": "each class's arrivals per hour, where the class has enough arrivals",
                                   "additionalProperties": .object([
                                       ("type", "object"), ("required", ["unit", "by_hour", "lower", "upper"]),
                                       ("properties", ["unit": ["const": "per hour"], "by_hour": numbers, "lower": numbers, "upper": numbers]),
                                       ("additionalProperties", false)])],
                "durations": ["type": "object", "additionalProperties": ref("fit_duration")],
                "backtest": .object([
                    ("type", "object"),
                    ("description", "the arrival models scored as forecasts by rolling origins (--backtest): each score at each horizon, of the hour exactly that far after every origin"),
                    ("required", ["origins", "horizons", "models"]),
                    ("properties", ["origins": ["type": "integer", "minimum": 0], "horizons": ["type": "array", "items": ["type": "integer", "minimum": 1]],
                                    "models": ["type": "object", "additionalProperties": .object([
                                        ("type", "object"), ("required", ["mae", "rmse", "mase", "bias"]),
                                        ("properties", ["mae": numbers, "rmse": numbers, "bias": numbers,
                                                        "mase": ["type": "array", "items": nullableNumber, "description": "mean absolute error over the seasonal naive's on the same hours"],
                                                        "coverage_80": ["type": "array", "items": nullableNumber, "description": "the share of hours inside the central 80% Poisson prediction interval"],
                                                        "coverage_95": ["type": "array", "items": nullableNumber]]),
                                        ("additionalProperties", false)])]]),
                    ("additionalProperties", false)]),
                "calendar": calendarFit,
                "branches": ["type": "object", "description": "outcome columns (--branch) as branch probabilities",
                             "additionalProperties": .object([
                                 ("type", "object"), ("required", ["all", "durations"]),
                                 ("properties", ["all": share,
                                                 "by_class": ["type": "object", "additionalProperties": share],
                                                 "durations": ["type": "array", "items": ["type": "string"],
                                                               "description": "duration columns recorded exactly where the outcome is true: the steps of its arm"]]),
                                 ("additionalProperties", false)])],
            ]),
            ("additionalProperties", false),
        ])
        return .object([
            ("$schema", .string(draft)),
            ("title", "hospsim results documents"),
            ("description", "The JSON documents simrun writes (docs/results.md): results of one scenario or an array of them (run), a comparison, a sweep, a check, a partial result, a warm-up study, an optimisation, a fit of episode data, a forecast, a forecast backtest, a sensitivity study, a staffing study."),
            ("anyOf", [ref("results"), ["type": "array", "items": ref("results")], ref("comparison"), ref("sweep"), ref("check"), ref("partial"), ref("warmup"), ref("optimization"),
                       ref("fit"), ref("forecast"), ref("forecast_backtest"), ref("sensitivity"), ref("staffing")]),
            ("$defs", .object([("summary", summary), ("precision", precision), ("results", results), ("comparison", comparison), ("sweep", sweep),
                               ("check", check), ("partial", partial), ("warmup", warmup),
                               ("evaluated", evaluated), ("theory", theoryEntry), ("optimization", optimization), ("fit", fit), ("fit_duration", fitDuration), ("forecast", forecast), ("constraint_check", constraintCheck),
                               ("forecast_backtest", forecastBacktest), ("sensitivity", sensitivity), ("staffing", staffing)])),
        ])
    }
}

extension ScenarioKeys {
    /// The keys of the section at `path`.
    static func keys(_ path: String) -> [String] {
        sections.first { $0.path == path }?.keys ?? []
    }
}

