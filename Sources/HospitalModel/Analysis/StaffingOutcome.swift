import HospitalScenario
import SimKernel

/// What `Study.staff` found: the demand hour by hour, and for each method its requirement,
/// the service level simulated at it, and the roster that covers it, verified by simulation.
public struct StaffingOutcome: Sendable {
    /// A staffing simulated: the target's measure per hour with intervals, and the hours whose
    /// mean misses the target (or why the simulation could not finish).
    public struct Verified: Sendable {
        public var achieved: [Summary]
        public var missed: [Int]
        public var failure: String?
        /// The worst hour's mean (the largest for an upper limit, the smallest for a lower one).
        public var worst: (hour: Int, value: Double)?
        /// Every hourly measure of the simulation (nil when it failed).
        public var measures: HourlyMeasures?

        public init(achieved: [Summary], missed: [Int], failure: String?, worst: (hour: Int, value: Double)? = nil, measures: HourlyMeasures? = nil) {
            self.achieved = achieved
            self.missed = missed
            self.failure = failure
            self.worst = worst
            self.measures = measures
        }
    }

    public struct Roster: Sendable {
        public var design: RosterDesign
        public var verified: Verified

        public init(design: RosterDesign, verified: Verified) {
            self.design = design
            self.verified = verified
        }
    }

    public struct Plan: Sendable {
        public var method: StaffingMethod
        /// Staff per hour of the period.
        public var requirement: [Int]
        /// The requirement staffed hour by hour, simulated.
        public var verified: Verified
        /// What staffing exactly to the requirement would cost per period.
        public var cost: Double
        public var roster: Roster?
        /// The iterative algorithm's requirements, one per simulation, and why it stopped.
        public var iterations: [[Int]]
        public var ended: String?

        public init(method: StaffingMethod, requirement: [Int], verified: Verified, cost: Double, roster: Roster?, iterations: [[Int]], ended: String?) {
            self.method = method
            self.requirement = requirement
            self.verified = verified
            self.cost = cost
            self.roster = roster
            self.iterations = iterations
            self.ended = ended
        }
    }

    /// The staffing the scenario has now.
    public struct Current: Sendable {
        /// Mean staff on duty per hour (nil: infinite capacity).
        public var staff: [Double]?
        public var cost: Double?
        public var verified: Verified

        public init(staff: [Double]?, cost: Double?, verified: Verified) {
            self.staff = staff
            self.cost = cost
            self.verified = verified
        }
    }

    public var scenario: String
    public var resource: String
    public var period: StaffingPeriod
    public var target: StaffingTarget
    public var timeUnit: TimeUnit
    public var rates: ShiftRates
    public var replications: Int
    /// Requests per clock hour, and busy units with ample staff (the offered load).
    public var arrivals: [Summary]
    public var offeredLoad: [Summary]
    /// Mean time a unit is held per patient, in the time unit.
    public var meanHold: Double
    public var current: Current
    public var plans: [Plan]
    /// Replications simulated in all.
    public var replicationsRun: Int
    public var seconds: Double

    public init(scenario: String, resource: String, period: StaffingPeriod, target: StaffingTarget, timeUnit: TimeUnit, rates: ShiftRates,
                replications: Int, arrivals: [Summary], offeredLoad: [Summary], meanHold: Double, current: Current, plans: [Plan],
                replicationsRun: Int, seconds: Double) {
        self.scenario = scenario
        self.resource = resource
        self.period = period
        self.target = target
        self.timeUnit = timeUnit
        self.rates = rates
        self.replications = replications
        self.arrivals = arrivals
        self.offeredLoad = offeredLoad
        self.meanHold = meanHold
        self.current = current
        self.plans = plans
        self.replicationsRun = replicationsRun
        self.seconds = seconds
    }
}
