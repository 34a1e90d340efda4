import HospitalScenario
import HospitalPolicies
import SimKernel

extension Simulation {
    var logging: Bool { recording.logging }

    mutating func logSlots(_ p: Int) {
        let needed = (p + 1) * resourceCount
        if recording.patientLog!.open.count < needed {
            recording.patientLog!.open.append(contentsOf: repeatElement(-1, count: needed - recording.patientLog!.open.count))
            recording.patientLog!.charges.append(contentsOf: repeatElement(0, count: needed - recording.patientLog!.charges.count))
        }
        if recording.patientLog!.treatment.count <= p {
            recording.patientLog!.treatment.append(contentsOf: repeatElement(.nan, count: p + 1 - recording.patientLog!.treatment.count))
        }
    }

    /// A patient joins `r`'s queue, or seizes a unit at once (`started` set).
    /// Costs the loop one check when patient-level records are off.
    @inline(__always)
    mutating func logVisitStart(_ p: Int, resource r: Int, unit: Int32?, started: Bool) {
        if logging { recordVisitStart(p, resource: r, unit: unit, started: started) }
    }

    mutating func recordVisitStart(_ p: Int, resource r: Int, unit: Int32?, started: Bool) {
        logSlots(p)
        let slot = p * resourceCount + r
        let now = events.now
        let step = Int(patients[p].pc - programStart[Int(patients[p].classIndex)])
        let unitNumber = unit.flatMap { $0 >= 0 ? Int($0) + 1 : nil }
        let i = recording.patientLog!.open[slot]
        if i >= 0, started {
            recording.patientLog!.visits[i].started = now
            recording.patientLog!.visits[i].unit = unitNumber
        } else {
            recording.patientLog!.visits.append(PatientLog.VisitRow(patient: Int(patients[p].id), step: step, resource: r, unit: unitNumber,
                                                         queued: now, started: started ? now : nil, ended: nil))
            recording.patientLog!.open[slot] = recording.patientLog!.visits.count - 1
        }
    }

    /// Costs the loop one check when patient-level records are off.
    @inline(__always)
    mutating func logVisitEnd(_ p: Int, resource r: Int) {
        if logging { recordVisitEnd(p, resource: r) }
    }

    mutating func recordVisitEnd(_ p: Int, resource r: Int) {
        logSlots(p)
        let slot = p * resourceCount + r
        let i = recording.patientLog!.open[slot]
        if i >= 0 { recording.patientLog!.visits[i].ended = events.now }
        recording.patientLog!.open[slot] = -1
    }

    /// Costs the loop one check when patient-level records are off.
    @inline(__always)
    mutating func logCharge(_ p: Int, resource r: Int, _ amount: Double) {
        if logging && amount != 0 { recordCharge(p, resource: r, amount) }
    }

    mutating func recordCharge(_ p: Int, resource r: Int, _ amount: Double) {
        logSlots(p)
        recording.patientLog!.charges[p * resourceCount + r] += amount
    }

    /// Costs the loop one check when patient-level records are off.
    @inline(__always)
    mutating func logDeparture(_ p: Int, outcome: String, at time: Double?) {
        if logging { recordDeparture(p, outcome: outcome, at: time) }
    }

    mutating func recordDeparture(_ p: Int, outcome: String, at time: Double?) {
        logSlots(p)
        let treated = recording.patientLog!.treatment[p]
        recording.patientLog!.treatment[p] = .nan
        recording.patientLog!.patients.append(PatientLog.PatientRow(id: Int(patients[p].id), classIndex: Int(patients[p].classIndex),
                                                          arrival: patients[p].arrival, warmup: !patients[p].counted, outcome: outcome,
                                                          treatmentStarted: treated.isNaN ? nil : treated, departure: time))
        for r in 0..<resourceCount {
            let slot = p * resourceCount + r
            if recording.patientLog!.open[slot] >= 0, time != nil { logVisitEnd(p, resource: r) }
            if recording.patientLog!.charges[slot] != 0 {
                recording.patientLog!.billing.append(PatientLog.ChargeRow(patient: Int(patients[p].id), resource: r, charge: recording.patientLog!.charges[slot]))
                recording.patientLog!.charges[slot] = 0
            }
            recording.patientLog!.open[slot] = -1
        }
    }

    /// Costs the loop one check when patient-level records are off.
    @inline(__always)
    mutating func logTreatmentStart(_ p: Int) {
        if logging { recordTreatmentStart(p) }
    }

    mutating func recordTreatmentStart(_ p: Int) {
        logSlots(p)
        recording.patientLog!.treatment[p] = events.now
    }

    /// Unit `unit` (from 0) of `r` comes on shift now.
    mutating func logShiftOn(resource r: Int, unit: Int32) {
        guard logging else { return }
        recording.patientLog!.openShifts[r << 32 | Int(unit)] = recording.patientLog!.shifts.count
        recording.patientLog!.shifts.append(PatientLog.ShiftRow(resource: r, unit: Int(unit) + 1, on: events.now, off: .nan))
    }

    mutating func logShiftOff(resource r: Int, unit: Int32, at time: Double? = nil) {
        guard logging, let i = recording.patientLog!.openShifts.removeValue(forKey: r << 32 | Int(unit)) else { return }
        recording.patientLog!.shifts[i].off = time ?? events.now
    }

    /// Units on shift at the start, when records are kept.
    mutating func logInitialShifts() {
        guard logging else { return }
        for r in 0..<resourceCount where !resources[r].infinite {
            // Every unit free at time 0 is on shift (the off-shift ones are in no free set).
            for u in 0..<resources[r].owner.count where resources[r].free.contains(Int32(u)) {
                logShiftOn(resource: r, unit: Int32(u))
            }
        }
    }

    /// Shifts still open at the end close at the end of the run.
    mutating func closeShifts() {
        guard logging else { return }
        for i in recording.patientLog!.shifts.indices where recording.patientLog!.shifts[i].off.isNaN { recording.patientLog!.shifts[i].off = end }
        recording.patientLog!.openShifts = [:]
    }
}
