import HospitalScenario
import HospitalPolicies
import Foundation
import SimKernel

/// Runs one replication from time 0 and records every event up to `until`, for teaching
/// (the hand-simulation table) and debugging.
public enum Tracer {
    /// The most rows a trace keeps when no smaller number is asked for: a history longer than
    /// this is for `simrun run --event-log`, not for reading.
    public static let maximumRows = 100_000

    /// The first rows of a replication's history up to `until`, and whether there were more.
    public struct Trace: Sendable {
        public var records: [TraceRecord]
        /// The history went on past `rows` rows before `until`: `records` are its first rows.
        public var cut: Bool
    }

    /// The replication stops as soon as `rows` rows are certain (a hand-over joins two rows).
    public static func trace(_ scenario: Scenario, until: Double, replication: Int = 0, policy: PolicySpec? = nil,
                             rows: Int = maximumRows) -> Trace {
        var s = scenario
        s.run.warmup = 0
        s.run.horizon = until
        var sim = Simulation(model: CompiledModel(s, policy: policy), replication: replication)
        sim.recording.trace = []
        let wanted = max(rows, 1)
        sim.recording.traceRows = wanted > (Int.max - 2) / 2 ? Int.max : 2 * wanted + 2
        _ = sim.run()
        let joined = joinHandOvers(sim.recording.trace ?? [])
        return Trace(records: Array(joined.prefix(wanted)), cut: joined.count > wanted)
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
