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
    /// Demand scenarios every point is evaluated under (empty: the scenario's own demand), and
    /// whether the constraints must hold under all of them or under the base one only.
    public var demands: [DemandScenario] = []
    public var robustToAll = true
    /// When set, the recommendation is re-run with each input moved this much down and up
    /// (`Study.robustness`): the inputs named in `robustnessInputs`, or every numeric input of
    /// the file but the decision variables.
    public var checkRobustness: Double?
    public var robustnessInputs: [String] = []

    /// The base demand scenario: the one named `base`, else the one with multiplier 1.
    public var baseDemand: Int? {
        demands.firstIndex { $0.name == "base" } ?? demands.firstIndex { $0.multiplier == 1 }
    }

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
    public var gridSize: Double { ScenarioSource.gridSize(axes) }

    /// The metrics a table shows: the objectives', then the constraints' not already shown.
    public var shownMetrics: [String] { goal(budget: 0).shownMetrics }

    func goal(budget: Int) -> OptimizationGoal {
        var goal = OptimizationGoal(objectives: objectives, constraints: constraints, budget: budget, firstStage: firstStage,
                                    delta: delta, confidence: confidence, tolerance: tolerance)
        goal.demands = demands.map(\.name)
        goal.demandMultipliers = demands.map(\.multiplier)
        goal.baseDemand = baseDemand ?? 0
        goal.robustToAll = robustToAll
        return goal
    }
}
