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

    static func format(_ t: Double) -> String { String(format: "%.3f", t) }
}

/// Runs one replication from time 0 and records every event up to `until`, for teaching
/// (the hand-simulation table) and debugging.
public enum Tracer {
    public static func trace(_ scenario: Scenario, until: Double, replication: Int = 0, policy: PolicyChoice? = nil) -> [TraceRecord] {
        var s = scenario
        s.run.warmup = 0
        s.run.horizon = until
        var sim = Simulation(model: CompiledModel(s, policy: policy), replication: replication)
        sim.traceLog = []
        _ = sim.run()
        return sim.traceLog ?? []
    }

    public static func table(_ records: [TraceRecord]) -> String {
        let widths = [10, 12, 7, 12, 16, 5, 5]
        func row(_ cells: [String], _ detail: String) -> String {
            var line = ""
            for (i, cell) in cells.enumerated() {
                let gap = String(repeating: " ", count: max(0, widths[i] - cell.count))
                // Numbers right-aligned, words left-aligned.
                line += (i == 0 || i == 2 || i >= 5 ? gap + cell : cell + gap) + "  "
            }
            return line + detail + "\n"
        }
        var out = row(["time", "event", "patient", "class", "resource", "queue", "busy"], "detail")
        for r in records {
            out += row([TraceRecord.format(r.time), r.event, r.patient.map(String.init) ?? "-", r.className ?? "-",
                        r.resource ?? "-", r.queue.map(String.init) ?? "-", r.busy.map(String.init) ?? "-"], r.detail)
        }
        return out
    }

    public static func csv(_ records: [TraceRecord]) -> String {
        var out = "time,event,patient,class,resource,queue,busy,detail\n"
        for r in records {
            out += [JSON.number(r.time), CSV.field(r.event), r.patient.map(String.init) ?? "", CSV.field(r.className ?? ""),
                    CSV.field(r.resource ?? ""), r.queue.map(String.init) ?? "", r.busy.map(String.init) ?? "",
                    CSV.field(r.detail)].joined(separator: ",") + "\n"
        }
        return out
    }
}
