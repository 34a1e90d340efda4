import HospitalScenario
import HospitalPolicies
import SimKernel

/// The metrics of one replication, in the order of `MetricCatalog.names`.
public struct ReplicationResult: Sendable {
    public var replication: Int
    public var metrics: [Double]
    /// 24 hour-of-day values per profile, in the order of `MetricCatalog.profileNames`.
    public var profiles: [[Double]]
    public var events: Int
    /// Patient-level records, when they were asked for.
    public var patients: PatientLog?
    /// Why the replication stopped before its horizon (a limit of `RunLimits`), or nil.
    public var stopped: String?
    /// A warm-up study's series, when they were asked for: the mean number inside per bin, and
    /// completed patients' waits and arrival times in arrival order.
    public var series: (inside: [Double], waits: [Double], arrivals: [Double])?
    /// Completed patients' waits by class, in the order of `MetricCatalog.classes` (empty when
    /// the replication came from a store that does not keep them).
    public var waits: [QuantileSketch] = []
    /// Times from arrival to the start of treatment by class, as `waits` (empty when not kept).
    public var treatments: [QuantileSketch] = []
    /// One resource's hour-by-hour measures, when they were asked for.
    public var hourly: HourlyWatch?
    /// A forecast's hourly series, when one was made.
    public var forecast: ForecastSeries?

    public init(replication: Int, metrics: [Double], profiles: [[Double]], events: Int, patients: PatientLog? = nil) {
        self.replication = replication
        self.metrics = metrics
        self.profiles = profiles
        self.events = events
        self.patients = patients
    }
}
