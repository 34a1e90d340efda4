import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// A comparison document read back: each variant's label, Pareto mark, metric summaries and
/// paired differences from the first variant, for `simrun report`.
public struct StoredComparison: Sendable {
    public struct Value: Sendable {
        public var mean: Double
        public var halfWidth: Double
        public var n: Int
    }
    public struct Variant: Sendable {
        public var label: String
        public var paretoEfficient: Bool
        public var metrics: [String: Value]
        /// Against the first variant: the paired difference and whether its interval excludes zero.
        public var differences: [String: (value: Value, significant: Bool)]
    }
    public var scenario: String?
    public var baseline: String?
    /// Metric names in the document's order of the first variant, sorted.
    public var metricNames: [String]
    public var variants: [Variant]
}
