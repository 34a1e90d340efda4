import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import SimKernel
import Foundation

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
    /// Pooled waits of all patients and of each class, as the percentiles 0..100
    /// (`ResultsDocument.percentiles`), when the document has them.
    public var waitDistribution: WaitPercentiles?
    public var classWaitDistributions: [WaitPercentiles] = []
    /// The same for times from arrival to the start of treatment (`treatment_distributions`).
    public var treatmentDistribution: WaitPercentiles?
    public var classTreatmentDistributions: [WaitPercentiles] = []
    /// The exact values of a single-station model, when the run had them.
    public var theory: TheoryResult?

    public struct WaitPercentiles: Sendable {
        public var name: String
        public var n: Int
        public var target: Double?
        public var percentiles: [Double]
        public init(name: String, n: Int, target: Double?, percentiles: [Double]) {
            self.name = name
            self.n = n
            self.target = target
            self.percentiles = percentiles
        }
    }

    public func metric(_ name: String) -> Metric? { metrics.first { $0.name == name } }
}
