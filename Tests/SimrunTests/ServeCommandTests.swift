import Foundation
import PostgresTestSupport
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `simrun serve` as a hospital would run it: the sample hospital's database in a real
/// PostgreSQL server, results stored in PostgreSQL too, and the pages driven by headless
/// Chromium through chromedriver; then fifty sessions reading the operations page at once while
/// studies run.
final class ServeCommandTests: SimrunTestCase {
    static let now = "2026-03-04T07:30"

    struct Running {
        var process: Process
        var port: UInt16
        var folder: URL
        /// Stops the service; it must still have been running (a crash fails the test, with its log).
        func stop() {
            if !process.isRunning {
                XCTFail("the service stopped by itself (status \(process.terminationStatus)): "
                        + ((try? String(contentsOf: folder.appendingPathComponent("serve.log"), encoding: .utf8)) ?? ""))
            }
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The sample hospital in `server`, three accounts, and the service started on a free port.
    func startService(_ server: PostgresTestServer, folder: URL) throws -> Running {
        let hospital = try server.database("hospital"), results = try server.database("results")
        let made = try simrun(["serve", "sample-hospital", "--db", hospital, "--seed", "5", "--now", Self.now])
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertTrue(made.stderr.contains("sample hospital written"), made.stderr)
        let scenarios = folder.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        for name in ["mmc", "sample-hospital"] {
            try FileManager.default.copyItem(at: SimrunProcess.packageRoot.appendingPathComponent("scenarios/\(name).yaml"),
                                             to: scenarios.appendingPathComponent("\(name).yaml"))
        }
        let config = folder.appendingPathComponent("service.yaml")
        try """
            listen: 127.0.0.1:0
            results: \(results)
            scenarios: scenarios
            studies: {running: 2, per_user: 2, max_replications: 40}
            operations:
              database: \(hospital)
              mapping: \(SimrunProcess.packageRoot.path)/service/sample-hospital-mapping.yaml
              scenario: scenarios/sample-hospital.yaml
              refresh_minutes: 30
              hours: 72
              risk: 0.2
              replications: 100
              now: \(Self.now)
              unit_hour_cost: {medical_bed: 60, surgical_bed: 60, icu_bed: 300, admitting_doctor: 95}
            """.write(to: config, atomically: true, encoding: .utf8)
        for (name, role) in [("ada", "admin"), ("pat", "planner"), ("vic", "viewer")] {
            let added = try SimrunProcess.execute(SimrunProcess.simrun, ["serve", "account", "add", name, "--role", role, "--config", config.path],
                                                  input: "\(name) password 1\n")
            XCTAssertEqual(added.status, 0, added.stderr)
        }
        let log = folder.appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = SimrunProcess.simrun
        process.arguments = ["serve", "--config", config.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        var port: UInt16?
        for _ in 0..<200 where port == nil {
            Thread.sleep(forTimeInterval: 0.1)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let r = text.range(of: "listening on http://127.0.0.1:") { port = UInt16(text[r.upperBound...].prefix { $0.isNumber }) }
            if !process.isRunning { break }
        }
        guard let port else {
            process.terminate()
            throw WebDriver.Failure(description: "the service did not start: " + ((try? String(contentsOf: log, encoding: .utf8)) ?? ""))
        }
        return Running(process: process, port: port, folder: folder)
    }

    func testOperationsWhatIfAndRolesInABrowser() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let folder = try temporaryFolder()
        let service = try startService(server, folder: folder)
        defer { service.stop() }
        let browser = try WebDriver(folder: folder)
        defer { browser.quit() }
        let site = "http://127.0.0.1:\(service.port)"
        let shots = ProcessInfo.processInfo.environment["HOSPSIM_SCREENSHOTS"]

        // Sign in as the planner: the operations page with the forecast from the hospital's database.
        try browser.open(site + "/")
        XCTAssertTrue(try browser.url.hasSuffix("/login"))
        try browser.type("input[name=name]", "pat")
        try browser.type("input[name=password]", "pat password 1")
        try browser.click("#login button")
        try browser.wait(120, "the first forecast") {
            if try browser.url.hasSuffix("/login") { return false }
            try browser.open(site + "/")
            return try browser.elements("#census") > 0
        }
        let before = Int(try browser.text("#census")) ?? -1
        let hospital = try server.database("hospital")
        let inHospital = Int(try server.query(hospital, "SELECT count(*) FROM admissions WHERE discharged_at IS NULL")[0][0] ?? "") ?? -2
        XCTAssertEqual(before, inHospital, "the census is the hospital's patients now")
        XCTAssertEqual(try browser.elements("#risks tr[data-resource]"), 4, "every ward and staff group")
        XCTAssertGreaterThanOrEqual(try browser.elements("svg.chart"), 4, "a fan chart per resource")
        let page = try browser.source
        XCTAssertTrue(page.contains("full within 72 h"))
        if let shots { try browser.screenshot().write(to: URL(fileURLWithPath: shots + "/service-operations.png")) }

        // The database changes (twelve emergency patients waiting for a medical bed): refreshed on
        // demand, the page shows them.
        try server.query(hospital, """
            INSERT INTO patients (mrn, name, birth_date, sex) SELECT 'T' || g, 'Test patient ' || g, date '1950-01-01', 'F' FROM generate_series(1, 12) g;
            INSERT INTO admissions (patient_id, kind, requested_at) SELECT id, 'medical', timestamp '\(Self.now)' - interval '1 hour' FROM patients WHERE mrn LIKE 'T%';
            """)
        try browser.click("#refresh button")
        // The click's form must reach the service before the page is reloaded (a reload would cancel it).
        let audit = folder.appendingPathComponent("audit.log")
        try browser.wait(30, "the refresh asked for") { try String(contentsOf: audit, encoding: .utf8).contains("refresh operations") }
        try browser.wait(120, "the refreshed forecast") {
            try browser.open(site + "/")
            return Int(try browser.text("#census")) == before + 12
        }

        // A what-if: the M/M/c clinic with one clinician more, run in the background, its chart shown.
        try browser.open(site + "/whatif/mmc")
        try browser.type("input[name='resources.clinician.capacity']", "11")
        try browser.type("input[name=replications]", "8")
        try browser.click("#whatif button")
        try browser.wait(180, "the what-if study") { try browser.url.contains("/studies/") && browser.elements("#summary") > 0 }
        XCTAssertTrue(try browser.url.contains("/studies/"))
        if let shots { try browser.screenshot().write(to: URL(fileURLWithPath: shots + "/service-whatif.png")) }
        let study = try browser.url
        try browser.open(study + "/report")
        XCTAssertGreaterThan(try browser.elements("svg.chart"), 0, "the report's charts")
        let results = try server.database("results")
        XCTAssertEqual(try server.query(results, "SELECT count(*) FROM runs WHERE settings LIKE 'what-if by pat:%'")[0][0], "2")

        // A form whose CSRF token was taken out is refused, and nothing is queued.
        try browser.open(site + "/whatif/mmc")
        try browser.script("document.querySelector('#whatif input[name=csrf]').remove()")
        try browser.type("input[name='resources.clinician.capacity']", "12")
        try browser.click("#whatif button")
        try browser.wait(20, "the refusal of the form without its token") { try browser.source.contains("missing its security token") }

        // The teaching page, for the README.
        try browser.open(site + "/teaching?rate=30&service=3&servers=2")
        try browser.wait(60, "the teaching page") { try browser.source.contains("M/M/2, utilisation") }
        if let shots { try browser.screenshot().write(to: URL(fileURLWithPath: shots + "/service-teaching.png")) }

        // A viewer sees the what-if form but cannot send it, even by building the form by hand.
        try browser.click("header form button")
        try browser.wait(20, "the login page") { try browser.elements("#login") > 0 }
        try browser.type("input[name=name]", "vic")
        try browser.type("input[name=password]", "vic password 1")
        try browser.click("#login button")
        try browser.wait(60, "the viewer signed in") { try browser.source.contains("vic (viewer)") }
        try browser.open(site + "/whatif/mmc")
        XCTAssertEqual(try browser.elements("#whatif"), 0)
        try browser.script("""
            var f = document.createElement('form'); f.method = 'post'; f.action = '/whatif/mmc';
            for (var [k, v] of [['csrf', document.querySelector('input[name=csrf]').value], ['resources.clinician.capacity', '12']]) {
              var i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i); }
            document.body.appendChild(f); f.submit();
            """)
        try browser.wait(20, "the refusal") { try browser.source.contains("needs the planner role") }
        XCTAssertEqual(try server.query(results, "SELECT count(*) FROM runs")[0][0], "2", "no other study ran")
        let log = try String(contentsOf: audit, encoding: .utf8)
        XCTAssertTrue(log.contains("missing its security token"))
        XCTAssertTrue(log.contains("needs the planner role"))
    }

    /// Fifty sessions read the operations page at once, ten times each, while two studies run:
    /// every page arrives, and the 95th percentile of the page times is reported.
    func testFiftySessionsReadTheOperationsPageWhileStudiesRun() throws {
        let server = try PostgresTestServer()
        defer { server.stop() }
        let folder = try temporaryFolder()
        let service = try startService(server, folder: folder)
        defer { service.stop() }
        let site = "http://127.0.0.1:\(service.port)"
        let planner = LoadClient(site)
        XCTAssertEqual(try planner.login("pat", "pat password 1"), 303)
        // Wait for the first forecast, then start two studies.
        let end = Date().addingTimeInterval(120)
        while Date() < end, !(try planner.get("/").body.contains("id=\"census\"")) { Thread.sleep(forTimeInterval: 0.5) }
        for capacity in ["11", "12"] {
            let csrf = LoadClient.field("csrf", in: try planner.get("/whatif/mmc").body)
            XCTAssertEqual(try planner.post("/whatif/mmc", "csrf=\(csrf)&resources.clinician.capacity=\(capacity)&replications=40"), 303)
        }
        let times = Times()
        let threads = (0..<50).map { i in
            Thread {
                let client = LoadClient(site)
                do {
                    guard try client.login(i % 2 == 0 ? "vic" : "ada", i % 2 == 0 ? "vic password 1" : "ada password 1") == 303 else {
                        times.fail("login \(i)")
                        return
                    }
                    for _ in 0..<10 {
                        let start = Date()
                        let page = try client.get("/")
                        let ms = Date().timeIntervalSince(start) * 1000
                        if page.status == 200 && page.body.contains("id=\"census\"") { times.add(ms) } else { times.fail("status \(page.status)") }
                    }
                } catch {
                    times.fail("\(error)")
                }
                times.done()
            }
        }
        let started = Date()
        threads.forEach { $0.start() }
        times.wait(50)
        let seconds = Date().timeIntervalSince(started)
        let (ok, failures, p50, p95, worst) = times.summary()
        XCTAssertEqual(failures, [], "every page arrived")
        XCTAssertEqual(ok, 500)
        let running = try planner.get("/studies").body
        print("load: 50 sessions x 10 operations pages while 2 studies ran: \(ok) pages in \(String(format: "%.1f", seconds)) s, "
              + "median \(String(format: "%.0f", p50)) ms, 95th percentile \(String(format: "%.0f", p95)) ms, slowest \(String(format: "%.0f", worst)) ms"
              + (running.contains("running") ? " (studies still running at the end)" : ""))
    }
}

/// Page times gathered from many threads.
final class Times: @unchecked Sendable {
    let lock = NSLock()
    var values: [Double] = []
    var failures: [String] = []
    let finished = DispatchSemaphore(value: 0)
    func add(_ ms: Double) { lock.withLock { values.append(ms) } }
    func fail(_ why: String) { lock.withLock { failures.append(why) } }
    func done() { finished.signal() }
    func wait(_ n: Int) { for _ in 0..<n { finished.wait() } }
    func summary() -> (Int, [String], Double, Double, Double) {
        lock.withLock {
            let sorted = values.sorted()
            func q(_ p: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
            return (values.count, Array(failures.prefix(5)), q(0.5), q(0.95), sorted.last ?? .nan)
        }
    }
}

/// A plain HTTP client with its own cookies, for the load test.
final class LoadClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    let site: String
    var cookie = ""
    lazy var session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.httpShouldSetCookies = false
        c.timeoutIntervalForRequest = 120
        return URLSession(configuration: c, delegate: self, delegateQueue: nil)
    }()
    init(_ site: String) { self.site = site }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) { completionHandler(nil) }

    final class Box: @unchecked Sendable { var status = 0; var body = ""; var setCookie = ""; var error: Error? }

    func send(_ method: String, _ path: String, _ body: String?) throws -> Box {
        var r = URLRequest(url: URL(string: site + path)!)
        r.httpMethod = method
        if !cookie.isEmpty { r.setValue(cookie, forHTTPHeaderField: "Cookie") }
        if let body { r.httpBody = Data(body.utf8); r.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type") }
        let box = Box(), done = DispatchSemaphore(value: 0)
        session.dataTask(with: r) { data, response, error in
            box.error = error
            if let http = response as? HTTPURLResponse {
                box.status = http.statusCode
                box.setCookie = http.value(forHTTPHeaderField: "Set-Cookie") ?? ""
            }
            box.body = String(decoding: data ?? Data(), as: UTF8.self)
            done.signal()
        }.resume()
        done.wait()
        if let error = box.error { throw error }
        if let r = box.setCookie.range(of: "hospsim_session=") {
            let value = box.setCookie[r.upperBound...].prefix { $0 != ";" }
            if !value.isEmpty { cookie = "hospsim_session=\(value)" }
        } else if let r = box.setCookie.range(of: "hospsim_login=") {
            cookie = "hospsim_login=" + box.setCookie[r.upperBound...].prefix { $0 != ";" }
        }
        return box
    }

    func get(_ path: String) throws -> Box { try send("GET", path, nil) }
    func post(_ path: String, _ body: String) throws -> Int { try send("POST", path, body).status }

    func login(_ name: String, _ password: String) throws -> Int {
        let page = try get("/login")
        let token = Self.field("login", in: page.body)
        return try post("/login", "login=\(token)&name=\(name)&password=\(password.replacingOccurrences(of: " ", with: "+"))")
    }

    static func field(_ name: String, in html: String) -> String {
        guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return "" }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }
}
