import Foundation
import XCTest

/// `simrun report`: one self-contained HTML page, rendered by a real browser (headless
/// Chromium from Debian's packages, installed when absent and running as root).
final class ReportTests: XCTestCase {
    static func chromium() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        guard getuid() == 0 else { throw XCTSkip("headless Chromium is not installed, and installing it needs root") }
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/bin/sh")
        install.arguments = ["-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1)"]
        try install.run()
        install.waitUntilExit()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else { throw XCTSkip("chromium could not be installed") }
        return "/usr/bin/chromium"
    }

    func browse(_ chromium: String, _ arguments: [String]) throws -> (stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func testReportsRenderInABrowserWithTheirChartsAndNoErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-report-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("ed.json").path, compare = dir.appendingPathComponent("cmp.json").path
        let db = dir.appendingPathComponent("r.sqlite").path
        XCTAssertEqual(try EndToEndTests.simrun(["run", "scenarios/emergency-department.yaml", "--replications", "4", "--horizon", "3 day",
                                                 "--format", "json", "--out", run, "--db", db]).status, 0)
        XCTAssertEqual(try EndToEndTests.simrun(["compare", "scenarios/ed-fast-track.yaml", "--replications", "4", "--horizon", "3 day",
                                                 "--policy", "priority", "--policy", "fifo", "--format", "json", "--out", compare]).status, 0)
        var pages: [(String, Int, Int)] = []  // page, bar charts, profile charts expected
        for (input, bars, profiles) in [(run, 3, 6), (compare, 4, 0), (db, 3, 0)] {
            let html = dir.appendingPathComponent(URL(fileURLWithPath: input).lastPathComponent + ".html").path
            let r = try EndToEndTests.simrun(["report", input, "-o", html])
            XCTAssertEqual(r.status, 0, r.stderr)
            let text = try String(contentsOfFile: html, encoding: .utf8)
            XCTAssertFalse(text.contains("<script"), "no scripts")
            XCTAssertFalse(text.range(of: #"(src|href)\s*=\s*"https?:"#, options: .regularExpression) != nil, "nothing fetched from elsewhere")
            pages.append((html, bars, profiles))
        }

        let chromium = try Self.chromium()
        for (page, bars, profiles) in pages {
            let (dom, log) = try browse(chromium, ["--dump-dom", "file://" + page])
            XCTAssertTrue(dom.contains("</html>"), "the page loaded: \(page)")
            XCTAssertEqual(dom.components(separatedBy: "class=\"chart bars\"").count - 1, bars, page)
            XCTAssertEqual(dom.components(separatedBy: "class=\"chart profile\"").count - 1, profiles, page)
            XCTAssertGreaterThan(dom.components(separatedBy: "<rect").count - 1, 0, "bars are drawn")
            let consoleErrors = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") || $0.contains("Failed to load") }
            XCTAssertEqual(consoleErrors, [], page)
        }
        let (_, shot) = try browse(chromium, ["--screenshot=" + dir.appendingPathComponent("shot.png").path, "--window-size=900,1600", "file://" + pages[0].0])
        let png = try Data(contentsOf: dir.appendingPathComponent("shot.png"))
        XCTAssertGreaterThan(png.count, 10_000, shot)
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
    }

    /// A sweep, an optimisation and a warm-up study draw their charts: each axis labelled, with
    /// a unit on the metric's axis.
    func testSweepOptimisationAndWarmupReportsDrawLabelledCharts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-report-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let runs: [[String]] = [
            ["sweep", "scenarios/mmc.yaml", "--set", "resources.clinician.capacity=10..12", "--replications", "3", "--horizon", "5 day",
             "--format", "json", "--out", path("sweep.json")],
            ["optimize", "scenarios/mmc.yaml", "--vary", "resources.clinician.capacity=9..12", "--minimize", "resource.clinician.utilization",
             "--constraint", "wait.mean <= 0.3", "--horizon", "5 day", "--format", "json", "--out", path("optimize.json")],
            ["warmup", "scenarios/mm1.yaml", "--replications", "3", "--format", "json", "--out", path("warmup.json")],
            ["optimize", "scenarios/mmc.yaml", "--vary", "resources.clinician.capacity=10..12", "--minimize", "wait.mean",
             "--minimize", "resource.clinician.utilization", "--horizon", "5 day", "--budget", "200", "--format", "json", "--out", path("front.json")],
        ]
        for args in runs { XCTAssertEqual(try EndToEndTests.simrun(args).status, 0, "\(args)") }
        for (name, kind, minimum) in [("sweep", "chart lines", 2), ("optimize", "chart lines", 2), ("warmup", "chart series", 2),
                                      ("front", "chart front", 1)] {
            let r = try EndToEndTests.simrun(["report", path(name + ".json"), "-o", path(name + ".html")])
            XCTAssertEqual(r.status, 0, r.stderr)
            let html = try String(contentsOfFile: path(name + ".html"), encoding: .utf8)
            XCTAssertGreaterThanOrEqual(html.components(separatedBy: "class=\"\(kind)\"").count - 1, minimum, name)
            XCTAssertTrue(html.contains("wait.mean (hours)") || html.contains("(minutes)"), "\(name): a time axis names its unit")
            XCTAssertFalse(html.contains("<script"))
        }
        let optimize = try String(contentsOfFile: path("optimize.html"), encoding: .utf8)
        XCTAssertTrue(optimize.contains("Recommended: resources.clinician.capacity="), "the answer is on the page")
        XCTAssertTrue(optimize.contains("constraint limit 0.3"), "the constraint's limit is drawn")
    }

    func testTextFromFilesIsEscaped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-report-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: EndToEndTests.packageRoot.appendingPathComponent("scenarios/mm1.yaml"), encoding: .utf8)
        let evil = dir.appendingPathComponent("evil.yaml")
        try text.replacingOccurrences(of: "name: M/M/1 teaching queue", with: "name: \"<script>alert('x')</script> & co\"")
            .write(to: evil, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("e.json").path, html = dir.appendingPathComponent("e.html").path
        XCTAssertEqual(try EndToEndTests.simrun(["run", evil.path, "--replications", "2", "--horizon", "1 day", "--format", "json", "--out", json]).status, 0)
        XCTAssertEqual(try EndToEndTests.simrun(["report", json, "-o", html]).status, 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertFalse(page.contains("<script>"))
        XCTAssertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
        XCTAssertEqual(try EndToEndTests.simrun(["report", evil.path, "-o", html]).status, 2, "YAML is not a results document")
    }
}
