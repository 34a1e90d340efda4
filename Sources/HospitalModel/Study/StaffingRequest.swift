import HospitalAnalysis
import HospitalScenario

/// What `Study.staff` is asked: the resource to staff, the service level to hold at every
/// hour, the methods to compare, and the shifts a roster may use with what they cost.
public struct StaffingRequest: Sendable {
    public var resource: String
    /// `METRIC OP VALUE`, read in the scenario's time unit (`StaffingTarget.parse`).
    public var target: String
    /// Nil: a week when some arrival stream has an hour-of-week profile, a day otherwise.
    public var period: StaffingPeriod?
    /// In the order reported; the first is the primary one.
    public var methods: [StaffingMethod]
    /// The shifts a roster may be made of; none: no roster is designed.
    public var patterns: [ShiftPattern]
    /// The cost of a staff hour; nil: the resource's `staffed_per_hour` (1 when it has none).
    public var costPerHour: Double?
    public var nightPremium: Double
    public var weekendPremium: Double
    /// The night hours for the premium, in hours after midnight.
    public var nightFrom: Int
    public var nightTo: Int
    /// The iterative algorithm stops after this many simulations of a requirement.
    public var maxIterations: Int
    /// Seconds the integer program solver may search for each roster.
    public var solverTimeLimit: Double

    public init(resource: String, target: String, period: StaffingPeriod? = nil, methods: [StaffingMethod] = [.isa, .sipp],
                patterns: [ShiftPattern] = [], costPerHour: Double? = nil, nightPremium: Double = 0, weekendPremium: Double = 0,
                nightFrom: Int = 22, nightTo: Int = 7, maxIterations: Int = 20, solverTimeLimit: Double = 60) {
        self.resource = resource
        self.target = target
        self.period = period
        self.methods = methods
        self.patterns = patterns
        self.costPerHour = costPerHour
        self.nightPremium = nightPremium
        self.weekendPremium = weekendPremium
        self.nightFrom = nightFrom
        self.nightTo = nightTo
        self.maxIterations = maxIterations
        self.solverTimeLimit = solverTimeLimit
    }
}
