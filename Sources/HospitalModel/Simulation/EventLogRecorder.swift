import HospitalScenario

/// A replication's event log, in the long format that animation and process-mining tools read
/// (vidigi, bupaR, pm4py): every patient's arrival and departure (patients still inside at the
/// end have none), and for each resource it asks for, the start of its wait, the start of its
/// use with the unit, and the end of the use (or its preemption, after which it queues again).
/// Every use has its queue row, zero waits included.
public final class EventLogRecorder {
    public let sink: any EventLogSink
    let resourceCount: Int
    /// (patient, resource) pairs with a queue row and no use yet: a use without one gets one.
    var queued = Set<Int>()

    public init(sink: any EventLogSink, resourceCount: Int) {
        self.sink = sink
        self.resourceCount = resourceCount
    }

    func arrival(_ id: Int, _ c: Int, _ time: Double) {
        sink.write(PatientEvent(kind: .arrival, patient: id, classIndex: c, resource: -1, unit: -1, time: time))
    }

    func depart(_ id: Int, _ c: Int, _ time: Double) {
        for r in 0..<resourceCount { queued.remove(id * resourceCount + r) }
        sink.write(PatientEvent(kind: .depart, patient: id, classIndex: c, resource: -1, unit: -1, time: time))
    }

    func queue(_ id: Int, _ c: Int, _ r: Int, _ time: Double) {
        queued.insert(id * resourceCount + r)
        sink.write(PatientEvent(kind: .queue, patient: id, classIndex: c, resource: r, unit: -1, time: time))
    }

    func use(_ id: Int, _ c: Int, _ r: Int, _ unit: Int32, _ time: Double) {
        if queued.remove(id * resourceCount + r) == nil {
            sink.write(PatientEvent(kind: .queue, patient: id, classIndex: c, resource: r, unit: -1, time: time))
        }
        sink.write(PatientEvent(kind: .use, patient: id, classIndex: c, resource: r, unit: unit, time: time))
    }

    func note(_ id: Int, _ c: Int, _ text: String, _ time: Double) {
        sink.write(PatientEvent(kind: .note(text), patient: id, classIndex: c, resource: -1, unit: -1, time: time))
    }

    func useEnd(_ id: Int, _ c: Int, _ r: Int, _ unit: Int32, _ time: Double, preempted: Bool) {
        sink.write(PatientEvent(kind: preempted ? .preempted : .useEnd, patient: id, classIndex: c, resource: r, unit: unit, time: time))
    }
}
