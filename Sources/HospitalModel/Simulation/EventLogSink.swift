import HospitalScenario

/// Where a replication's event log goes, as it happens (so memory stays flat): a file in the
/// formats layer, a test's array.
public protocol EventLogSink: AnyObject {
    func write(_ event: PatientEvent)
    /// Completes the log: nil, or why it could not be written (a full disk).
    func finish() -> String?
}

/// Makes the sink of each replication's event log (`Runner.run(eventLog:)`), on the thread
/// that runs it.
public struct EventLogSinks: Sendable {
    public let make: @Sendable (_ replication: Int) throws -> any EventLogSink

    public init(_ make: @escaping @Sendable (_ replication: Int) throws -> any EventLogSink) { self.make = make }
}
