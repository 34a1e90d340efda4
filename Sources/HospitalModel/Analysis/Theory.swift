import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// Exact queueing theory for scenarios that are a single station with Poisson arrivals:
/// M/M/1, M/M/c, M/M/c/K (finite waiting room), M/G/c/c (loss, any service), M/G/1, and
/// M/M/c+M (Erlang-A: exponential patience).
public enum Theory {
    /// The exact values for `scenario`, or why theory does not apply.
    public static func analyse(_ scenario: Scenario) -> Result<TheoryResult, TheoryNotApplicable> {
        func no(_ why: String) -> Result<TheoryResult, TheoryNotApplicable> { .failure(TheoryNotApplicable(reason: why)) }
        guard scenario.arrivals.count == 1, case .poisson(let lambda) = scenario.arrivals[0].process else {
            return no("theory needs a single arrival stream with a constant rate (Poisson)")
        }
        guard scenario.clinics.isEmpty else { return no("booked clinic patients do not arrive as a Poisson stream") }
        guard scenario.classes.count == 1 else { return no("theory here covers a single class of patients") }
        let patientClass = scenario.classes[0]
        let patience = patientClass.patience
        if let patience, !patience.isExponential {
            return no("patience that is not exponential (M/M/c+G) has no closed form here; exponential patience is Erlang-A")
        }
        // Markers (notes) change nothing the formulas depend on.
        let pathway = (patientClass.pathway ?? scenario.pathway).filter { !$0.isMarker }
        guard pathway.count == 1, case .use(let r, let service, _, _, _, _) = pathway[0] else {
            return no("theory needs a pathway of one use step")
        }
        let resource = scenario.resources[r]
        guard resource.groups == nil else { return no("skill groups split the pool; theory here covers one pool of identical units") }
        guard resource.shifts == nil else { return no("a roster changes capacity over the day; theory needs a fixed capacity") }
        guard let c = resource.capacity, c >= 1 else { return no("theory needs a finite capacity of at least 1") }
        guard resource.dischargeHours == nil else { return no("discharge hours tie releases to the clock; theory needs releases at any time") }
        guard resource.turnaroundBy == nil else { return no("a turnaround that waits for another resource (a cleaner) is outside these formulas") }
        // A turnaround lengthens each unit's holding; only a loss system is indifferent to how.
        let turnaround = resource.turnaround?.mean ?? 0
        if turnaround > 0, resource.queueCapacity != 0 {
            return no("a turnaround with a queue is outside these formulas; with queue_capacity 0 (a loss system) Erlang B applies")
        }
        let policy = resource.discipline?.name ?? scenario.policy?.name ?? "fifo"
        guard ["fifo", "priority", "preemptive"].contains(policy) else {
            return no("the policy '\(policy)' changes who is served; theory covers first come, first served")
        }
        let mu = 1 / service.mean
        let exponential = service.isExponential
        let name = resource.name
        let horizon = scenario.run.horizon
        var quantiles: [(String, Double)] = []
        var waits: WaitDistribution?
        let kendall: String
        let m: QueueingTheory.Measures
        // Erlang-A: the waits that completed patients' metrics average, and their share.
        var served: (served: Double, meanWait: Double)?
        if let patience {
            guard resource.queueCapacity == nil else { return no("patience with a finite waiting room is outside these formulas") }
            guard exponential else { return no("patience with non-exponential service (M/G/c+M) has no closed form here") }
            let theta = 1 / patience.mean
            guard let a = QueueingTheory.erlangA(lambda: lambda, mu: mu, servers: c, theta: theta),
                  let s = QueueingTheory.erlangAServed(lambda: lambda, mu: mu, servers: c, theta: theta) else { return no("invalid parameters") }
            kendall = "M/M/\(c)+M (Erlang-A)"
            m = a
            served = s
        } else if let k = resource.queueCapacity, k == 0 {
            // Erlang B holds for any service distribution (insensitivity): blocking depends only on
            // the mean time a unit is out of use, its service plus its turnaround.
            guard let b = QueueingTheory.erlangB(servers: c, load: lambda * (service.mean + turnaround)) else { return no("invalid load") }
            kendall = "M/\(exponential ? "M" : "G")/\(c)/\(c)"
            m = QueueingTheory.Measures(wq: 0, w: 1 / mu, lq: 0, l: lambda * (1 - b) / mu, pWait: b, pBlock: b,
                                        utilization: lambda * (1 - b) / mu / Double(c))
            waits = WaitDistribution(noWait: 1, parts: [])
        } else if let k = resource.queueCapacity {
            guard exponential else { return no("a finite waiting room with non-exponential service has no closed form here") }
            guard let finite = QueueingTheory.mmck(lambda: lambda, mu: mu, servers: c, capacity: c + k) else { return no("invalid parameters") }
            kendall = "M/M/\(c)/\(c + k)"
            m = finite
            // By PASTA an arrival finds n inside with probability p_n; if accepted (n < K) and
            // n >= c, it waits for n - c + 1 departures at rate c mu.
            var p = [1.0]
            for n in 1...(c + k) { p.append(p[n - 1] * lambda / (Double(min(n, c)) * mu)) }
            let accepted = p.dropLast().reduce(0, +)
            waits = WaitDistribution(noWait: p.prefix(c).reduce(0, +) / accepted,
                                     parts: (c..<(c + k)).map { (p[$0] / accepted, $0 - c + 1, Double(c) * mu) })
        } else if exponential {
            guard let mmc = QueueingTheory.mmc(lambda: lambda, mu: mu, servers: c) else {
                return no("the offered load \(lambda / mu) is not below the \(c) servers: no steady state")
            }
            kendall = "M/M/\(c)"
            m = mmc
            waits = WaitDistribution(noWait: 1 - mmc.pWait, parts: [(mmc.pWait, 1, Double(c) * mu - lambda)])
            // Waiting-time quantiles: P(Wq > t) = C exp(-(c mu - lambda) t).
            for (metric, q) in [("wait.p50", 0.5), ("wait.p90", 0.9), ("wait.p95", 0.95)] {
                let t = q <= 1 - mmc.pWait ? 0 : log(mmc.pWait / (1 - q)) / (Double(c) * mu - lambda)
                quantiles.append((metric, t))
            }
        } else if c == 1 {
            guard let mg1 = QueueingTheory.mg1(lambda: lambda, meanService: service.mean, scv: service.scv) else {
                return no("the load \(lambda / mu) is not below 1: no steady state")
            }
            kendall = service.variance == 0 ? "M/D/1" : "M/G/1"
            m = mg1
        } else {
            return no("M/G/c with c > 1 has no exact formula; use exponential service or one server")
        }
        let unitName = scenario.timeUnit.rawValue
        func f(_ x: Double) -> String { fmt(x) }
        let a = lambda / mu
        var formulas = ["offered load   a = lambda / mu = \(f(lambda)) x \(f(service.mean)) = \(f(a)) busy servers on average"]
        if served == nil { formulas.append("utilisation    rho = lambda (1 - P(block)) / (c mu) = \(f(m.utilization))") }
        if let served, let patience {
            formulas += ["Erlang-A       birth-death chain: p_n proportional to a^n / n! (n <= c), then each step times lambda / (c mu + (n - c) theta),",
                         "               theta = 1 / mean patience = 1 / \(f(patience.mean)) = \(f(1 / patience.mean)) per \(unitName)",
                         "               Lq = sum_{n>c} (n - c) p_n = \(f(m.lq)); P(renege) = theta Lq / lambda = \(f(m.pAbandon))",
                         "               found at place k = n - c + 1 in the queue: served with probability c mu / (c mu + k theta),",
                         "               after a mean wait sum_{i=1..k} 1 / (c mu + i theta); over completed patients Wq = \(f(served.meanWait)) \(unitName)s",
                         "utilisation    rho = lambda (1 - P(renege)) / (c mu) = \(f(m.utilization))"]
        } else if let k = resource.queueCapacity, k == 0 {
            formulas += ["Erlang B       P(block) = (a^c / c!) / sum_{k=0..c} a^k / k!  with c = \(c): \(f(m.pBlock))",
                         "               no waiting room, so Wq = 0; any service distribution gives the same (insensitivity)"]
            if turnaround > 0 {
                formulas += ["               a unit is out of use for service and turnaround: a = lambda (E[S] + E[T]) = \(f(lambda)) x (\(f(service.mean)) + \(f(turnaround))) = \(f(lambda * (service.mean + turnaround)))"]
            }
        } else if let k = resource.queueCapacity {
            formulas += ["M/M/c/K        birth-death chain on 0..K = \(c + k): p_n proportional to a^n / n! (n <= c), a^n / (c! c^(n-c)) (n > c)",
                         "               P(block) = p_K = \(f(m.pBlock)), P(wait) = sum_{n=c..K-1} p_n = \(f(m.pWait))",
                         "               Lq = sum_{n>c} (n - c) p_n = \(f(m.lq))"]
        } else if exponential {
            formulas += ["Erlang C       P(wait) = C(c, a) = [a^c / c! * c / (c - a)] / [sum_{k<c} a^k / k! + a^c / c! * c / (c - a)] = \(f(m.pWait))",
                         "               Wq = C(c, a) / (c mu - lambda) = \(f(m.pWait)) / \(f(Double(c) * mu - lambda)) = \(f(m.wq)) \(unitName)s",
                         "               P(Wq > t) = C(c, a) exp(-(c mu - lambda) t), so the q-quantile is ln(C / (1 - q)) / (c mu - lambda)"]
        } else {
            formulas += ["Pollaczek-Khinchine  Wq = lambda E[S^2] / (2 (1 - rho)) = rho (1 + scv) E[S] / (2 (1 - rho)) = \(f(m.wq)) \(unitName)s",
                         "               with rho = \(f(a)), scv = \(f(service.scv)), E[S] = \(f(service.mean))"]
        }
        if let served {
            formulas += ["Little's law   Lq = lambda Wq over every arrival, reneged too: Wq = \(f(m.lq)) / \(f(lambda)) = \(f(m.wq)) \(unitName)s",
                         "               W = Wq + E[S] over completed patients = \(f(served.meanWait)) + \(f(service.mean)) = \(f(served.meanWait + service.mean)) \(unitName)s in system"]
        } else {
            formulas += ["Little's law   Lq = lambda (1 - P(block)) Wq, so Wq = \(f(m.lq)) / \(f(lambda * (1 - m.pBlock))) = \(f(m.wq)); L = Lq + busy = \(f(m.l)) in system",
                         "               W = Wq + E[S] = \(f(m.wq)) + \(f(service.mean)) = \(f(m.w)) \(unitName)s in system"]
        }
        // Waits and times in system are over completed patients: with reneging, the served ones.
        let wait = served?.meanWait ?? m.wq
        let values: [(String, Double)] = [("patients.arrived", lambda * horizon), ("blocked.fraction", m.pBlock)]
            + (served != nil ? [("reneged.fraction", m.pAbandon)] : []) + [("wait.mean", wait)]
            + quantiles + [("time_in_system.mean", wait + service.mean),
                   ("resource.\(name).utilization", m.utilization), ("resource.\(name).busy.mean", m.l - m.lq),
                   ("resource.\(name).queue.mean", m.lq), ("resource.\(name).wait.mean", wait),
                   ("resource.\(name).blocked.fraction", m.pBlock)]
            + (turnaround > 0 ? [("resource.\(name).turnaround.mean", lambda * (1 - m.pBlock) * turnaround)] : [])
        let unit = scenario.timeUnit.rawValue
        let parameters = "arrival rate \(fmt(lambda)) per \(unit), mean service \(fmt(service.mean)) \(unit)\(service.mean == 1 ? "" : "s")"
            + " (scv \(fmt(service.scv))), \(c) server\(c == 1 ? "" : "s"), offered load \(fmt(lambda / mu))"
        var result = TheoryResult(model: kendall, parameters: parameters, values: values)
        result.formulas = formulas
        result.waitDistribution = waits
        return .success(result)
    }

    static func fmt(_ x: Double) -> String { NumberText.significant(x, 4, wholeAsInteger: true) }
}

public struct TheoryNotApplicable: Error, Sendable {
    public var reason: String
}
