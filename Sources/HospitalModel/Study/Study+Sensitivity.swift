import HospitalAnalysis
import HospitalScenario
import HospitalSimulation
import SimKernel

extension Study {
    /// One-at-a-time sensitivity: each input (a key path holding a number, or a number with a
    /// unit such as "35 min") set `change` below and above its value, every variant run on the
    /// replications of the file as written (common random numbers), and each metric's swing
    /// (high minus low, paired over replications) estimated with its 95% interval. Inputs
    /// default to `ScenarioPatch.numericInputs(in:)`: arrival rates, capacities, the means of
    /// step durations and branch probabilities. Capacities move in whole units, by at least
    /// one.
    public func sensitivity(_ source: ScenarioSource, inputs given: [String] = [], change: Double = 0.1,
                            metrics: [String], overrides: ScenarioOverrides = ScenarioOverrides()) throws(StudyError) -> SensitivityOutcome {
        guard change > 0, change < 1 else { throw .invalidOverride(setting: "change", message: "the change must lie between 0 and 1 (0.1 is ±10%)") }
        var base = try source.load().scenario
        try overrides.apply(to: &base)
        let catalog = MetricCatalog(CompiledModel(base))
        for m in metrics where !catalog.names.contains(m) {
            throw .unknownMetric(m, suggestion: suggestion(for: m, among: catalog.names))
        }
        let inputs = given.isEmpty ? source.used(ScenarioPatch.numericInputs(in: source.text), by: base) : given
        guard !inputs.isEmpty else { throw .unsupported("no numeric input found to vary; name them with --vary KEY") }
        try overrides.check(given)
        let (variants, moves, _) = try movedInputs(source, inputs: inputs, change: change, overrides: overrides)
        let compared = try compare(variants)
        return SensitivityOutcome(compared.comparison, inputs: moves, metrics: metrics, change: change)
    }

    /// The file as written (with `settings` made) first, then each input moved `change` below
    /// and above its value, one at a time: the variants of a sensitivity study, and those a
    /// recommendation's robustness is checked on. Capacities move in whole units: by at least
    /// one (`atLeastOneUnit`: a ranking needs every input moved), or to the nearest whole
    /// number, a capacity that would not move being left out and named in `unmoved`. An
    /// arrival stream's hourly profile (`arrivals.N.by_hour`) is scaled as demand is.
    func movedInputs(_ source: ScenarioSource, settings: [ScenarioPatch.Assignment] = [], inputs: [String], change: Double,
                     overrides: ScenarioOverrides, demand: Double = 1, atLeastOneUnit: Bool = true) throws(StudyError)
        -> (variants: [StudyVariant], inputs: [SensitivityOutcome.Input], unmoved: [String]) {
        func made(_ changes: [ScenarioPatch.Assignment]) throws(StudyError) -> Scenario {
            var scenario = changes.isEmpty ? try source.load().scenario : try source.variant(changes).scenario
            try overrides.apply(to: &scenario)
            guard demand != 1 else { return scenario }
            switch scenario.scalingDemand(by: demand) {
            case .success(let scaled): return scaled
            case .failure(let problem): throw .unsupported("--demand: \(problem.message)")
            }
        }
        let base = try made(settings)
        var variants = [StudyVariant(label: "as written", scenario: base)]
        var moves: [SensitivityOutcome.Input] = []
        var unmoved: [String] = []
        for path in inputs {
            if path.hasPrefix("arrivals."), path.hasSuffix(".by_hour"),
               let stream = Int(path.dropFirst("arrivals.".count).dropLast(".by_hour".count)), base.arrivals.indices.contains(stream) {
                for (label, m) in [("low", 1 - change), ("high", 1 + change)] {
                    guard case .success(let scaled) = base.scalingDemand(by: m, stream: stream) else { continue }
                    variants.append(StudyVariant(label: "\(path) \(label)", scenario: scaled))
                }
                let times = ["×\(NumberText.readable(1 - change))", "×\(NumberText.readable(1 + change))"]
                moves.append(SensitivityOutcome.Input(path: path, value: "profile", low: times[0], high: times[1]))
                continue
            }
            guard let text = ScenarioPatch.value(at: path, in: source.text), let (value, unit) = ScenarioPatch.number(text) else {
                throw .unsupported("\(path) holds no number to vary (a value such as 12 or \"35 min\")")
            }
            var low = value * (1 - change), high = value * (1 + change)
            if path.hasSuffix(".capacity"), atLeastOneUnit {
                // A count: whole numbers, at least one unit from the value. A resource keeps one
                // unit at least (with none nobody is ever served, and the variant cannot run);
                // a shift or a waiting room may have none.
                let parts = path.split(separator: ".")
                let floor: Double = parts.count == 3 && parts[0] == "resources" && value >= 1 ? 1 : 0
                low = max(floor, min(value - 1, (value * (1 - change)).rounded(.down)))
                high = max(value + 1, (value * (1 + change)).rounded(.up))
            } else if path.hasSuffix(".capacity") {
                (low, high) = (low.rounded(), high.rounded())
                if low == value && high == value {
                    unmoved.append(path)
                    continue
                }
            }
            if path.hasSuffix(".probability"), let room = ScenarioPatch.probabilityRoom(at: path, in: source.text) {
                // Up no further than the branch's arms allow together (the otherwise arm takes the rest).
                high = min(high, max(value, room))
            }
            let written = [low, high].map { NumberText.readable($0) + unit }
            for (label, value) in zip(["low", "high"], written) {
                variants.append(StudyVariant(label: "\(path) \(label)", scenario: try made(settings + [ScenarioPatch.Assignment(path: path, value: value)])))
            }
            moves.append(SensitivityOutcome.Input(path: path, value: text, low: written[0], high: written[1]))
        }
        return (variants, moves, unmoved)
    }
}
