import SimKernel

/// Patient-level records of one replication, kept only when asked for (`--patients`): who came
/// and how they left, every visit to a resource (which unit: which doctor, which bed) and
/// each patient's charges by resource.
public struct PatientLog: Sendable {
    public struct PatientRow: Sendable {
        public var id: Int
        public var classIndex: Int
        public var arrival: Double
        /// completed, reneged, blocked or in_system (still inside at the end).
        public var outcome: String
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

    public var patients: [PatientRow] = []
    public var visits: [VisitRow] = []
    public var billing: [ChargeRow] = []
    /// Open visit of each (patient slot, resource), index into `visits`, or -1.
    var open: [Int] = []
    var charges: [Double] = []

    public init() {}
}

extension Simulation {
    var logging: Bool { patientLog != nil }

    mutating func logSlots(_ p: Int) {
        let needed = (p + 1) * resourceCount
        if patientLog!.open.count < needed {
            patientLog!.open.append(contentsOf: repeatElement(-1, count: needed - patientLog!.open.count))
            patientLog!.charges.append(contentsOf: repeatElement(0, count: needed - patientLog!.charges.count))
        }
    }

    /// A patient joins `r`'s queue, or seizes a unit at once (`started` set).
    mutating func logVisitStart(_ p: Int, resource r: Int, unit: Int32?, started: Bool) {
        guard logging else { return }
        logSlots(p)
        let slot = p * resourceCount + r
        let now = events.now
        let step = Int(patients[p].pc - programStart[Int(patients[p].classIndex)])
        let unitNumber = unit.flatMap { $0 >= 0 ? Int($0) + 1 : nil }
        let i = patientLog!.open[slot]
        if i >= 0, started {
            patientLog!.visits[i].started = now
            patientLog!.visits[i].unit = unitNumber
        } else {
            patientLog!.visits.append(PatientLog.VisitRow(patient: Int(patients[p].id), step: step, resource: r, unit: unitNumber,
                                                         queued: now, started: started ? now : nil, ended: nil))
            patientLog!.open[slot] = patientLog!.visits.count - 1
        }
    }

    mutating func logVisitEnd(_ p: Int, resource r: Int) {
        guard logging else { return }
        logSlots(p)
        let slot = p * resourceCount + r
        let i = patientLog!.open[slot]
        if i >= 0 { patientLog!.visits[i].ended = events.now }
        patientLog!.open[slot] = -1
    }

    mutating func logCharge(_ p: Int, resource r: Int, _ amount: Double) {
        guard logging, amount != 0 else { return }
        logSlots(p)
        patientLog!.charges[p * resourceCount + r] += amount
    }

    mutating func logDeparture(_ p: Int, outcome: String, at time: Double?) {
        guard logging else { return }
        logSlots(p)
        patientLog!.patients.append(PatientLog.PatientRow(id: Int(patients[p].id), classIndex: Int(patients[p].classIndex),
                                                          arrival: patients[p].arrival, outcome: outcome, departure: time))
        for r in 0..<resourceCount {
            let slot = p * resourceCount + r
            if patientLog!.open[slot] >= 0, time != nil { logVisitEnd(p, resource: r) }
            if patientLog!.charges[slot] != 0 {
                patientLog!.billing.append(PatientLog.ChargeRow(patient: Int(patients[p].id), resource: r, charge: patientLog!.charges[slot]))
                patientLog!.charges[slot] = 0
            }
            patientLog!.open[slot] = -1
        }
    }
}
