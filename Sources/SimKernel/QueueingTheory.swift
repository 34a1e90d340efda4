import CGSL

/// Exact results of queueing theory, for validating simulations and for showing theory beside
/// simulated values. Rates are per unit time; `mu` is the service rate of one server.
/// Every function returns nil when the system is unstable or the parameters are invalid.
public enum QueueingTheory {
    /// Erlang B: the blocking probability of M/M/c/c with offered load `a` = lambda / mu.
    public static func erlangB(servers c: Int, load a: Double) -> Double? {
        guard c >= 0, a >= 0 else { return nil }
        var b = 1.0  // B(0, a)
        if c > 0 {
            for k in 1...c { b = a * b / (Double(k) + a * b) }
        }
        return b
    }

    /// Erlang C: the probability that an arrival waits in M/M/c, offered load `a` = lambda / mu.
    public static func erlangC(servers c: Int, load a: Double) -> Double? {
        guard c >= 1, a >= 0, a < Double(c), let b = erlangB(servers: c, load: a) else { return nil }
        let rho = a / Double(c)
        return b / (1 - rho * (1 - b))
    }

    /// The chance that an Erlang time of `n` stages, each exponential with rate `rate`, exceeds
    /// `t`: P(Poisson(rate t) <= n - 1). A patient who finds k >= c others present at c busy
    /// servers waits such a time with n = k - c + 1 and rate c mu.
    public static func erlangSurvival(stages n: Int, rate: Double, beyond t: Double) -> Double {
        guard n >= 1 else { return 0 }
        guard t > 0, rate > 0 else { return 1 }
        return gsl_cdf_poisson_P(UInt32(min(n - 1, Int(UInt32.max))), rate * t)
    }

    /// Mean measures of a stationary queue.
    public struct Measures: Sendable, Equatable {
        /// Mean wait in queue.
        public var wq: Double
        /// Mean time in system.
        public var w: Double
        /// Mean number waiting.
        public var lq: Double
        /// Mean number in system.
        public var l: Double
        /// Probability that an arrival waits (M/M/c), or is blocked (loss and finite systems).
        public var pWait: Double
        /// Fraction of arrivals turned away (finite capacity), else 0.
        public var pBlock: Double = 0
        /// Fraction of arrivals who abandon (Erlang-A), else 0.
        public var pAbandon: Double = 0
        /// Server utilisation.
        public var utilization: Double

        public init(wq: Double, w: Double, lq: Double, l: Double, pWait: Double, pBlock: Double = 0,
                    pAbandon: Double = 0, utilization: Double) {
            self.wq = wq
            self.w = w
            self.lq = lq
            self.l = l
            self.pWait = pWait
            self.pBlock = pBlock
            self.pAbandon = pAbandon
            self.utilization = utilization
        }
    }

    /// M/M/c with arrival rate `lambda` and per-server service rate `mu`.
    public static func mmc(lambda: Double, mu: Double, servers c: Int) -> Measures? {
        guard lambda > 0, mu > 0 else { return nil }
        let a = lambda / mu
        guard let pw = erlangC(servers: c, load: a) else { return nil }
        let wq = pw / (Double(c) * mu - lambda)
        return Measures(wq: wq, w: wq + 1 / mu, lq: lambda * wq, l: lambda * (wq + 1 / mu),
                        pWait: pw, utilization: a / Double(c))
    }

    /// M/M/c/K: at most `capacity` patients in the system (c in service plus K - c waiting).
    public static func mmck(lambda: Double, mu: Double, servers c: Int, capacity k: Int) -> Measures? {
        guard lambda > 0, mu > 0, c >= 1, k >= c else { return nil }
        var p = [1.0]
        for n in 1...k { p.append(p[n - 1] * lambda / (Double(min(n, c)) * mu)) }
        let total = p.reduce(0, +)
        p = p.map { $0 / total }
        let l = p.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
        let lq = p.enumerated().reduce(0) { $0 + Double(max($1.offset - c, 0)) * $1.element }
        let pBlock = p[k]
        let accepted = lambda * (1 - pBlock)
        let pWait = p[c...].reduce(0, +) - pBlock
        return Measures(wq: lq / accepted, w: l / accepted, lq: lq, l: l, pWait: pWait,
                        pBlock: pBlock, utilization: (l - lq) / Double(c))
    }

    /// M/G/1 by Pollaczek-Khinchine, for service with mean `meanService` and squared
    /// coefficient of variation `scv` (0 for deterministic, 1 for exponential).
    public static func mg1(lambda: Double, meanService s: Double, scv: Double) -> Measures? {
        guard lambda > 0, s > 0, scv >= 0 else { return nil }
        let rho = lambda * s
        guard rho < 1 else { return nil }
        let secondMoment = s * s * (1 + scv)
        let wq = lambda * secondMoment / (2 * (1 - rho))
        return Measures(wq: wq, w: wq + s, lq: lambda * wq, l: lambda * (wq + s),
                        pWait: rho, utilization: rho)
    }

    /// Non-preemptive priority M/M/c with a common service rate (Cobham 1954): the mean wait in
    /// queue of each class, most urgent first.
    public static func priorityNonPreemptive(lambdas: [Double], mu: Double, servers c: Int) -> [Double]? {
        let total = lambdas.reduce(0, +)
        guard mu > 0, let pw = erlangC(servers: c, load: total / mu) else { return nil }
        let w0 = pw / (Double(c) * mu)
        var sigma = 0.0
        return lambdas.map { lambda in
            let before = sigma
            sigma += lambda / (Double(c) * mu)
            return w0 / ((1 - before) * (1 - sigma))
        }
    }

    /// Preemptive-resume priority M/M/1 with class-specific service rates: the mean time in
    /// system of each class, most urgent first.
    public static func priorityPreemptiveResume(lambdas: [Double], mus: [Double]) -> [Double]? {
        guard lambdas.count == mus.count, mus.allSatisfy({ $0 > 0 }) else { return nil }
        var sigma = 0.0
        var residual = 0.0
        var result: [Double] = []
        for (lambda, mu) in zip(lambdas, mus) {
            let before = sigma
            sigma += lambda / mu
            guard sigma < 1 else { return nil }
            residual += lambda / (mu * mu)  // lambda E[S^2] / 2 with E[S^2] = 2 / mu^2
            result.append((1 / mu) / (1 - before) + residual / ((1 - before) * (1 - sigma)))
        }
        return result
    }

    /// Erlang-A, M/M/c+M: exponential patience with rate `theta`, solved from the birth-death
    /// chain truncated where its probabilities become negligible.
    public static func erlangA(lambda: Double, mu: Double, servers c: Int, theta: Double) -> Measures? {
        guard lambda > 0, mu > 0, c >= 1, theta > 0 else { return nil }
        var p = [1.0]
        var n = 0
        var total = 1.0
        while true {
            n += 1
            let death = Double(min(n, c)) * mu + Double(max(n - c, 0)) * theta
            let next = p[n - 1] * lambda / death
            p.append(next)
            total += next
            if n > c, next < 1e-16 * total { break }
            if n > 1_000_000 { return nil }
        }
        p = p.map { $0 / total }
        var lq = 0.0, busy = 0.0, pWait = 0.0
        for (k, pk) in p.enumerated() {
            lq += Double(max(k - c, 0)) * pk
            busy += Double(min(k, c)) * pk
            if k >= c { pWait += pk }
        }
        let pAbandon = theta * lq / lambda
        let wq = lq / lambda  // over all arrivals, by Little's law
        let w = wq + (1 - pAbandon) / mu
        return Measures(wq: wq, w: w, lq: lq, l: lq + busy, pWait: pWait, pAbandon: pAbandon,
                        utilization: busy / Double(c))
    }

    /// Erlang-A from a served patient's side: the fraction of arrivals served, and the mean wait
    /// of those served (zero waits included), the quantity a simulation's mean wait of completed
    /// patients estimates.
    ///
    /// An arrival that finds n >= c inside (probability p_n, by PASTA) waits at place
    /// k = n - c + 1. At place i it leaves that place at rate c mu + i theta (a service ends, or
    /// one of the i - 1 ahead abandons, or it does), moving up with probability
    /// (c mu + (i - 1) theta) / (c mu + i theta); so it is served with probability
    /// c mu / (c mu + k theta), after a wait whose mean, given that, is sum_{i=1..k} 1 / (c mu + i theta).
    public static func erlangAServed(lambda: Double, mu: Double, servers c: Int, theta: Double) -> (served: Double, meanWait: Double)? {
        guard lambda > 0, mu > 0, c >= 1, theta > 0 else { return nil }
        var p = 1.0, total = 1.0
        var served = 1.0, waitServed = 0.0  // unnormalised, as the p_n
        var n = 0
        var path = 0.0  // sum_{i=1..k} 1 / (c mu + i theta) for the current k
        let cmu = Double(c) * mu
        while true {
            n += 1
            p *= lambda / (Double(min(n, c)) * mu + Double(max(n - c, 0)) * theta)
            total += p
            if n < c {
                served += p
            } else {
                let k = Double(n - c + 1)
                path += 1 / (cmu + k * theta)
                let chance = cmu / (cmu + k * theta)
                served += p * chance
                waitServed += p * chance * path
            }
            if n > c, p < 1e-16 * total { break }
            if n > 1_000_000 { return nil }
        }
        return (served / total, waitServed / served)
    }

    /// Trunk reservation in a loss system M/M/c/c with two streams of equal service rate: the
    /// other stream is admitted only while more than `reserve` servers are free. Returns the
    /// blocking probabilities of the protected and the other stream.
    public static func trunkReservation(lambdaProtected: Double, lambdaOther: Double, mu: Double,
                                        servers c: Int, reserve k: Int) -> (protected: Double, other: Double)? {
        guard mu > 0, c >= 1, k >= 0, k <= c else { return nil }
        var p = [1.0]
        for n in 1...c {
            let admitted = n - 1 < c - k ? lambdaProtected + lambdaOther : lambdaProtected
            p.append(p[n - 1] * admitted / (Double(n) * mu))
        }
        let total = p.reduce(0, +)
        p = p.map { $0 / total }
        return (p[c], p[(c - k)...].reduce(0, +))
    }
}
