import HospitalScenario
import HospitalPolicies
import SimKernel

public struct CompiledResource: Sendable {
    public var name: String
    /// Units (the most the roster ever staffs), or nil for infinite capacity.
    public var units: Int?
    /// Capacity change points within the roster's cycle, in time units, first at 0; nil for a
    /// fixed capacity.
    public var roster: [(time: Double, capacity: Int)]?
    /// How long before the roster repeats: a day, or a week (from Monday 00:00).
    public var rosterCycle: Double = 0
    public var queueCapacity: Int?
    public var policy: PolicySpec
    /// The policy made from `policy`, shared by every replication.
    public var allocationPolicy: any AllocationPolicy
    public var cost: Cost
    /// The resource's own surge rule, or its policy's (surge-staffing).
    public var surge: SurgeRule?
    public var turnaround: Distribution?
    /// The resource whose unit the turnaround also needs (a cleaner), or nil.
    public var turnaroundBy: Int?
    /// Discharge hours in time units from midnight, and the day's length.
    public var dischargeHours: (from: Double, to: Double)?
    /// Skill groups with their units (`first..<first + count`) and skills as bits; empty
    /// without groups.
    public var groups: [CompiledGroup] = []
    public var skills: [String] = []

    /// Units on shift at time 0: the roster's (or each group's) first capacity, or all units
    /// but a surge's.
    public var initialUnits: Int {
        if !groups.isEmpty { return groups.reduce(0) { $0 + $1.initialUnits } }
        return roster?.first?.capacity ?? (units ?? 0) - (surge?.extra ?? 0)
    }
}
