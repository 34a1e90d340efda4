import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// What `simrun optimize` looks for: objectives to minimise or maximise, constraints that must
/// hold with confidence (on means, on the chance of a breach, or on a quantile across
/// replications), and how much simulation it may spend.
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
        /// What of the metric's distribution over replications (each a period, such as four
        /// weeks) is constrained.
        public enum Kind: Sendable, Equatable {
            /// Its mean: `METRIC <= VALUE`.
            case mean
            /// The probability that a replication's value is beyond `threshold` (above it, or
            /// below it when `above` is false): `P(METRIC > 60) <= 0.10`.
            case probability(threshold: Double, above: Bool)
            /// Its q-quantile across replications: `METRIC@p90 <= 60`.
            case quantile(Double)
        }
        public var metric: String
        /// `>=` when true, `<=` when false.
        public var atLeast: Bool
        public var value: Double
        public var kind: Kind = .mean

        public init(metric: String, atLeast: Bool, value: Double, kind: Kind = .mean) {
            self.metric = metric
            self.atLeast = atLeast
            self.value = value
            self.kind = kind
        }

        public var description: String {
            let op = atLeast ? ">=" : "<="
            switch kind {
            case .mean: return "\(metric) \(op) \(NumberText.readable(value))"
            case .probability(let t, let above): return "P(\(metric) \(above ? ">" : "<") \(NumberText.readable(t))) \(op) \(NumberText.readable(value))"
            case .quantile(let q): return "\(metric)@p\(NumberText.readable(q * 100)) \(op) \(NumberText.readable(value))"
            }
        }

        /// The breach a chance or quantile constraint counts: replications whose value is
        /// beyond `threshold`, which may make up at most (`atMost`) or at least a share of them.
        public var breach: (threshold: Double, above: Bool, share: Double, atMost: Bool)? {
            switch kind {
            case .mean: return nil
            case .probability(let t, let above): return (t, above, value, !atLeast)
            // q-quantile <= v: at most 1 - q of the values above v; >= v: at most q below it.
            case .quantile(let q): return atLeast ? (value, false, q, true) : (value, true, 1 - q, true)
            }
        }

        /// `METRIC >= VALUE` or `METRIC <= VALUE`; `P(METRIC > X) <= P` (or `<` inside, `>=`
        /// outside); `METRIC@pQ <= VALUE` with Q a percentile from 0 to 100 exclusive.
        public static func parse(_ text: String) -> Constraint? {
            for (op, atLeast) in [(">=", true), ("<=", false)] {
                let parts = text.components(separatedBy: op)
                guard parts.count == 2 else { continue }
                var left = parts[0].trimmingBlanks()
                guard !left.isEmpty, let value = Double(parts[1].trimmingBlanks()), value.isFinite else { return nil }
                if left.hasPrefix("P("), left.hasSuffix(")") {
                    left = String(left.dropFirst(2).dropLast()).trimmingBlanks()
                    for (sign, above) in [(">", true), ("<", false)] {
                        let inner = left.components(separatedBy: sign)
                        guard inner.count == 2 else { continue }
                        let metric = inner[0].trimmingBlanks()
                        guard !metric.isEmpty, let t = Double(inner[1].trimmingBlanks()), t.isFinite,
                              (0...1).contains(value) else { return nil }
                        return Constraint(metric: metric, atLeast: atLeast, value: value, kind: .probability(threshold: t, above: above))
                    }
                    return nil
                }
                if let at = left.range(of: "@p", options: .backwards) {
                    let metric = String(left[..<at.lowerBound]).trimmingBlanks()
                    guard !metric.isEmpty, let q = Double(left[at.upperBound...]), q > 0, q < 100 else { return nil }
                    return Constraint(metric: metric, atLeast: atLeast, value: value, kind: .quantile(q / 100))
                }
                return Constraint(metric: left, atLeast: atLeast, value: value)
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
    /// Demand scenarios (`--demand`), by name, each point evaluated under every one on common
    /// random numbers; the objective is judged under `baseDemand`. Empty: the scenario's demand.
    public var demands: [String] = []
    /// Each demand scenario's multiplier of the arrival rates, in the order of `demands`.
    public var demandMultipliers: [Double] = []
    public var baseDemand = 0
    /// Whether the constraints must hold under every demand scenario (`--robust all`) or under
    /// the base one only (`--robust base`).
    public var robustToAll = true

    /// The metrics a table shows: the objectives', then the constraints' not already shown.
    public var shownMetrics: [String] {
        objectives.map(\.metric) + constraints.map(\.metric).filter { m in !objectives.contains { $0.metric == m } }
    }

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
