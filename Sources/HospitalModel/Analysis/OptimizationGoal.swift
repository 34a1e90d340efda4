import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// What `simrun optimize` looks for: objectives to minimise or maximise, constraints that must
/// hold with confidence, and how much simulation it may spend.
public struct OptimizationGoal: Sendable {
    public struct Objective: Sendable, Equatable {
        public var metric: String
        public var maximize: Bool
        public init(metric: String, maximize: Bool) {
            self.metric = metric
            self.maximize = maximize
        }
    }

    public struct Constraint: Sendable, Equatable, CustomStringConvertible {
        public var metric: String
        /// `>=` when true, `<=` when false.
        public var atLeast: Bool
        public var value: Double
        public var description: String { "\(metric) \(atLeast ? ">=" : "<=") \(NumberText.readable(value))" }

        /// `METRIC >= VALUE` or `METRIC <= VALUE`.
        public static func parse(_ text: String) -> Constraint? {
            for (op, atLeast) in [(">=", true), ("<=", false)] {
                let parts = text.components(separatedBy: op)
                guard parts.count == 2 else { continue }
                let metric = parts[0].trimmingCharacters(in: .whitespaces)
                guard !metric.isEmpty, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
                return Constraint(metric: metric, atLeast: atLeast, value: value)
            }
            return nil
        }
    }

    public var objectives: [Objective]
    public var constraints: [Constraint]
    /// Replications in all, over every point.
    public var budget: Int
    /// Replications every point gets first (and the size of later additions is half of it).
    public var firstStage: Int
    /// The indifference zone of the selection, in the objective's unit; nil: 1% of the best
    /// first-stage mean.
    public var delta: Double?
    /// The probability that the answer is right (feasibility and selection together).
    public var confidence: Double
    /// How near a constraint's limit either answer is acceptable, as a fraction of the limit
    /// (of 1 when the limit is 0): a point whose true value lies that close to the limit may be
    /// called feasible or infeasible, so that such a point does not take the whole budget.
    public var tolerance: Double

    public init(objectives: [Objective], constraints: [Constraint], budget: Int, firstStage: Int = 10,
                delta: Double? = nil, confidence: Double = 0.95, tolerance: Double = 0.01) {
        self.tolerance = tolerance
        self.objectives = objectives
        self.constraints = constraints
        self.budget = budget
        self.firstStage = firstStage
        self.delta = delta
        self.confidence = confidence
    }
}
