import HospitalScenario
import HospitalPolicies
import Foundation
import SimKernel

/// One line of an event trace: what happened, to whom, and the state of the resource after.
public struct TraceRecord: Sendable, Equatable {
    public var time: Double
    public var event: String
    /// The patient's arrival number (from 1), or nil for events of a resource.
    public var patient: Int?
    public var className: String?
    public var resource: String?
    /// Patients waiting for the resource and its busy units, after the event.
    public var queue: Int?
    public var busy: Int?
    public var detail: String
    /// A random duration drawn at this event: the service time at a seize, a delay's length, the
    /// gap to the stream's next arrival at an arrival, the patience left when joining a queue.
    public var drawn: Double?
    /// The earliest event still to come after this one, and what it is ("arrival", "done 6").
    public var nextTime: Double?
    public var nextEvent: String?
    /// At a hand-over (a release and the seize it allows, shown as one row), the patient who
    /// released the unit.
    public var from: Int?

    public static func format(_ t: Double) -> String { String(format: "%.3f", t) }
}

/// Runs one replication from time 0 and records every event up to `until`, for teaching
/// (the hand-simulation table) and debugging.
public enum Tracer {
    public static func trace(_ scenario: Scenario, until: Double, replication: Int = 0, policy: PolicySpec? = nil) -> [TraceRecord] {
        var s = scenario
        s.run.warmup = 0
        s.run.horizon = until
        var sim = Simulation(model: CompiledModel(s, policy: policy), replication: replication)
        sim.traceLog = []
        _ = sim.run()
        return joinHandOvers(sim.traceLog ?? [])
    }

    /// A release followed at the same instant by the seize of the same unit is one row,
    /// "handover": the unit never stands idle, so the momentary busy count between the two
    /// (one lower) is not shown.
    static func joinHandOvers(_ records: [TraceRecord]) -> [TraceRecord] {
        var out: [TraceRecord] = []
        out.reserveCapacity(records.count)
        var i = 0
        while i < records.count {
            let r = records[i]
            if r.event == "release", i + 1 < records.count, !r.detail.isEmpty {
                let s = records[i + 1]
                if s.event == "seize", s.time == r.time, s.resource == r.resource, s.detail == r.detail {
                    var joined = s
                    joined.event = "handover"
                    joined.from = r.patient
                    joined.detail = r.detail + (r.patient.map { " from patient \($0)" } ?? "")
                    out.append(joined)
                    i += 2
                    continue
                }
            }
            out.append(r)
            i += 1
        }
        return out
    }
}
