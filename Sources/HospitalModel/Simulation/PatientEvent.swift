import HospitalScenario

/// One row of a replication's event log (see `EventLogRecorder`).
public struct PatientEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The patient arrives; it departs (completed, reneged or blocked).
        case arrival, depart
        /// It asks for `resource` (also when a unit is free and the wait is zero).
        case queue
        /// It takes `unit` of `resource`; gives it back; has it taken by a more urgent patient.
        case use, useEnd, preempted
        /// It passes a `note:` step with this text.
        case note(String)
    }
    public var kind: Kind
    /// The patient's arrival number in the replication.
    public var patient: Int
    public var classIndex: Int
    /// The resource (by index), or -1 for arrivals and departures.
    public var resource: Int
    /// The unit (from 0), or -1: none, or a resource of infinite capacity.
    public var unit: Int32
    /// Simulated time from the start of the replication (warm-up included).
    public var time: Double
}
