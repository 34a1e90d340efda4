import HospitalScenario
import SimKernel

/// What a replication records besides its metrics, each only when asked for: a nil recorder
/// costs the loop one check. The handlers that fill them are in `Simulation+Trace.swift` and
/// `Simulation+PatientLog.swift`; the event log goes to a sink, never to a file.
public struct Recording {
    /// Every happening, for `simrun trace`.
    public var trace: [TraceRecord]?
    /// The replication stops once the trace holds this many rows (a trace is read by people;
    /// a long horizon must not fill the memory).
    public var traceRows = Int.max
    /// Patient-level records (`--patients`).
    public var patientLog: PatientLog?
    /// The event log being written (`--event-log`).
    public var eventLog: EventLogRecorder?
    /// The series a warm-up study records (`simrun warmup`).
    public var warmupSeries: WarmupSeries?
    /// One resource's hour-by-hour measures (`simrun staff`).
    public var hourly: HourlyWatch?

    public init() {}

    /// Whether patient-level records are kept.
    var logging: Bool { patientLog != nil }
}
