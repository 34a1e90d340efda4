import HospitalScenario
import HospitalPolicies
import SimKernel

/// Patient-level records of one replication, kept only when asked for (`--patients`): who came
/// and how they left, every visit to a resource (which unit: which doctor, which bed) and
/// each patient's charges by resource.
public struct PatientLog: Sendable {
    public struct PatientRow: Sendable {
        public var id: Int
        public var classIndex: Int
        public var arrival: Double
        /// Arrived during the warm-up, so left out of the metrics.
        public var warmup: Bool
        /// completed, left (by a `leave` step), reneged, blocked or in_system (still inside at the end).
        public var outcome: String
        /// When its treatment step started (the one time-to-treatment targets measure), if it did.
        public var treatmentStarted: Double?
        public var departure: Double?
    }
    public struct VisitRow: Sendable {
        public var patient: Int
        /// The step's position in the class's compiled pathway.
        public var step: Int
        public var resource: Int
        /// Unit number from 1; nil for infinite capacity.
        public var unit: Int?
        public var queued: Double
        public var started: Double?
        public var ended: Double?
    }
    public struct ChargeRow: Sendable {
        public var patient: Int
        public var resource: Int
        public var charge: Double
    }
    /// A unit's time on shift: from when it came on to when it left (after finishing its last
    /// patient), or the end of the run.
    public struct ShiftRow: Sendable {
        public var resource: Int
        /// Unit number from 1.
        public var unit: Int
        public var on: Double
        public var off: Double
    }

    public var patients: [PatientRow] = []
    public var visits: [VisitRow] = []
    public var billing: [ChargeRow] = []
    public var shifts: [ShiftRow] = []
    /// Open visit of each (patient slot, resource), index into `visits`, or -1.
    var open: [Int] = []
    var charges: [Double] = []
    /// Treatment start of each patient slot, NaN until it starts.
    var treatment: [Double] = []
    /// Open shift of each (resource, unit), index into `shifts`.
    var openShifts: [Int: Int] = [:]

    public init() {}
}
