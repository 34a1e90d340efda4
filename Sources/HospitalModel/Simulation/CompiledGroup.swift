import HospitalScenario
import HospitalPolicies
import SimKernel

/// A skill group: units `first..<first + count`, its skills as bits, and its own roster (change
/// points within a day, first at 0) when it has one.
public struct CompiledGroup: Sendable {
    public var name: String
    public var first: Int
    public var count: Int
    public var skills: UInt64
    public var roster: [(time: Double, capacity: Int)]?
    public var rosterCycle: Double = 0

    public var initialUnits: Int { roster?.first?.capacity ?? count }
}
