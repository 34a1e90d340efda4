import Foundation
import HospitalSimulation
#if canImport(Glibc)
import Glibc
#endif

/// A replication's event log written as CSV to its own file:
///
/// `entity_id,pathway,event_type,event,time,resource_id,run`
///
/// - `arrival_departure`: `arrival`, and `depart`;
/// - `queue`: `R_wait_begins` when the patient asks for resource R;
/// - `resource_use`: `R_begins`, with the unit in `resource_id` (from 1; empty for infinite
///   capacity);
/// - `resource_use_end`: `R_complete`, or `R_preempted`;
/// - `note`: the text of a `note:` step the patient passed.
///
/// `entity_id` is the patient's arrival number in the replication, `pathway` its class, `time`
/// the simulated time from the start of the replication (warm-up included), `run` the
/// replication.
public final class EventLogFile: EventLogSink {
    public static let header = "entity_id,pathway,event_type,event,time,resource_id,run\n"

    /// Why a part could not be opened.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    let file: UnsafeMutablePointer<FILE>
    let run: String
    let classNames: [String]
    /// Event names per resource, escaped once.
    let waitBegins: [String], begins: [String], complete: [String], preempted: [String]

    /// Opens `path` for writing.
    public init(path: String, run: Int, classNames: [String], resourceNames: [String]) throws(Failure) {
        guard let file = fopen(path, "w") else { throw Self.failure() }
        self.file = file
        self.run = String(run)
        self.classNames = classNames.map(CSV.field)
        waitBegins = resourceNames.map { CSV.field($0 + "_wait_begins") }
        begins = resourceNames.map { CSV.field($0 + "_begins") }
        complete = resourceNames.map { CSV.field($0 + "_complete") }
        preempted = resourceNames.map { CSV.field($0 + "_preempted") }
    }

    static func failure() -> Failure { Failure(description: "cannot write the event log (\(String(cString: strerror(errno))))") }

    /// Replication k's log in `FOLDER/k.csv`, for `Runner.run(eventLog:)`.
    public static func parts(in folder: String, model: CompiledModel) -> EventLogSinks {
        let classNames = model.classes.map(\.name), resourceNames = model.resources.map(\.name)
        return EventLogSinks { k in try EventLogFile(path: "\(folder)/\(k).csv", run: k, classNames: classNames, resourceNames: resourceNames) }
    }

    deinit { fclose(file) }

    public func finish() -> String? {
        fflush(file) == 0 && ferror(file) == 0 ? nil : Self.failure().description
    }

    public func write(_ e: PatientEvent) {
        let type: String, event: String
        switch e.kind {
        case .arrival: (type, event) = ("arrival_departure", "arrival")
        case .depart: (type, event) = ("arrival_departure", "depart")
        case .queue: (type, event) = ("queue", waitBegins[e.resource])
        case .use: (type, event) = ("resource_use", begins[e.resource])
        case .useEnd: (type, event) = ("resource_use_end", complete[e.resource])
        case .preempted: (type, event) = ("resource_use_end", preempted[e.resource])
        case .note(let text): (type, event) = ("note", CSV.field(text))
        }
        let unitText = e.unit >= 0 ? String(e.unit + 1) : ""
        fputs("\(e.patient),\(classNames[e.classIndex]),\(type),\(event),\(JSON.number(e.time)),\(unitText),\(run)\n", file)
    }
}
