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
        let inputs = given.isEmpty ? ScenarioPatch.numericInputs(in: source.text) : given
        guard !inputs.isEmpty else { throw .unsupported("no numeric input found to vary; name them with --vary KEY") }
        var variants = [StudyVariant(label: "as written", scenario: base)]
        var moves: [SensitivityOutcome.Input] = []
        for path in inputs {
            // A stream's whole hourly profile (`arrivals.N.by_hour`), scaled as demand is.
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
            if path.hasSuffix(".capacity") {
                // A count: whole numbers, at least one unit from the value.
                low = min(value - 1, (value * (1 - change)).rounded(.down))
                high = max(value + 1, (value * (1 + change)).rounded(.up))
                low = max(low, 0)
            }
            let written = [low, high].map { NumberText.readable($0) + unit }
            for (label, value) in zip(["low", "high"], written) {
                var scenario = try source.variant([ScenarioPatch.Assignment(path: path, value: value)]).scenario
                try overrides.apply(to: &scenario)
                variants.append(StudyVariant(label: "\(path) \(label)", scenario: scenario))
            }
            moves.append(SensitivityOutcome.Input(path: path, value: text, low: written[0], high: written[1]))
        }
        let compared = try compare(variants)
        return SensitivityOutcome(compared.comparison, inputs: moves, metrics: metrics, change: change)
    }
}
