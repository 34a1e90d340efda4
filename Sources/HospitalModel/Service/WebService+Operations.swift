import FlyingFox
import Foundation
import HospitalModel
import HospitalReport

/// The operations page: per ward and staff group the next hours as fan charts with their
/// capacity, the chance of being full within 4, 8, 24 hours and the horizon, the hours at risk,
/// and for a resource at risk the cheapest extra staffing that brings it under the threshold.
extension WebService {
    func operationsPage(_ r: Incoming) async throws -> HTTPResponse {
        guard let board else {
            return respond(Page.layout("Operations", session: r.session, here: "/", body: """
                <p>No hospital database is configured: add an <code>operations:</code> section to the service's configuration
                (its database, SQL mapping and scenario). The <a href="/whatif">what-if</a> and <a href="/teaching">teaching</a> pages work without it.</p>
                """))
        }
        let state = board.snapshot
        let settings = board.settings
        var body = ""
        if let failure = state.failure {
            body += Page.error("The last refresh failed: \(failure)" + (state.latest == nil ? "" : " The forecast below is from the refresh before."))
        }
        if r.session!.role.allows(.planner) {
            body += Page.form("/operations/refresh", csrf: r.session!.csrf, "", submit: state.running ? "Refreshing…" : "Refresh now", id: "refresh")
        }
        guard let s = state.latest else {
            body += "<p id=\"status\">\(state.running ? "The first forecast is being made; this page reloads by itself." : "No forecast yet.")</p>"
            return respond(Page.layout("Operations", session: r.session, here: "/", body: body, refresh: 5))
        }
        let f = s.forecast
        let clock = (0..<f.hours).map { f.clock(afterHours: $0 + 1) }
        let age = Int(Date().timeIntervalSince(s.taken))
        body += """
            <p id="status">Forecast from <strong id="now">\(Page.escape(s.now))</strong> for the next \(f.hours) hours:
            <strong id="census">\(s.censusPatients)</strong> patients in the hospital, \(f.replications) replications,
            made \(age < 120 ? "\(age) s" : "\(age / 60) min") ago in \(String(format: "%.1f", s.seconds)) s
            (refresh \(state.refreshes), every \(TeachingStation.number(settings.refreshMinutes)) min).
            \(settings.measure == .hourly
                ? "A ward or staff group is at risk when its chance of having no free unit at some hour is above \(TeachingStation.number(settings.risk)); the action brings it under at every hour, with 95% confidence."
                : "A ward or staff group is at risk when its chance of being full at some moment within \(f.hours) hours is above \(TeachingStation.number(settings.risk)); the action brings it under, with 95% confidence.")
            <a href="/operations/report">Full forecast report</a></p>
            """
        let header = ["ward or staff group"] + f.withinHours.map { "full within \($0) h" } + ["worst hour", "hours at risk", "cheapest action"]
        var rows = ""
        for risk in s.risks {
            let worst = f.full[risk.index].max() ?? 0
            let cells = risk.fullWithin.map { "<td>\(String(format: "%.2f", $0.probability))</td>" }.joined()
                + "<td>\(String(format: "%.2f", worst))</td>"
            let hours = Self.ranges(risk.hoursAtRisk, clock: clock)
            let action: String
            if let relief = risk.relief {
                let when = relief.windows.map { "\(f.clock(afterHours: $0.lowerBound))-\(f.clock(afterHours: $0.upperBound))" }.joined(separator: ", ")
                action = "\(relief.extra) extra unit\(relief.extra == 1 ? "" : "s") \(Page.escape(when))"
                    + " (\(relief.hours) h, cost \(TeachingStation.number(relief.cost))): "
                    + (relief.measure == .hourly ? "worst hour " : "full within \(f.hours) h ")
                    + "\(String(format: "%.2f", relief.before)) → \(String(format: "%.2f", relief.after)), at most \(String(format: "%.3f", relief.afterUpper)) with 95% confidence"
            } else {
                action = risk.atRisk ? Page.escape(risk.reliefNote ?? "") : "none needed"
            }
            rows += "<tr class=\"\(risk.atRisk ? "risk" : "ok")\" data-resource=\"\(Page.escape(risk.name))\"><td class=\"l\">\(Page.escape(risk.name))</td>\(cells)"
                + "<td class=\"l\">\(Page.escape(hours))</td><td class=\"l\">\(action)</td></tr>"
        }
        body += "<table id=\"risks\"><tr>" + header.enumerated().map { "<th\($0 == 0 || $0 >= header.count - 2 ? " class=\"l\"" : "")>\(Page.escape($1))</th>" }.joined()
            + "</tr>\(rows)</table>"
        body += "<div class=\"cards\">"
        for risk in s.risks {
            let r = risk.index
            let capacity = f.capacity[r].contains(where: \.isFinite) ? f.capacity[r] : nil
            let plot = Report.FanPlot(title: "\(risk.name): busy units (mean, 5th-95th percentile band); dashed: units staffed",
                                      yLabel: "busy units", mean: f.occupancy[r].mean, lower: f.occupancy[r].p05, upper: f.occupancy[r].p95,
                                      capacity: capacity, clock: clock)
            body += "<div class=\"card\">\(Report.fanChart(plot))</div>"
        }
        body += "</div>"
        if let recent = s.recent {
            body += "<h2>Recent episodes</h2>" + Page.table(recent.columns, recent.rows.prefix(50).map { $0.map { $0 ?? "" } },
                                                            leftColumns: recent.columns.count, id: "recent")
        }
        return respond(Page.layout("Operations", session: r.session, here: "/", body: body, refresh: 60))
    }

    func refreshOperations(_ r: Incoming) async throws -> HTTPResponse {
        let parts = r.path.split(separator: "/")
        guard parts.count == 2, parts[1] == "refresh", let board else { throw Refusal(status: .notFound, message: "no such page", user: r.user) }
        try require(.planner, r)
        board.refreshSoon()
        await audit.record(user: r.user, action: "refresh operations", address: r.address)
        return redirect("/")
    }

    /// Hours as ranges of clock times: "Tue 14:00-Tue 18:00, Wed 02:00".
    static func ranges(_ hours: [Int], clock: [String]) -> String {
        guard !hours.isEmpty else { return "none" }
        var out: [String] = []
        var start = hours[0], previous = hours[0]
        for h in hours.dropFirst() + [Int.max] {
            if h == previous + 1 { previous = h; continue }
            out.append(start == previous ? clock[start] : "\(clock[start])-\(clock[previous])")
            start = h
            previous = h
        }
        return out.joined(separator: ", ")
    }
}
