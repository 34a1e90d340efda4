import HospitalAnalysis
import HospitalScenario

/// What `Study.sweep` returns: each grid point's settings and results, the metrics to show,
/// and what a precision goal reached.
public struct SweepOutcome: Sendable {
    public var points: [[ScenarioPatch.Assignment]]
    public var results: [RunResult]
    public var shown: [String]
    /// The replications each point was to run (all of them, not a shard's).
    public var replications: Int
    public var precision: PrecisionReport?

    /// The metrics a sweep shows unless told: the main waits, targets, losses and cost, and a
    /// clinic's own measures (what an appointment study is about).
    public static func defaultMetrics(_ names: [String]) -> [String] {
        let main = Metric.names(Metric.sweepHeadline)
        let clinics = names.filter { $0.hasPrefix("clinic.") && ($0.hasSuffix(".wait.mean") || $0.hasSuffix(".idle.fraction") || $0.hasSuffix(".overtime.mean")) }
        return main.filter(names.contains) + clinics
    }
}
