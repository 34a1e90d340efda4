import HospitalAnalysis

/// What `Study.optimize` searches: the settings to vary, what to minimise or maximise under
/// which constraints, and how much simulation it may spend.
public struct OptimizationRequest: Sendable {
    public var axes: [(path: String, values: [String])]
    public var objectives: [OptimizationGoal.Objective]
    public var constraints: [OptimizationGoal.Constraint]
    /// Replications in all (nil: 50 per point, at least 500, for an exhaustive search; 5000
    /// for a neighbourhood search).
    public var budget: Int?
    public var firstStage: Int
    public var delta: Double?
    public var confidence: Double
    public var tolerance: Double
    /// Grids larger than this are searched by neighbourhood (one objective only).
    public var maxPoints: Int

    public init(axes: [(path: String, values: [String])], objectives: [OptimizationGoal.Objective],
                constraints: [OptimizationGoal.Constraint] = [], budget: Int? = nil, firstStage: Int = 10, delta: Double? = nil,
                confidence: Double = 0.95, tolerance: Double = 0.01, maxPoints: Int = 500) {
        self.axes = axes
        self.objectives = objectives
        self.constraints = constraints
        self.budget = budget
        self.firstStage = firstStage
        self.delta = delta
        self.confidence = confidence
        self.tolerance = tolerance
        self.maxPoints = maxPoints
    }

    /// The grid's size (a double: it may be far too large for an integer).
    public var gridSize: Double { axes.reduce(1.0) { $0 * Double($1.values.count) } }

    /// The metrics a table shows: the objectives', then the constraints' not already shown.
    public var shownMetrics: [String] {
        objectives.map(\.metric) + constraints.map(\.metric).filter { m in !objectives.contains { $0.metric == m } }
    }

    func goal(budget: Int) -> OptimizationGoal {
        OptimizationGoal(objectives: objectives, constraints: constraints, budget: budget, firstStage: firstStage,
                         delta: delta, confidence: confidence, tolerance: tolerance)
    }
}
