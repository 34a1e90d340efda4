import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import SimKernel

/// Several variants of one model (policies, or scenario files of the same model) run on the
/// same patients, with the paired difference of each from the first.
///
/// ```swift
/// let c = Comparison.run([("fifo", fifoModel), ("priority", priorityModel)], threads: 2)
/// c.difference(variant: 1, metric: "wait.mean")   // paired over replications
/// ```
/// Every variant runs replication k on the streams of (seed, k), so the k-th replications of
/// two variants see the same arrivals, classes, durations and branches (common random
/// numbers): their difference has far less noise than two independent runs would.
public struct Comparison: Sendable {
    public struct Variant: Sendable {
        public var label: String
        public var result: RunResult
        /// Not dominated on (wait.mean, cost.total, 1 - target_met.fraction).
        public var paretoEfficient: Bool
    }

    /// The paired difference of one metric, variant minus the first.
    public struct Difference: Sendable {
        public var summary: Summary
        /// The 95% interval excludes zero.
        public var significant: Bool
    }

    public var variants: [Variant]
    /// Metrics every variant has, in the first variant's order.
    public var metricNames: [String]
    /// Constraints asked of every variant (`compare --constraint`), judged per variant by
    /// one-sided 95% bounds: [variant][constraint]; empty when none were asked.
    public var constraints: [[Optimizer.ConstraintCheck]] = []

    /// Judges `asked` on every variant, each by its own one-sided bound at `level`.
    public mutating func judge(_ asked: [OptimizationGoal.Constraint], level: Double = 0.05) {
        guard !asked.isEmpty else { return }
        let goal = OptimizationGoal(objectives: [], constraints: asked, budget: 0, tolerance: 0)
        constraints = variants.map { v in
            Optimizer.checks(of: Optimizer.Point(label: v.label, settings: [], result: v.result), goal: goal, level: level)
        }
    }

    public static func run(_ models: [(label: String, model: CompiledModel)], threads: Int,
                           replications: Range<Int>? = nil) -> Comparison {
        let results = models.map { (label: $0.label, result: Runner.run($0.model, threads: threads, replications: replications)) }
        return Comparison(results)
    }

    public init(_ results: [(label: String, result: RunResult)]) {
        let names = results.first?.result.catalog.names ?? []
        let common = names.filter { name in results.allSatisfy { $0.result.catalog.names.contains(name) } }
        metricNames = common
        let objectives = results.map { r -> [Double] in
            [r.result.metric("wait.mean")?.mean ?? 0, r.result.metric("cost.total")?.mean ?? 0,
             1 - (r.result.metric("target_met.fraction")?.mean ?? 1)].map { $0.isNaN ? 0 : $0 }
        }
        variants = results.enumerated().map { i, r in
            let dominated = objectives.indices.contains { j in
                j != i && zip(objectives[j], objectives[i]).allSatisfy { $0 <= $1 }
                    && zip(objectives[j], objectives[i]).contains { $0 < $1 }
            }
            return Variant(label: r.label, result: r.result, paretoEfficient: !dominated)
        }
    }

    /// Variant `v` minus the first variant, replication by replication.
    public func difference(variant v: Int, metric: String) -> Difference? {
        guard let a = variants[v].result.values(metric), let b = variants[0].result.values(metric), a.count == b.count else { return nil }
        let s = Summary(of: zip(a, b).map { $0 - $1 })
        let significant: Bool
        if s.n < 2 || s.mean.isNaN {
            significant = false
        } else if s.halfWidth == 0 || s.halfWidth.isNaN {
            significant = s.mean != 0
        } else {
            significant = abs(s.mean) > s.halfWidth
        }
        return Difference(summary: s, significant: significant)
    }
}
