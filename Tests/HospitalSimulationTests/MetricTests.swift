import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Metrics are declared once (`Metric`), and both a metric's name and its value come from that
/// declaration. These tests recompute the named metrics from patient-level records, so that a
/// metric whose name and value belonged to different things would be caught.
final class MetricTests: XCTestCase {
    func exampleModel(_ name: String) throws -> CompiledModel {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/\(name).yaml").path
        return CompiledModel(try ScenarioLoader.load(path: path).scenario)
    }

    func testEveryExampleNamesEachMetricOnceAndCollectsAValueForEach() throws {
        for name in ["mm1", "mmc", "erlang-loss", "emergency-department", "acute-medical-unit", "ed-fast-track"] {
            var model = try exampleModel(name)
            model.scenario.run.horizon = 2 * 1440 / model.timeUnit.minutes
            let catalog = MetricCatalog(model)
            XCTAssertEqual(Set(catalog.names).count, catalog.names.count, "\(name): a name twice")
            XCTAssertEqual(Set(catalog.profileNames).count, catalog.profileNames.count)
            var sim = Simulation(model: model, replication: 0)
            let r = sim.run()
            XCTAssertEqual(r.metrics.count, catalog.names.count, name)
            XCTAssertEqual(r.profiles.count, catalog.profileNames.count, name)
        }
    }

    /// Every metric of the examples is labelled with what it measures: durations in the time
    /// unit (percentiles and times to treatment too), money as cost, numbers averaged over time
    /// as time averages, fractions as fractions.
    func testEveryMetricIsLabelledWithWhatItMeasures() throws {
        var seen: [String: String] = [:]
        for name in ["emergency-department", "general-hospital", "outpatient-clinic", "ed-weekend-roster"] {
            let model = try exampleModel(name)
            for metric in MetricCatalog(model).names { seen[metric] = Metric.unit(of: metric, timeUnit: "minute") }
        }
        let expected = ["time_to_treatment.mean": "minutes", "time_in_system.p90": "minutes", "wait.p95": "minutes",
                        "class.resus.time_to_treatment.p90": "minutes", "clinic.cardiology.overtime.mean": "minutes",
                        "clinic.cardiology.wait.p90": "minutes", "resource.doctor.skill.cardiology.wait.mean": "minutes",
                        "revenue.total": "cost", "bill.mean": "cost", "cost.per_patient": "cost", "supply.troponin_kit.cost": "cost",
                        "resource.doctor.queue.mean": "time average", "resource.ward_bed.discharge_wait.mean": "time average",
                        "supply.troponin_kit.stock.mean": "time average", "resource.ward_bed.discharge_wait.bed_hours": "unit-hours",
                        "target_met.fraction": "fraction", "resource.doctor.utilization": "fraction",
                        "patients.arrived": "count", "patients.in_system.end": "count", "resource.doctor.seizes": "count"]
        for (metric, unit) in expected {
            XCTAssertEqual(seen[metric], unit, metric)
        }
        let allowed: Set<String> = ["minutes", "cost", "time average", "unit-hours", "fraction", "count"]
        XCTAssertEqual(Set(seen.values).subtracting(allowed), [])
    }

    /// Every class and resource metric of the emergency department, recomputed from the patients
    /// and visits of each replication.
    func testNamedMetricsMatchThePatientRecords() throws {
        let model = try exampleModel("emergency-department")
        var s = model.scenario
        s.run.horizon = 5 * 1440
        s.run.replications = 2
        let m = CompiledModel(s)
        let result = Runner.run(m, threads: 2, indices: [0, 1], stop: nil, recordPatients: true)
        let end = s.run.warmup + s.run.horizon
        var checked = 0
        for rep in result.replications {
            let log = try XCTUnwrap(rep.patients)
            func value(_ name: String) -> Double { rep.metrics[result.catalog.names.firstIndex(of: name)!] }
            func close(_ a: Double, _ b: Double, _ what: String) {
                XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(b)), what)
                checked += 1
            }
            let counted = log.patients.filter { !$0.warmup }
            let visitsByPatient = Dictionary(grouping: log.visits, by: \.patient)
            close(value("reneged.fraction"), value("patients.reneged") / value("patients.arrived"), "reneged.fraction")
            close(value("cost.per_patient"), value("cost.total") / value("patients.completed"), "cost.per_patient")
            for (c, cls) in m.classes.enumerated() {
                let done = counted.filter { $0.classIndex == c && $0.outcome == "completed" && ($0.departure ?? .infinity) <= end }
                let waits = done.map { p in (visitsByPatient[p.id] ?? []).reduce(0.0) { $0 + (($1.started ?? $1.queued) - $1.queued) } }
                close(value("class.\(cls.name).wait.mean"), waits.reduce(0, +) / Double(waits.count), "class.\(cls.name).wait.mean")
                let stays = done.map { $0.departure! - $0.arrival }
                close(value("class.\(cls.name).time_in_system.mean"), stays.reduce(0, +) / Double(stays.count), "class \(cls.name) time in system")
                let arrived = counted.filter { $0.classIndex == c }.count
                let reneged = counted.filter { $0.classIndex == c && $0.outcome == "reneged" }.count
                close(value("class.\(cls.name).reneged.fraction"), Double(reneged) / Double(arrived), "class \(cls.name) reneged")
            }
            let countedIDs = Set(counted.map(\.id))
            let classOf = Dictionary(uniqueKeysWithValues: log.patients.map { ($0.id, $0.classIndex) })
            for (r, res) in m.resources.enumerated() {
                let seized = log.visits.filter { $0.resource == r && $0.started != nil && countedIDs.contains($0.patient) }
                close(value("resource.\(res.name).seizes"), Double(seized.count), "resource \(res.name) seizes")
                for (c, cls) in m.classes.enumerated() where cls.resourcesUsed.contains(r) {
                    let mine = seized.filter { classOf[$0.patient] == c }.map { $0.started! - $0.queued }
                    guard !mine.isEmpty else { continue }
                    close(value("resource.\(res.name).class.\(cls.name).wait.mean"), mine.reduce(0, +) / Double(mine.count),
                          "resource \(res.name) class \(cls.name) wait")
                }
            }
        }
        XCTAssertGreaterThan(checked, 40, "the checks ran")
    }
}
