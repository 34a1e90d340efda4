import Foundation
import XCTest

/// `simrun report`: one self-contained HTML page, rendered by a real browser (headless
/// Chromium from Debian's packages, installed when absent and running as root).
final class ReportCommandTests: XCTestCase {
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

    /// The charts of a page: each `<svg class="chart KIND">` with its text.
    static func charts(_ html: String) -> [(kind: String, svg: String)] {
        html.components(separatedBy: "<svg class=\"chart ").dropFirst().map { part in
            (String(part.prefix { $0 != "\"" }), part.components(separatedBy: "</svg>")[0])
        }
    }

    static func captions(_ html: String) -> [String] {
        html.components(separatedBy: "<figcaption>").dropFirst().map { String($0.components(separatedBy: "</figcaption>")[0]) }
    }

    /// The five kinds of report (a run's JSON, the same run from the database, a comparison, a
    /// sweep and a fit) and the teaching page of a single station render in a real browser with no console
    /// errors; every chart's axes are labelled (bars on their value axis, the others on both);
    /// the database report has every chart the JSON report has.
    func testReportsRenderInABrowserWithLabelledAxesAndNoErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-report-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let runs: [[String]] = [
            ["run", "scenarios/emergency-department.yaml", "--replications", "4", "--horizon", "3 day", "--format", "json",
             "--out", path("ed.json"), "--db", path("ed.sqlite")],
            ["compare", "scenarios/ed-fast-track.yaml", "--replications", "4", "--horizon", "3 day", "--policy", "priority",
             "--policy", "fifo", "--format", "json", "--out", path("compare.json")],
            ["sweep", "scenarios/mmc.yaml", "--set", "resources.clinician.capacity=10..12", "--replications", "3", "--horizon", "5 day",
             "--format", "json", "--out", path("sweep.json")],
            ["run", "scenarios/mmc.yaml", "--replications", "4", "--horizon", "20 day", "--format", "json", "--out", path("mmc.json")],
            ["fit", "scenarios/data/ward-stays.csv", "--arrival", "admitted_at", "--duration", "assessment_minutes",
             "--duration", "stay_hours:hour", "--extract-end", "2026-03-02T00:00", "--backtest", "--format", "json", "--out", path("fit.json")],
        ]
        for args in runs { XCTAssertEqual(try SimrunProcess.simrun(args).status, 0, "\(args)") }
        var pages: [String: String] = [:]
        for input in ["ed.json", "ed.sqlite", "compare.json", "sweep.json", "mmc.json", "fit.json"] {
            let r = try SimrunProcess.simrun(["report", path(input), "-o", path(input + ".html")])
            XCTAssertEqual(r.status, 0, r.stderr)
            let text = try String(contentsOfFile: path(input + ".html"), encoding: .utf8)
            XCTAssertFalse(text.contains("<script"), "no scripts")
            XCTAssertFalse(text.range(of: #"(src|href)\s*=\s*"https?:"#, options: .regularExpression) != nil, "nothing fetched from elsewhere")
            pages[input] = text
        }
        XCTAssertEqual(Self.captions(pages["ed.sqlite"]!), Self.captions(pages["ed.json"]!), "the database report has the JSON report's charts")
        let kinds = Dictionary(grouping: Self.charts(pages["ed.json"]!), by: \.kind).mapValues(\.count)
        XCTAssertEqual(kinds["bars"], 5, "time to treatment and queueing time, by class and in percentiles, and utilisation")
        XCTAssertEqual(kinds["profile"], 6, "hour-of-day profiles of three resources")
        XCTAssertEqual(kinds["cdf"], 1, "the distribution of times to treatment by class")
        XCTAssertTrue(pages["ed.json"]!.contains("(target 15 minutes, dashed)"), "targets are marked")
        XCTAssertTrue(pages["ed.json"]!.contains("horizon 4320 minutes"), "the header gives the time unit")
        XCTAssertEqual(Self.charts(pages["compare.json"]!).filter { $0.kind == "front" }.count, 1, "cost against quality")
        XCTAssertGreaterThanOrEqual(Self.charts(pages["sweep.json"]!).filter { $0.kind == "lines" }.count, 2)
        let teaching = pages["mmc.json"]!
        XCTAssertTrue(teaching.contains("<h2>Simulation beside theory</h2>"))
        XCTAssertEqual(Self.charts(teaching).filter { $0.kind == "histogram" }.count, 1)
        XCTAssertTrue(teaching.contains("class=\"theory\""), "the exact distribution is drawn")
        // A fit: a survival chart per duration column, the censored one with its Kaplan-Meier
        // steps, and a table of every fit.
        let fit = pages["fit.json"]!
        let survival = Self.charts(fit).filter { $0.kind == "survival" }
        XCTAssertEqual(survival.count, 2)
        XCTAssertTrue(survival[1].svg.contains("class=\"line km\""), "the Kaplan-Meier curve is drawn beside the censored fits")
        XCTAssertTrue(survival[0].svg.contains("assessment_minutes (minutes)") && survival[1].svg.contains("stay_hours (hours)"))
        XCTAssertTrue(fit.contains("<td>censored</td>") && fit.contains("<td>interval</td>"), "each fit's method is in the table")
        let backtest = Self.charts(fit).filter { $0.kind == "lines" }
        XCTAssertEqual(backtest.count, 2, "the backtest's MASE and coverage by horizon")
        XCTAssertTrue(backtest[0].svg.contains("MASE") && backtest[0].svg.contains("seasonal_naive"))
        for (name, html) in pages {
            for chart in Self.charts(html) {
                let labels = chart.svg.components(separatedBy: "class=\"axis-label\"").count - 1
                XCTAssertGreaterThanOrEqual(labels, chart.kind == "bars" ? 1 : 2, "\(name): a \(chart.kind) chart's axes are labelled")
            }
        }

        let chromium = try Self.chromium()
        for name in pages.keys.sorted() {
            let (dom, log) = try browse(chromium, ["--dump-dom", "file://" + path(name + ".html")])
            XCTAssertTrue(dom.contains("</html>"), "the page loaded: \(name)")
            XCTAssertEqual(Self.charts(dom).count, Self.charts(pages[name]!).count, "\(name): every chart is in the rendered page")
            let consoleErrors = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") || $0.contains("Failed to load") }
            XCTAssertEqual(consoleErrors, [], name)
        }
        let (_, shot) = try browse(chromium, ["--screenshot=" + path("shot.png"), "--window-size=900,1600", "file://" + path("ed.json.html")])
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
        for args in runs { XCTAssertEqual(try SimrunProcess.simrun(args).status, 0, "\(args)") }
        for (name, kind, minimum) in [("sweep", "chart lines", 2), ("optimize", "chart lines", 2), ("warmup", "chart series", 2),
                                      ("front", "chart front", 1)] {
            let r = try SimrunProcess.simrun(["report", path(name + ".json"), "-o", path(name + ".html")])
            XCTAssertEqual(r.status, 0, r.stderr)
            let html = try String(contentsOfFile: path(name + ".html"), encoding: .utf8)
            XCTAssertGreaterThanOrEqual(html.components(separatedBy: "class=\"\(kind)\"").count - 1, minimum, name)
            XCTAssertTrue(html.contains("wait.mean (hours)") || html.contains("(minutes)"), "\(name): a time axis names its unit")
            XCTAssertFalse(html.contains("<script"))
        }
        let optimize = try String(contentsOfFile: path("optimize.html"), encoding: .utf8)
        XCTAssertTrue(optimize.contains("Recommended: resources.clinician.capacity="), "the answer is on the page")
        XCTAssertTrue(optimize.contains("constraint limit 0.3"), "the constraint's limit is drawn")

        // A chance constraint is drawn as the share of replications beyond its threshold, with
        // the allowed share as its limit, not as a limit on the metric's mean.
        XCTAssertEqual(try SimrunProcess.simrun(["optimize", "scenarios/mmc.yaml", "--vary", "resources.clinician.capacity=10..12",
                                                 "--minimize", "cost.total", "--constraint", "P(wait.mean > 0.5) <= 0.2", "--horizon", "5 day",
                                                 "--format", "json", "--out", path("chance.json")]).status, 0)
        XCTAssertEqual(try SimrunProcess.simrun(["report", path("chance.json"), "-o", path("chance.html")]).status, 0)
        let chance = try String(contentsOfFile: path("chance.html"), encoding: .utf8)
        let shares = Self.charts(chance).filter { $0.svg.contains("P(wait.mean &gt; 0.5) against resources.clinician.capacity (share of replications)") }
        XCTAssertEqual(shares.count, 1, chance)
        XCTAssertTrue(shares[0].svg.contains("constraint limit 0.2"), shares[0].svg)
        XCTAssertTrue(shares[0].svg.contains("share of replications"))
    }

    /// A run with clinics has a Clinics section: waits and idle time charted with their units,
    /// and a table with a row per clinic holding the run's values.
    func testClinicsHaveTheirOwnSection() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-report-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("c.json").path, html = dir.appendingPathComponent("c.html").path
        XCTAssertEqual(try SimrunProcess.simrun(["run", "scenarios/outpatient-clinic.yaml", "--replications", "3", "--format", "json", "--out", json]).status, 0)
        XCTAssertEqual(try SimrunProcess.simrun(["report", json, "-o", html]).status, 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let section = try XCTUnwrap(page.components(separatedBy: "<h2>Clinics</h2>").dropFirst().first?.components(separatedBy: "<h2>").first)
        let charts = Self.charts(section)
        XCTAssertEqual(charts.count, 2)
        XCTAssertTrue(charts[0].svg.contains("minutes") && charts[1].svg.contains("fraction of session time idle"))
        for clinic in ["cardiology", "orthopaedics"] { XCTAssertTrue(section.contains("<tr><td>\(clinic)</td>"), clinic) }
    }

    func testTextFromFilesIsEscaped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-report-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: SimrunProcess.packageRoot.appendingPathComponent("scenarios/mm1.yaml"), encoding: .utf8)
        let evil = dir.appendingPathComponent("evil.yaml")
        try text.replacingOccurrences(of: "name: M/M/1 teaching queue", with: "name: \"<script>alert('x')</script> & co\"")
            .write(to: evil, atomically: true, encoding: .utf8)
        let json = dir.appendingPathComponent("e.json").path, html = dir.appendingPathComponent("e.html").path
        XCTAssertEqual(try SimrunProcess.simrun(["run", evil.path, "--replications", "2", "--horizon", "1 day", "--format", "json", "--out", json]).status, 0)
        XCTAssertEqual(try SimrunProcess.simrun(["report", json, "-o", html]).status, 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertFalse(page.contains("<script>"))
        XCTAssertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
        XCTAssertEqual(try SimrunProcess.simrun(["report", evil.path, "-o", html]).status, 2, "YAML is not a results document")
    }

    /// Measures every text of every chart in Chromium (a script added to a copy of the page
    /// writes what it finds into the DOM): none may reach outside its chart, and no two may
    /// overlap. Returns the offenders, "caption: text".
    func overflows(_ chromium: String, page: String, in dir: URL) throws -> [String] {
        let probe = """
            <script>
            const found = [];
            document.querySelectorAll('figure').forEach(fig => {
              const svg = fig.querySelector('svg.chart'); if (!svg) return;
              const caption = (fig.querySelector('figcaption') || {}).textContent || '';
              const w = svg.viewBox.baseVal.width, h = svg.viewBox.baseVal.height;
              const boxes = [];
              svg.querySelectorAll('text').forEach(t => {
                const b = t.getBBox(), m = t.getCTM();
                const pts = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]].map(([x, y]) => {
                  const p = svg.createSVGPoint(); p.x = x; p.y = y; return p.matrixTransform(m); });
                const xs = pts.map(p => p.x), ys = pts.map(p => p.y);
                const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys), t.firstChild ? t.firstChild.textContent : ''];
                if (box[0] < -0.5 || box[1] < -0.5 || box[2] > w + 0.5 || box[3] > h + 0.5) found.push(caption + ': outside: ' + box[4]);
                boxes.push(box);
              });
              for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i], b = boxes[j];
                if (a[0] < b[2] - 1 && b[0] < a[2] - 1 && a[1] < b[3] - 1 && b[1] < a[3] - 1) found.push(caption + ': overlap: ' + a[4] + ' / ' + b[4]);
              }
            });
            const pre = document.createElement('pre'); pre.id = 'overflow'; pre.textContent = JSON.stringify(found); document.body.appendChild(pre);
            </script>
            """
        let html = try String(contentsOfFile: page, encoding: .utf8).replacingOccurrences(of: "</body>", with: probe + "</body>")
        let probed = dir.appendingPathComponent(UUID().uuidString + ".html")
        try html.write(to: probed, atomically: true, encoding: .utf8)
        let (dom, _) = try browse(chromium, ["--dump-dom", "--virtual-time-budget=3000", "file://" + probed.path])
        let json = try XCTUnwrap(dom.components(separatedBy: "<pre id=\"overflow\">").dropFirst().first?.components(separatedBy: "</pre>").first,
                                 "the probe ran")
        let text = json.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
    }

    /// Reports show what the document holds: a sweep charts each metric it names (clinic
    /// measures and a flat metric included, on a sensible axis); an optimisation of 3 x 3 x 3
    /// points draws every combination (nine lines: eight in one chart, one in the next) and
    /// lists every point; and in Chromium no label of any
    /// chart is cut or runs into another.
    func testReportsShowEveryMetricAndPointAndNoTextOverflows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-report-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let metrics = ["clinic.cardiology.idle.fraction", "clinic.cardiology.overtime.mean", "clinic.cardiology.wait.mean", "clinic.orthopaedics.sessions"]
        let runs: [[String]] = [
            ["sweep", "scenarios/outpatient-clinic.yaml", "--set", "clinics.cardiology.booking=individual,bailey-welch", "--replications", "3",
             "--format", "json", "--out", path("sweep.json")] + metrics.flatMap { ["--metric", $0] },
            ["optimize", "scenarios/emergency-department.yaml", "--vary", "resources.doctor.shifts.0.capacity=3..5",
             "--vary", "resources.doctor.shifts.1.capacity=2..4", "--vary", "resources.ward_bed.capacity=70,75,80",
             "--minimize", "cost.total", "--constraint", "class.emergent.target_met.fraction >= 0.8", "--horizon", "3 day",
             "--budget", "200", "--first-stage", "4", "--format", "json", "--out", path("optimize.json")],
            ["run", "scenarios/emergency-department.yaml", "--replications", "3", "--horizon", "3 day", "--format", "json", "--out", path("ed.json")],
        ]
        for args in runs {
            let r = try SimrunProcess.simrun(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
        }
        for name in ["sweep", "optimize", "ed"] {
            XCTAssertEqual(try SimrunProcess.simrun(["report", path(name + ".json"), "-o", path(name + ".html")]).status, 0)
        }
        let sweep = try String(contentsOfFile: path("sweep.html"), encoding: .utf8)
        for m in metrics { XCTAssertTrue(Self.captions(sweep).contains { $0.hasPrefix(m + " against") }, "a chart of \(m)") }
        // Sessions do not depend on the booking rule: a flat series, drawn around its value.
        let flat = try XCTUnwrap(Self.charts(sweep).first { $0.svg.contains("aria-label=\"clinic.orthopaedics.sessions against") })
        XCTAssertFalse(flat.svg.contains(".0</text>") && flat.svg.contains(".2</text>"), "no axis of tenths for a flat count")
        let optimize = try String(contentsOfFile: path("optimize.html"), encoding: .utf8)
        let cost = Self.captions(optimize).filter { $0.hasPrefix("cost.total against") }
        XCTAssertEqual(cost, ["cost.total against resources.doctor.shifts.0.capacity (mean, 95% band, lines 1-8 of 9)",
                              "cost.total against resources.doctor.shifts.0.capacity (mean, 95% band, lines 9-9 of 9)"])
        let lines = Self.charts(optimize).filter { $0.svg.contains("aria-label=\"cost.total against") }
            .map { $0.svg.components(separatedBy: "class=\"series\"").count - 1 }
        XCTAssertEqual(lines, [8, 1], "every combination of the other two settings is a line")
        let table = try XCTUnwrap(optimize.components(separatedBy: "<h2>Every point</h2>").dropFirst().first)
        XCTAssertEqual(table.components(separatedBy: "<tr>").count - 2, 27, "a row for each of the 27 points")
        let chromium = try Self.chromium()
        for name in ["sweep", "optimize", "ed"] {
            XCTAssertEqual(try overflows(chromium, page: path(name + ".html"), in: dir), [], name)
        }
    }
}
