import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

extension ResultsTable {
    /// Each replication's per-class sketches (`waits` or `treatments`) as bucket counts.
    static func sketchTable(_ name: String, _ result: RunResult, _ sketches: KeyPath<ReplicationResult, [QuantileSketch]>) -> ResultsTable {
        ResultsTable(name: name, columns: ["replication", "class", "bucket", "upper", "count"]) { row in
            for r in result.replications where r[keyPath: sketches].count == result.catalog.classes.count {
                for (c, sketch) in r[keyPath: sketches].enumerated() {
                    let b = sketch.buckets
                    let name = Value.text(result.catalog.classes[c].name)
                    if b.zeroCount > 0 { try row([.int(Int64(r.replication)), name, .null, .real(0), .int(Int64(b.zeroCount))]) }
                    for (i, count) in b.counts.enumerated() where count > 0 {
                        try row([.int(Int64(r.replication)), name, .int(Int64(b.offset + i)),
                                 .real(sketch.upperBound(ofBucket: b.offset + i)), .int(Int64(count))])
                    }
                }
            }
        }
    }

    /// The tables of `result`: runs (one row), replications and metrics, and with patient-level
    /// records also patients, visits, billing and shifts. No table has the run id: the database
    /// adds it, and an export folder holds one run.
    public static func tables(_ result: RunResult, _ record: RunRecord) -> [ResultsTable] {
        func opt(_ x: Double?) -> Value { x.map { .real($0) } ?? .null }
        var tables = [
            ResultsTable(name: "runs", columns: ["scenario", "file", "file_hash", "scenario_hash", "model_version", "seed", "policy",
                                                 "replications", "horizon", "warmup", "time_unit", "settings", "created_at", "theory"]) { row in
                try row([.text(result.scenario), .text(record.file), .text(record.fileHash), .text(result.identity),
                         .int(Int64(ModelVersion.current)), .int(Int64(bitPattern: result.seed)), .text(result.policy),
                         .int(Int64(result.replications.count)), .real(result.horizon), .real(result.warmup),
                         .text(result.timeUnit.rawValue), .text(record.settings), .text(record.createdAt),
                         result.theory.map { .text(ResultsDocument.theory($0)) } ?? .null])
            },
            ResultsTable(name: "replications", columns: ["replication", "events"]) { row in
                for r in result.replications { try row([.int(Int64(r.replication)), .int(Int64(r.events))]) }
            },
            ResultsTable(name: "metrics", columns: ["replication", "name", "value"]) { row in
                for r in result.replications {
                    for (i, name) in result.catalog.names.enumerated() {
                        try row([.int(Int64(r.replication)), .text(name), .real(r.metrics[i])])
                    }
                }
            },
            ResultsTable(name: "profiles", columns: ["replication", "name", "hour", "value"]) { row in
                for r in result.replications {
                    for (i, name) in result.catalog.profileNames.enumerated() {
                        for (hour, value) in r.profiles[i].enumerated() {
                            try row([.int(Int64(r.replication)), .text(name), .int(Int64(hour)), .real(value)])
                        }
                    }
                }
            },
            ResultsTable(name: "classes", columns: ["name", "target"]) { row in
                for c in result.catalog.classes { try row([.text(c.name), opt(c.target)]) }
            },
            sketchTable("waits", result, \.waits),
            sketchTable("treatments", result, \.treatments),
        ]
        guard result.replications.contains(where: { $0.patients != nil }) else { return tables }
        let logs = result.replications.compactMap { r in r.patients.map { (k: Int64(r.replication), log: $0) } }
        tables += [
            ResultsTable(name: "patients", columns: ["replication", "id", "class", "arrival", "warmup", "outcome",
                                                     "treatment_started", "departure"]) { row in
                for (k, log) in logs {
                    for p in log.patients {
                        try row([.int(k), .int(Int64(p.id)), .text(result.classNames[p.classIndex]), .real(p.arrival),
                                 .int(p.warmup ? 1 : 0), .text(p.outcome), opt(p.treatmentStarted), opt(p.departure)])
                    }
                }
            },
            ResultsTable(name: "visits", columns: ["replication", "patient", "step", "resource", "unit", "queued", "started", "ended"]) { row in
                for (k, log) in logs {
                    for v in log.visits {
                        try row([.int(k), .int(Int64(v.patient)), .int(Int64(v.step)), .text(result.resourceNames[v.resource]),
                                 v.unit.map { .int(Int64($0)) } ?? .null, .real(v.queued), opt(v.started), opt(v.ended)])
                    }
                }
            },
            ResultsTable(name: "billing", columns: ["replication", "patient", "resource", "charge"]) { row in
                for (k, log) in logs {
                    for b in log.billing {
                        try row([.int(k), .int(Int64(b.patient)), .text(result.resourceNames[b.resource]), .real(b.charge)])
                    }
                }
            },
            ResultsTable(name: "shifts", columns: ["replication", "resource", "unit", "on_shift", "off_shift"]) { row in
                for (k, log) in logs {
                    for s in log.shifts {
                        try row([.int(k), .text(result.resourceNames[s.resource]), .int(Int64(s.unit)), .real(s.on), .real(s.off)])
                    }
                }
            },
        ]
        return tables
    }
}

/// The same tables as CSV files (RFC 4180 quoting), for `--export-csv`.
public enum ResultsExport {
    /// Every file an export may hold: a folder with nothing else is an earlier export.
    public static let fileNames: Set<String> = ["runs.csv", "replications.csv", "metrics.csv", "patients.csv",
                                                "visits.csv", "billing.csv", "shifts.csv", "profiles.csv", "classes.csv",
                                                "waits.csv", "treatments.csv"]

    public static func tables(_ result: RunResult, _ record: RunRecord) -> [(name: String, csv: String)] {
        ResultsTable.tables(result, record).map { ($0.name + ".csv", $0.csv) }
    }
}
