import Foundation
import HospitalFormats
import HospitalTestSupport
import XCTest
@testable import HospitalService

/// The web service in process, driven over loopback HTTP as a browser would: signing in, roles,
/// CSRF tokens, the study queue and its limits, the what-if and teaching pages, and hostile
/// requests (forged cookies, oversized forms, SQL in every field, paths out of the scenarios
/// folder) refused with nothing changed and an audit entry written.
final class WebServiceTests: XCTestCase {
    var folder: URL!
    var task: Task<Void, Error>?
    var service: WebService!
    var port: UInt16 = 0

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("svc-\(UUID().uuidString.prefix(8))")
        let scenarios = folder.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        for name in ["mm1", "mmc", "acute-medical-unit"] {
            try FileManager.default.copyItem(atPath: repositoryFile("scenarios/\(name).yaml"), toPath: scenarios.appendingPathComponent("\(name).yaml").path)
        }
        try "secret: not a scenario".write(to: folder.appendingPathComponent("outside.yaml"), atomically: true, encoding: .utf8)
        let config = """
            listen: 127.0.0.1:0
            studies: {running: 1, per_user: 2, max_replications: 20}
            max_form_bytes: 4096
            login_attempts: 4
            """
        try config.write(to: folder.appendingPathComponent("service.yaml"), atomically: true, encoding: .utf8)
        let settings = try ServiceConfiguration.load(path: folder.appendingPathComponent("service.yaml").path)
        let accounts = try AccountStore(path: settings.accounts)
        let run = DispatchSemaphore(value: 0)
        Task.detached {
            try await accounts.add(name: "ada", role: .admin, hash: try PasswordHash.make("admin password 1"))
            try await accounts.add(name: "pat", role: .planner, hash: try PasswordHash.make("planner password 1"))
            try await accounts.add(name: "vic", role: .viewer, hash: try PasswordHash.make("viewer password 1"))
            run.signal()
        }
        run.wait()
        service = try WebService(configuration: settings)
        let ready = DispatchSemaphore(value: 0)
        let box = PortBox()
        let started = service!
        task = Task.detached { try await started.run { box.port = $0; ready.signal() } }
        XCTAssertEqual(ready.wait(timeout: .now() + 20), .success, "the service did not start")
        port = box.port
    }

    override func tearDown() {
        task?.cancel()
        try? FileManager.default.removeItem(at: folder)
    }

    final class PortBox: @unchecked Sendable { var port: UInt16 = 0 }

    func audit() throws -> String { try String(contentsOf: folder.appendingPathComponent("audit.log"), encoding: .utf8) }

    func testSigningInRolesAndCSRF() throws {
        let anon = ServiceClient(port: port)
        XCTAssertEqual(try anon.get("/").location, "/login")
        XCTAssertEqual(try anon.get("/whatif/mm1").location, "/login")
        let wrong = try anon.login("pat", "not the password")
        XCTAssertEqual(wrong.status, 401)
        XCTAssertTrue(wrong.body.contains("The name or the password is wrong."))
        XCTAssertTrue(try audit().contains("\"outcome\":\"refused\""))
        // The login form needs the token its own page set: a form posted from elsewhere is refused.
        XCTAssertEqual(try ServiceClient(port: port).post("/login", [("login", "forged"), ("name", "pat"), ("password", "planner password 1")]).status, 403)

        let viewer = ServiceClient(port: port)
        let signedIn = try viewer.login("vic", "viewer password 1")
        XCTAssertEqual(signedIn.status, 303)
        let cookie = try XCTUnwrap(signedIn.headers["Set-Cookie"])
        XCTAssertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie)
        let form = try viewer.get("/whatif/mm1")
        XCTAssertEqual(form.status, 200)
        XCTAssertTrue(form.body.contains("<fieldset disabled>"), "a viewer sees the form but cannot send it")
        let csrf = try ServiceClient.field("csrf", in: form.body)
        let refused = try viewer.post("/whatif/mm1", [("csrf", csrf), ("resources.server.capacity", "2")])
        XCTAssertEqual(refused.status, 403)
        XCTAssertTrue(refused.body.contains("needs the planner role"))
        XCTAssertEqual(try viewer.get("/admin").status, 403)
        XCTAssertTrue(try audit().contains("This needs the planner role"))

        let planner = ServiceClient(port: port)
        XCTAssertEqual(try planner.login("pat", "planner password 1").status, 303)
        // Without the token, or with another session's: refused, nothing queued.
        XCTAssertEqual(try planner.post("/whatif/mm1", [("resources.server.capacity", "2")]).status, 403)
        XCTAssertEqual(try planner.post("/whatif/mm1", [("csrf", csrf), ("resources.server.capacity", "2")]).status, 403)
        XCTAssertFalse(try planner.get("/studies").body.contains("/studies/1\""))
        // Logging out ends the session: its cookie no longer opens a page.
        let kept = planner.cookies
        let page = try planner.get("/teaching")
        XCTAssertEqual(try planner.post("/logout", [("csrf", try ServiceClient.field("csrf", in: page.body))]).location, "/login")
        planner.cookies = kept
        XCTAssertEqual(try planner.get("/").location, "/login")
    }

    func testAWhatIfRunsAgainstTheBaselineAndIsStored() throws {
        let planner = ServiceClient(port: port)
        _ = try planner.login("pat", "planner password 1")
        let form = try planner.get("/whatif/mm1")
        XCTAssertTrue(form.body.contains("name=\"resources.server.capacity\" value=\"1\""), "the form offers the file's capacity")
        let csrf = try ServiceClient.field("csrf", in: form.body)
        let sent = try planner.post("/whatif/mm1", [("csrf", csrf), ("resources.server.capacity", "2"), ("arrivals.patients.rate", "0.8"),
                                                    ("replications", "6"), ("policy", "")])
        XCTAssertEqual(sent.status, 303, sent.body)
        let study = try XCTUnwrap(sent.location)
        var state = ""
        for _ in 0..<600 where state != "done" {
            state = try planner.get(study + "/progress").body.components(separatedBy: "\"state\":\"")[1].prefix { $0 != "\"" }.description
            if state == "failed" { XCTFail(try planner.get(study).body); return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertEqual(state, "done")
        let page = try planner.get(study)
        XCTAssertTrue(page.body.contains("id=\"summary\""))
        // Two servers instead of one at 80% load: the mean wait falls from about 4 minutes to
        // about 0.15 (M/M/2 at 40%), and the difference is significant.
        XCTAssertTrue(page.body.contains("<td class=\"l\">wait.mean</td>"), page.body)
        XCTAssertTrue(page.body.range(of: "<td class=\"l\">wait.mean</td><td>[^<]*</td><td>[^<]*</td><td>-", options: .regularExpression) != nil, page.body)
        let report = try planner.get(study + "/report")
        XCTAssertTrue(report.body.contains("<svg"))
        XCTAssertTrue(try audit().contains("what-if mm1"))
        // Both runs are in the results database, labelled.
        let stored = try ResultsLocationProbe.runs(folder.appendingPathComponent("results.sqlite").path)
        XCTAssertEqual(stored, 2)
    }

    /// A stream given by hour of the week has no single rate: the form offers a demand multiplier,
    /// and 20% more referrals make the beds busier on the same patients' draws.
    func testADemandMultiplierScalesAProfile() throws {
        let planner = ServiceClient(port: port)
        _ = try planner.login("pat", "planner password 1")
        let form = try planner.get("/whatif/acute-medical-unit")
        XCTAssertTrue(form.body.contains("name=\"demand.referrals\" value=\"1\""), "a multiplier for the profile")
        XCTAssertFalse(form.body.contains("name=\"arrivals.referrals.rate\""))
        let csrf = try ServiceClient.field("csrf", in: form.body)
        XCTAssertEqual(try planner.post("/whatif/acute-medical-unit", [("csrf", csrf), ("demand.referrals", "0")]).status, 400)
        let sent = try planner.post("/whatif/acute-medical-unit", [("csrf", csrf), ("demand.referrals", "1.2"), ("replications", "4")])
        XCTAssertEqual(sent.status, 303, sent.body)
        let study = try XCTUnwrap(sent.location)
        var state = ""
        for _ in 0..<600 where state != "done" && state != "failed" {
            state = try planner.get(study + "/progress").body.components(separatedBy: "\"state\":\"")[1].prefix { $0 != "\"" }.description
            Thread.sleep(forTimeInterval: 0.1)
        }
        let page = try planner.get(study).body
        XCTAssertEqual(state, "done", page)
        XCTAssertTrue(page.contains("demand.referrals=1.2"))
        // The beds' utilisation rises with the demand: the paired difference is positive.
        let stored = try ResultsLocation.readRun(folder.appendingPathComponent("results.sqlite").path, runID: nil)
        let first = try ResultsLocation.readRun(folder.appendingPathComponent("results.sqlite").path, runID: stored.id - 1)
        let busy = "resource.amu_bed.utilization"
        let more = zip(stored.metrics[busy] ?? [], first.metrics[busy] ?? []).map { $0 - $1 }
        XCTAssertEqual(more.count, 4)
        XCTAssertTrue(more.allSatisfy { $0 > 0 }, "\(more)")
    }

    func testStudiesQueueWithinTheirLimits() throws {
        let planner = ServiceClient(port: port)
        _ = try planner.login("pat", "planner password 1")
        var statuses: [Int] = []
        for capacity in ["2", "3", "4"] {
            let csrf = try ServiceClient.field("csrf", in: try planner.get("/whatif/mmc").body)
            statuses.append(try planner.post("/whatif/mmc", [("csrf", csrf), ("resources.clinician.capacity", capacity), ("replications", "20")]).status)
        }
        // Two per person: the third is refused while the first two are queued or running.
        XCTAssertEqual(statuses.prefix(2), [303, 303])
        XCTAssertEqual(statuses[2], 429)
        XCTAssertTrue(try audit().contains("the limit is 2"))
    }

    func testHostileRequestsAreRefusedAndAudited() throws {
        let admin = ServiceClient(port: port)
        _ = try admin.login("ada", "admin password 1")
        let page = try admin.get("/admin")
        let csrf = try ServiceClient.field("csrf", in: page.body)
        // A forged session cookie: the login page, and an audit entry.
        let forged = ServiceClient(port: port)
        forged.cookies["hospsim_session"] = String(repeating: "ab", count: 32)
        XCTAssertEqual(try forged.get("/admin").location, "/login")
        XCTAssertTrue(try audit().contains("unknown or expired session cookie"))
        // An oversized form is refused before it is read.
        let big = try admin.send("POST", "/admin/accounts/add", body: "csrf=\(csrf)&name=" + String(repeating: "x", count: 5000))
        XCTAssertEqual(big.status, 413)
        // SQL metacharacters in every field: refused as bad values, nothing added.
        let sql = "x'); DROP TABLE runs; --"
        let hostile = try admin.post("/admin/accounts/add", [("csrf", csrf), ("name", sql), ("role", sql), ("password", sql + sql)])
        XCTAssertEqual(hostile.status, 400)
        let whatIf = try admin.get("/whatif/mm1")
        let fields = ["resources.server.capacity", "arrivals.patients.rate", "replications", "policy"].map { ($0, sql) }
        XCTAssertEqual(try admin.post("/whatif/mm1", [("csrf", try ServiceClient.field("csrf", in: whatIf.body))] + fields).status, 400)
        XCTAssertEqual(try admin.get("/teaching?rate=\(FormEncoding.encode(sql))").status, 400)
        XCTAssertEqual(try admin.get("/studies").body.contains("/studies/1\""), false, "nothing was queued")
        let stranger = ServiceClient(port: port)
        XCTAssertEqual(try stranger.login(sql, sql).status, 401, "SQL in the login form is only a wrong name")
        XCTAssertEqual(try stranger.login("ada' --", "x' OR '1'='1").status, 401)
        let accounts = try String(contentsOf: folder.appendingPathComponent("accounts.json"), encoding: .utf8)
        XCTAssertFalse(accounts.contains("DROP"))
        XCTAssertEqual(accounts.components(separatedBy: "\"name\"").count - 1, 3, "still the three accounts")
        // Paths out of the scenarios folder: not found, whatever the spelling.
        for path in ["/whatif/..%2Foutside", "/whatif/../outside", "/admin/scenario/..%2Foutside", "/whatif/%2E%2E%2Foutside", "/whatif/mm1%00"] {
            let answer = try admin.get(path)
            XCTAssertTrue([404, 400].contains(answer.status), "\(path): \(answer.status)")
            XCTAssertFalse(answer.body.contains("not a scenario"), path)
        }
        // The last admin cannot remove themself; a form without a token changes nothing.
        XCTAssertEqual(try admin.post("/admin/accounts/remove", [("csrf", csrf), ("name", "ada")]).status, 400)
        XCTAssertEqual(try admin.post("/admin/accounts/remove", [("name", "pat")]).status, 403)
        XCTAssertTrue(try String(contentsOf: folder.appendingPathComponent("accounts.json"), encoding: .utf8).contains("\"pat\""))
        let log = try audit()
        XCTAssertGreaterThanOrEqual(log.components(separatedBy: "\"outcome\":\"refused\"").count - 1, 6, log)
    }

    /// Admins edit scenario files in place: a file the scenario reader refuses is not saved (the
    /// old one stays whole), a sound one replaces it atomically; others may not even look.
    func testAdminsEditScenariosCheckedBeforeTheyAreSaved() throws {
        let file = folder.appendingPathComponent("scenarios/mm1.yaml")
        let before = try String(contentsOf: file, encoding: .utf8)
        let planner = ServiceClient(port: port)
        _ = try planner.login("pat", "planner password 1")
        XCTAssertEqual(try planner.get("/admin/scenario/mm1").status, 403)
        let admin = ServiceClient(port: port)
        _ = try admin.login("ada", "admin password 1")
        let page = try admin.get("/admin/scenario/mm1")
        XCTAssertEqual(page.status, 200)
        let csrf = try ServiceClient.field("csrf", in: page.body)
        let broken = before.replacingOccurrences(of: "capacity: 1", with: "capacity: -3")
        let refused = try admin.post("/admin/scenario/mm1", [("csrf", csrf), ("text", broken)])
        XCTAssertEqual(refused.status, 400)
        XCTAssertTrue(refused.body.contains("Not saved"), refused.body)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), before, "the file is unchanged")
        let sound = before.replacingOccurrences(of: "capacity: 1", with: "capacity: 2")
        XCTAssertNotEqual(sound, before)
        XCTAssertEqual(try admin.post("/admin/scenario/mm1", [("csrf", csrf), ("text", sound)]).status, 200)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), sound)
        XCTAssertTrue(try admin.get("/whatif/mm1").body.contains("name=\"resources.server.capacity\" value=\"2\""), "the what-if form reads the new file")
        let log = try audit()
        XCTAssertTrue(log.contains("\"action\":\"edit\"") && log.contains("Scenario mm1.yaml"), log)
    }

    /// Guessing a password: after the limit of failed logins for a name, even the right password
    /// is refused for that name (429), while other names still sign in.
    func testFailedLoginsLockTheName() throws {
        let guesser = ServiceClient(port: port)
        for guess in ["password1", "letmein12", "qwerty123", "admin1234"] { XCTAssertEqual(try guesser.login("vic", guess).status, 401) }
        XCTAssertEqual(try guesser.login("vic", "viewer password 1").status, 429)
        XCTAssertEqual(try ServiceClient(port: port).login("pat", "planner password 1").status, 303)
        XCTAssertTrue(try audit().contains("locked after 4 failed logins"))
    }

    /// The teaching page's simulated waits beside the exact M/M/c values: Erlang C, computed here.
    func testTeachingShowsExactValuesBesideTheSimulation() throws {
        let viewer = ServiceClient(port: port)
        _ = try viewer.login("vic", "viewer password 1")
        let page = try viewer.get("/teaching?rate=30&service=3&servers=2")
        XCTAssertEqual(page.status, 200)
        // M/M/2, lambda = 0.5 per minute, mean service 3 minutes: a = 1.5, rho = 0.75.
        let a = 1.5, c = 2.0, rho = a / c
        let sum = 1 + a
        let erlangC = (a * a / 2) / (1 - rho) / (sum + (a * a / 2) / (1 - rho))
        let wq = erlangC * 3 / (c - a)
        let row = try XCTUnwrap(page.body.range(of: "mean wait in queue (min)</td>")).upperBound
        let cells = page.body[row...].components(separatedBy: "</td>").prefix(3).map { $0.replacingOccurrences(of: "<td>", with: "") }
        XCTAssertEqual(Double(cells[1]) ?? .nan, wq, accuracy: 1e-4, "the exact value is Erlang C's")
        let simulated = cells[0].components(separatedBy: " ± ").compactMap(Double.init)
        XCTAssertEqual(simulated.count, 2)
        XCTAssertLessThanOrEqual(abs(simulated[0] - wq), 3 * simulated[1] + 1e-9, "the simulation agrees with theory")
        XCTAssertTrue(page.body.contains("<iframe src=\"/teaching/report?"))
        XCTAssertTrue(try viewer.get("/teaching/report?rate=30&service=3&servers=2").body.contains("<svg"))
        XCTAssertEqual(try viewer.get("/teaching?rate=30&service=3&servers=2.5").status, 400)
        XCTAssertTrue(try viewer.get("/teaching?rate=60&service=3&servers=2").body.contains("grows without bound"))
    }
}
