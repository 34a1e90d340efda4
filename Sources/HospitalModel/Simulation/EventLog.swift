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

/// Where a replication's event log goes, as it happens (so memory stays flat): a file in the
/// formats layer, a test's array.
public protocol EventLogSink: AnyObject {
    func write(_ event: PatientEvent)
    /// Completes the log: nil, or why it could not be written (a full disk).
    func finish() -> String?
}

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

    func useEnd(_ id: Int, _ c: Int, _ r: Int, _ unit: Int32, _ time: Double, preempted: Bool) {
        sink.write(PatientEvent(kind: preempted ? .preempted : .useEnd, patient: id, classIndex: c, resource: r, unit: unit, time: time))
    }
}

/// Makes the sink of each replication's event log (`Runner.run(eventLog:)`), on the thread
/// that runs it.
public struct EventLogSinks: Sendable {
    public let make: @Sendable (_ replication: Int) throws -> any EventLogSink

    public init(_ make: @escaping @Sendable (_ replication: Int) throws -> any EventLogSink) { self.make = make }
}
