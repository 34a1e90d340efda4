import Foundation
import HospitalTestSupport
import XCTest
import HospitalModel

/// A `note:` step is a marker: it writes its text to the event log and trace as the patient
/// passes and changes nothing else, not even which random numbers the other steps draw.
final class SimulationNoteStepTests: XCTestCase {
    /// A queue with a branch; `notes` puts notes before, inside and after it.
    static func scenario(notes: Bool) throws -> Scenario {
        func note(_ text: String, _ indent: String) -> [String] { notes ? ["\(indent)- note: \(text)"] : [] }
        var lines = ["name: marked queue", "time_unit: minute", "run: {horizon: \"2 day\", replications: 4, seed: 5}",
                     "arrivals: [{name: patients, rate: 0.8}]", "resources: [{name: nurse, capacity: 1}, {name: doctor, capacity: 2}]",
                     "pathway:"]
        lines += note("arrived", "  ")
        lines += ["  - use: nurse", "    duration: {exponential: {mean: 1}}", "  - branch:", "      - probability: 0.4", "        steps:"]
        lines += note("to the doctor", "          ")
        lines += ["          - use: doctor", "            duration: {exponential: {mean: 2}}"]
        lines += note("seen", "          ")
        lines += ["      - otherwise:"]
        lines += note("home from triage", "          ")
        lines += ["          - delay: {exponential: {mean: 3}}"]
        lines += note("leaving", "  ")
        let yaml = lines.joined(separator: "\n") + "\n"
        return try ScenarioLoader.load(yaml: yaml, file: "marked.yaml").scenario
    }

    final class Recorder: EventLogSink, @unchecked Sendable {
        var events: [PatientEvent] = []
        func write(_ event: PatientEvent) { events.append(event) }
        func finish() -> String? { nil }
    }

    func testNotesChangeNoNumberAndNoDraw() throws {
        let study = Study(plan: ReplicationPlan(threads: 2))
        let with = try study.run(try Self.scenario(notes: true)).result
        let without = try study.run(try Self.scenario(notes: false)).result
        XCTAssertEqual(with.metrics.map(\.name), without.metrics.map(\.name))
        for (a, b) in zip(with.metrics, without.metrics) {
            XCTAssertEqual(a.summary.mean.bitPattern, b.summary.mean.bitPattern, "\(a.name) differs with notes")
        }
        XCTAssertGreaterThan(with.metric("patients.completed")?.mean ?? 0, 0)
    }

    func testEveryPatientLeavesItsNotesInTheEventLogInOrder() throws {
        let recorders = (0..<4).map { _ in Recorder() }
        _ = try Study(plan: ReplicationPlan(threads: 1)).run(try Self.scenario(notes: true)) { _ in
            EventLogSinks { k in recorders[k] }
        }
        for recorder in recorders {
            var byPatient: [Int: [PatientEvent]] = [:]
            for e in recorder.events { byPatient[e.patient, default: []].append(e) }
            var doctors = 0, home = 0
            for (_, events) in byPatient {
                let notes = events.compactMap { if case .note(let text) = $0.kind { text } else { nil } }
                XCTAssertEqual(notes.first, "arrived", "the first note comes first")
                // The arrival's note is at its arrival time, and nothing happens between them.
                XCTAssertEqual(events[1].time, events[0].time)
                guard events.contains(where: { $0.kind == .depart }) else { continue }
                // A patient who left went one way through the branch, and says which.
                switch notes.count {
                case 4: XCTAssertEqual(notes, ["arrived", "to the doctor", "seen", "leaving"]); doctors += 1
                case 3: XCTAssertEqual(notes, ["arrived", "home from triage", "leaving"]); home += 1
                default: XCTFail("unexpected notes \(notes)")
                }
                // "leaving" is written at the departure's time, just before it.
                XCTAssertEqual(events[events.count - 2].kind, .note("leaving"))
                XCTAssertEqual(events[events.count - 2].time, events.last!.time)
            }
            // The branch's 40% to the doctor: within 4 standard errors over ~2,300 patients.
            let n = Double(doctors + home), share = Double(doctors) / n
            XCTAssertEqual(share, 0.4, accuracy: 4 * (0.4 * 0.6 / n).squareRoot())
        }
    }

    func testANoteIsOneLineOfText() {
        for (text, expected) in [("\"\"", "non-empty"), ("[1, 2]", "got a list"), ("\"a\\nb\"", "one line")] {
            let yaml = """
                name: bad note
                time_unit: minute
                run: {horizon: 10, replications: 1}
                arrivals: [{name: p, rate: 1}]
                resources: [{name: s, capacity: 1}]
                pathway: [{note: \(text)}, {use: s, duration: 1}]
                """
            XCTAssertThrowsError(try ScenarioLoader.load(yaml: yaml, file: "bad.yaml")) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(expected) && message.contains("pathway[0].note"), message)
            }
        }
    }
}
