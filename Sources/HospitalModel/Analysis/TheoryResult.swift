import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// The exact values of a single-station model, as `Theory.analyse` finds them.
public struct TheoryResult: Sendable {
    /// Kendall's notation, e.g. "M/M/10".
    public var model: String
    /// Arrival rate, service rate and servers as a sentence.
    public var parameters: String
    /// Exact values by metric name, in the results' order.
    public var values: [(metric: String, value: Double)]
    /// How the values follow, one formula per line in plain text with the numbers put in (for
    /// `simrun theory`; not carried in partial results).
    public var formulas: [String] = []
    /// The exact distribution of an accepted patient's wait, where the model has one.
    public var waitDistribution: WaitDistribution?

    public func value(_ metric: String) -> Double? { values.first { $0.metric == metric }?.value }

    public init(model: String, parameters: String, values: [(metric: String, value: Double)]) {
        self.model = model
        self.parameters = parameters
        self.values = values
    }
}
