import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation

/// Where a run stands against its precision goal: the metric furthest from its goal decides.
public struct PrecisionVerdict: Sendable, Equatable {
    public var reached: Bool
    /// The metric furthest from its goal (for a comparison, `metric [variant - first]`).
    public var decidedBy: String
    /// Its relative half width now, and its goal.
    public var relativeHalfWidth: Double
    public var goal: Double
    /// Replications run (all variants or points run the same ones).
    public var replications: Int
    /// The replications the goals would need, projected from the interval's width (n grows as
    /// the square of the ratio of width to goal).
    public var projected: Int
}
