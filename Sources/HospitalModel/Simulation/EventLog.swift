import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A replication's event log, written as it happens to its own file (so memory stays flat),
/// in the long format that animation and process-mining tools read (vidigi, bupaR, pm4py):
///
/// `entity_id,pathway,event_type,event,time,resource_id,run`
///
/// - `arrival_departure`: `arrival`, and `depart` when the patient leaves (completed, reneged or
///   blocked; patients still inside at the end have none);
/// - `queue`: `R_wait_begins` when the patient asks for resource R (also when a unit is free and
///   the wait is zero, so every use has its queue row);
/// - `resource_use`: `R_begins`, with the unit in `resource_id` (from 1; empty for infinite
///   capacity), when the patient takes a unit;
/// - `resource_use_end`: `R_complete` when it gives the unit back, or `R_preempted` when a more
///   urgent patient takes it (the patient then queues again).
///
/// `entity_id` is the patient's arrival number in the replication, `pathway` its class, `time`
/// the simulated time from the start of the replication (warm-up included), `run` the
/// replication.
public final class EventLogWriter {
    public static let header = "entity_id,pathway,event_type,event,time,resource_id,run\n"

    let file: UnsafeMutablePointer<FILE>
    let run: String
    let classNames: [String]
    /// Event names per resource, escaped once.
    let waitBegins: [String], begins: [String], complete: [String], preempted: [String]
    let resourceCount: Int
    /// (patient, resource) pairs with a queue row and no use yet: a use without one gets one.
    var queued = Set<Int>()

    /// Opens `path` for writing; nil (with errno set) when it cannot be created.
    public init?(path: String, run: Int, classNames: [String], resourceNames: [String]) {
        guard let file = fopen(path, "w") else { return nil }
        self.file = file
        self.run = String(run)
        self.classNames = classNames.map(CSV.field)
        waitBegins = resourceNames.map { CSV.field($0 + "_wait_begins") }
        begins = resourceNames.map { CSV.field($0 + "_begins") }
        complete = resourceNames.map { CSV.field($0 + "_complete") }
        preempted = resourceNames.map { CSV.field($0 + "_preempted") }
        resourceCount = resourceNames.count
    }

    deinit { fclose(file) }

    /// Flushes the file; false when a write failed (a full disk).
    public func finish() -> Bool {
        fflush(file) == 0 && ferror(file) == 0
    }

    func row(_ id: Int, _ c: Int, _ type: String, _ event: String, _ time: Double, _ unit: Int32?) {
        let unitText = unit.map { $0 >= 0 ? String($0 + 1) : "" } ?? ""
        fputs("\(id),\(classNames[c]),\(type),\(event),\(JSON.number(time)),\(unitText),\(run)\n", file)
    }

    func arrival(_ id: Int, _ c: Int, _ time: Double) { row(id, c, "arrival_departure", "arrival", time, nil) }

    func depart(_ id: Int, _ c: Int, _ time: Double) {
        for r in 0..<resourceCount { queued.remove(id * resourceCount + r) }
        row(id, c, "arrival_departure", "depart", time, nil)
    }

    func queue(_ id: Int, _ c: Int, _ r: Int, _ time: Double) {
        queued.insert(id * resourceCount + r)
        row(id, c, "queue", waitBegins[r], time, nil)
    }

    func use(_ id: Int, _ c: Int, _ r: Int, _ unit: Int32, _ time: Double) {
        if queued.remove(id * resourceCount + r) == nil { row(id, c, "queue", waitBegins[r], time, nil) }
        row(id, c, "resource_use", begins[r], time, unit)
    }

    func useEnd(_ id: Int, _ c: Int, _ r: Int, _ unit: Int32, _ time: Double, preempted: Bool) {
        row(id, c, "resource_use_end", preempted ? self.preempted[r] : complete[r], time, unit)
    }
}
