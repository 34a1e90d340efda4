import FlyingFox
import Foundation

/// The studies pages: the queue, one study with its live progress, its report, cancelling.
extension WebService {
    func studies(_ r: Incoming, _ rest: [String]) async throws -> HTTPResponse {
        guard let first = rest.first else {
            let counts = await queue.counts
            let rows = await queue.all().map { j in
                ["<a href=\"/studies/\(j.id)\">\(j.id)</a>", Page.escape(j.title), Page.escape(j.owner), j.state.rawValue,
                 j.total > 0 ? "\(j.done) of \(j.total)" : ""]
            }
            let table = "<table id=\"studies\"><tr><th>study</th><th class=\"l\">what</th><th class=\"l\">by</th><th class=\"l\">state</th><th>replications</th></tr>"
                + rows.map { "<tr><td>\($0[0])</td><td class=\"l\">\($0[1])</td><td class=\"l\">\($0[2])</td><td class=\"l\">\($0[3])</td><td>\($0[4])</td></tr>" }.joined()
                + "</table>"
            return respond(Page.layout("Studies", session: r.session, here: "/studies", body: """
                <p>\(counts.running) running, \(counts.queued) waiting (at most \(configuration.runningStudies) run at once, \(configuration.studiesPerUser) per person).</p>
                \(table)
                """))
        }
        guard let id = Int(first), let job = await queue.job(id) else {
            return respond(Page.layout("Not found", session: r.session, body: "<p>There is no such study.</p>"), status: .notFound)
        }
        switch (r.method, rest.count > 1 ? rest[1] : "") {
        case ("GET", "progress"):
            return respond("{\"state\":\"\(job.state.rawValue)\",\"done\":\(job.done),\"total\":\(job.total)}\n", type: "application/json")
        case ("GET", "report"):
            guard let output = job.output else { return respond(Page.layout("Not ready", session: r.session, body: "<p>The study has not finished.</p>"), status: .notFound) }
            return respond(output.report)
        case ("POST", "cancel"):
            guard job.owner == r.user || r.session?.role == .admin else {
                throw Refusal(status: .forbidden, message: "Only the person who started a study, or an admin, can cancel it.", user: r.user)
            }
            await queue.cancel(id)
            await audit.record(user: r.user, action: "cancel study \(id)", detail: job.title, address: r.address)
            return redirect("/studies/\(id)")
        case ("GET", ""):
            let active = job.state == .queued || job.state == .running
            var body = "<p>\(Page.escape(job.title)), started by \(Page.escape(job.owner)).</p>"
            if active {
                body += "<p><progress id=\"progress\" data-url=\"/studies/\(id)/progress\" max=\"\(max(job.total, 1))\" value=\"\(job.done)\"></progress> "
                    + "<span id=\"progress-text\">\(job.state.rawValue): \(job.done) of \(job.total) replications</span></p>"
                    + "<noscript><p class=\"note\">This page reloads every few seconds until the study ends.</p></noscript>"
                if job.owner == r.user || r.session?.role == .admin {
                    body += Page.form("/studies/\(id)/cancel", csrf: r.session!.csrf, "", submit: "Cancel")
                }
            } else if let output = job.output {
                body += "<p id=\"state\">done</p>" + output.summary
                    + "<iframe src=\"/studies/\(id)/report\" title=\"report\" style=\"width:100%;height:1600px;border:1px solid #ddd\"></iframe>"
            } else {
                body += "<p id=\"state\">\(job.state.rawValue)</p>" + Page.error(job.message)
            }
            return respond(Page.layout("Study \(id)", session: r.session, here: "/studies", body: body, refresh: active ? 5 : nil, script: active))
        default:
            throw Refusal(status: .notFound, message: "no such page", user: r.user)
        }
    }
}
