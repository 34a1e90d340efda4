import FlyingFox
import Foundation
import HospitalModel

/// The teaching page: one station, three numbers in a form (a GET: it changes nothing, so any
/// role may use it and a link can share it), the simulated waits beside the exact M/M/c values.
extension WebService {
    func teachingPage(_ r: Incoming) async throws -> HTTPResponse {
        guard r.method == "GET" else { throw Refusal(status: .methodNotAllowed, message: "the teaching page takes GET", user: r.user) }
        let parts = r.path.split(separator: "/")
        var inputs = TeachingStation.Inputs(rate: 10, service: 5, servers: 1)
        var problems: [String] = []
        func read(_ name: String, _ range: ClosedRange<Double>, what: String) -> Double? {
            guard let text = r.query[name] else { return nil }
            guard let x = Double(text.trimmingBlanks()), x.isFinite, range.contains(x) else {
                problems.append("\(what) must be a number from \(TeachingStation.number(range.lowerBound)) to \(TeachingStation.number(range.upperBound)); got '\(text.prefix(40))'")
                return nil
            }
            return x
        }
        inputs.rate = read("rate", TeachingStation.Inputs.rateRange, what: "The arrival rate") ?? inputs.rate
        inputs.service = read("service", TeachingStation.Inputs.serviceRange, what: "The mean service time") ?? inputs.service
        if let s = read("servers", Double(TeachingStation.Inputs.serversRange.lowerBound)...Double(TeachingStation.Inputs.serversRange.upperBound), what: "The number of servers") {
            if s == s.rounded() { inputs.servers = Int(s) } else { problems.append("The number of servers must be a whole number") }
        }
        if !problems.isEmpty {
            return respond(Page.layout("Teaching: one station", session: r.session, here: "/teaching",
                                       body: problems.map(Page.error).joined() + teachingForm(inputs)), status: .badRequest)
        }
        let station = teaching, asked = inputs
        let outcome = try await Self.offPool { try station.run(asked) }
        if parts.count == 2, parts[1] == "report" { return respond(outcome.report) }
        guard parts.count == 1 else { return respond(Page.layout("Not found", session: r.session, body: ""), status: .notFound) }
        return respond(Page.layout("Teaching: one station", session: r.session, here: "/teaching", body: teachingForm(inputs) + teachingResults(outcome)))
    }

    func teachingForm(_ i: TeachingStation.Inputs) -> String {
        """
        <p class="note">Patients arrive at random (a Poisson process) and wait in one line for the first free server;
        service times are exponential. Move the numbers and watch the wait respond: it grows without bound as the
        utilisation approaches 1.</p>
        <form method="get" action="/teaching" id="teaching">
        <label>Arrival rate (patients per hour) <input type="number" name="rate" step="any" min="0.01" max="600" value="\(TeachingStation.number(i.rate))"></label>
        <label>Mean service time (minutes) <input type="number" name="service" step="any" min="0.1" max="600" value="\(TeachingStation.number(i.service))"></label>
        <label>Servers <input type="number" name="servers" step="1" min="1" max="50" value="\(i.servers)"></label>
        <button type="submit">Simulate</button>
        </form>
        """
    }

    func teachingResults(_ o: TeachingStation.Outcome) -> String {
        let r = o.result
        let rho = o.utilisation
        var rows: [[String]] = []
        let shown: [(String, String, Double)] = [("wait.mean", "mean wait in queue (min)", 1), ("wait.p90", "90th percentile of the wait (min)", 1),
                                                 ("time_in_system.mean", "mean time in the system (min)", 1),
                                                 ("resource.station.queue.mean", "mean number waiting", 1),
                                                 ("resource.station.utilization", "utilisation of the servers", 1)]
        for (metric, label, scale) in shown {
            guard let s = r.metrics.first(where: { $0.name == metric })?.summary else { continue }
            let exact = r.theory?.value(metric)
            let covered = exact.map { abs($0 - s.mean) <= s.halfWidth } ?? false
            rows.append([label, TeachingStation.number(s.mean * scale) + " ± " + TeachingStation.number(s.halfWidth * scale),
                         exact.map { TeachingStation.number($0 * scale) } ?? "—", exact == nil ? "" : covered ? "yes" : "no"])
        }
        let unstable = rho >= 1
        let query = "rate=\(TeachingStation.number(o.inputs.rate))&service=\(TeachingStation.number(o.inputs.service))&servers=\(o.inputs.servers)"
        return """
            <h2>M/M/\(o.inputs.servers), utilisation \(TeachingStation.number(rho))</h2>
            \(unstable ? Page.error("The utilisation is at least 1: more work arrives than the servers can do, the queue grows without bound and there are no exact steady-state values. The simulated numbers below only say how long the line got in this run.") : "")
            \(Page.table(["measure", "simulated (95% interval)", "exact (queueing theory)", "exact within the interval?"], rows, id: "teaching-results"))
            <p class="note">\(r.replications.count) replications of \(TeachingStation.number(r.horizon / 60)) hours each after a warm-up of \(TeachingStation.number(r.warmup / 60)) hours; \(r.theory.map { Page.escape($0.parameters) } ?? "").</p>
            <iframe src="/teaching/report?\(query)" title="charts" style="width:100%;height:1400px;border:1px solid #ddd"></iframe>
            """
    }
}
