import HospitalScenario
import HospitalPolicies
import Foundation
import SimKernel

/// Runs one replication from time 0 and records every event up to `until`, for teaching
/// (the hand-simulation table) and debugging.
public enum Tracer {
    public static func trace(_ scenario: Scenario, until: Double, replication: Int = 0, policy: PolicySpec? = nil) -> [TraceRecord] {
        var s = scenario
        s.run.warmup = 0
        s.run.horizon = until
        var sim = Simulation(model: CompiledModel(s, policy: policy), replication: replication)
        sim.recording.trace = []
        _ = sim.run()
        return joinHandOvers(sim.recording.trace ?? [])
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
