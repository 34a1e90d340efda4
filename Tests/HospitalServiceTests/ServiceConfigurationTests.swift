import XCTest
@testable import HospitalService

/// The configuration file: paths relative to it, defaults, and every mistake located with a
/// suggestion.
final class ServiceConfigurationTests: XCTestCase {
    func testReadsPathsLimitsAndOperations() throws {
        let c = try ServiceConfiguration.parse("""
            listen: 0.0.0.0:9000
            results: postgresql://u@h/r
            scenarios: ../scenarios
            studies: {running: 3, per_user: 1}
            operations:
              database: postgresql://u@h/hospital
              mapping: map.yaml
              scenario: /abs/h.yaml
              risk: 0.1
              unit_hour_cost: {icu_bed: 300}
            """, file: "/etc/hospsim/service.yaml")
        XCTAssertEqual(c.host, "0.0.0.0")
        XCTAssertEqual(c.port, 9000)
        XCTAssertTrue(c.cookiesSecure, "not on loopback: cookies only over HTTPS")
        XCTAssertEqual(c.results, "postgresql://u@h/r")
        XCTAssertEqual(c.scenarios, "/etc/hospsim/../scenarios")
        XCTAssertEqual(c.accounts, "/etc/hospsim/accounts.json")
        XCTAssertEqual(c.runningStudies, 3)
        XCTAssertEqual(c.studiesPerUser, 1)
        XCTAssertEqual(c.operations?.mapping, "/etc/hospsim/map.yaml")
        XCTAssertEqual(c.operations?.scenario, "/abs/h.yaml")
        XCTAssertEqual(c.operations?.risk, 0.1)
        XCTAssertEqual(c.operations?.hours, 72)
        XCTAssertEqual(c.operations?.unitHourCost["icu_bed"], 300)
        XCTAssertFalse(try ServiceConfiguration.parse("listen: 127.0.0.1:8080", file: "s.yaml").cookiesSecure)
    }

    func testMistakesAreLocatedWithSuggestions() {
        func message(_ text: String) -> String {
            do { _ = try ServiceConfiguration.parse(text, file: "s.yaml"); return "" } catch { return "\(error)" }
        }
        XCTAssertEqual(message("listen: 127.0.0.1:8080\nresutls: r.sqlite\n"),
                       "s.yaml:2:1: error: resutls: unknown key; did you mean 'results'? (known: listen, results, scenarios, accounts, audit, studies, session_hours, secure_cookies, max_form_bytes, login_attempts, operations)")
        XCTAssertTrue(message("studies: {runing: 2}").hasPrefix("s.yaml:1:11: error: studies.runing: unknown key; did you mean 'running'?"), message("studies: {runing: 2}"))
        XCTAssertTrue(message("listen: 8080").contains("expected HOST:PORT"))
        XCTAssertTrue(message("studies: {running: 0}").contains("must be from 1 to 64"))
        XCTAssertTrue(message("operations: {database: x, mapping: m.yaml}").contains("operations.scenario: missing"))
        XCTAssertTrue(message("operations: {database: x, mapping: m.yaml, scenario: s.yaml, risk: 2}").contains("must be from 0.001 to 0.999"))
        XCTAssertTrue(message("[1, 2]").contains("expected a mapping"))
        XCTAssertTrue(message("a: [").contains("not valid YAML"))
        XCTAssertTrue(message("listen: a:1\nlisten: b:2").contains("given twice") || message("listen: a:1\nlisten: b:2").contains("not valid YAML"))
    }
}
