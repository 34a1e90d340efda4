import XCTest
@testable import SimKernel

final class QueueingTheoryTests: XCTestCase {
    func testErlangFormulasAgainstPublishedTables() {
        // Erlang B, c = 10, a = 5: 0.018385; Erlang C, c = 5, a = 4: 0.554113
        XCTAssertEqual(QueueingTheory.erlangB(servers: 10, load: 5)!, 0.018385, accuracy: 1e-6)
        XCTAssertEqual(QueueingTheory.erlangC(servers: 5, load: 4)!, 0.554113, accuracy: 1e-6)
        XCTAssertNil(QueueingTheory.erlangC(servers: 2, load: 2))
        let mm1 = QueueingTheory.mmc(lambda: 0.8, mu: 1, servers: 1)!
        XCTAssertEqual(mm1.wq, 4, accuracy: 1e-12)  // rho / (mu - lambda)
        let md1 = QueueingTheory.mg1(lambda: 0.8, meanService: 1, scv: 0)!
        XCTAssertEqual(md1.wq, 2, accuracy: 1e-12)  // half of M/M/1
    }

    func testErlangAReducesToErlangCForVerySlowAbandonment() {
        let a = QueueingTheory.erlangA(lambda: 4, mu: 1, servers: 5, theta: 1e-7)!
        let c = QueueingTheory.mmc(lambda: 4, mu: 1, servers: 5)!
        XCTAssertEqual(a.wq, c.wq, accuracy: 1e-3)
    }

    /// The served side of Erlang-A against the chain's own totals: the share abandoning is
    /// theta Lq / lambda, and the mean wait over every arrival (from the same places: an arrival
    /// at place k waits k / (c mu + k theta) on average, served or not) is Lq / lambda.
    func testErlangAServedAgreesWithLittlesLawOnTheChain() throws {
        for (lambda, mu, c, theta) in [(4.8, 1.0, 5, 0.5), (9.0, 1.0, 10, 2.0), (1.2, 1.0, 1, 0.25), (30.0, 0.5, 50, 0.1)] {
            let a = try XCTUnwrap(QueueingTheory.erlangA(lambda: lambda, mu: mu, servers: c, theta: theta))
            let s = try XCTUnwrap(QueueingTheory.erlangAServed(lambda: lambda, mu: mu, servers: c, theta: theta))
            XCTAssertEqual(1 - s.served, a.pAbandon, accuracy: 1e-12 + 1e-9 * a.pAbandon)
            var p = [1.0]
            for n in 1..<2000 { p.append(p[n - 1] * lambda / (Double(min(n, c)) * mu + Double(max(n - c, 0)) * theta)) }
            let total = p.reduce(0, +)
            let cmu = Double(c) * mu
            let meanWait = p.indices.dropFirst(c).reduce(0.0) { sum, n in
                let k = Double(n - c + 1)
                return sum + p[n] / total * k / (cmu + k * theta)
            }
            XCTAssertEqual(meanWait, a.wq, accuracy: 1e-12 + 1e-9 * a.wq)
            // Served patients wait less than the average arrival: the long waits end in reneging.
            XCTAssertLessThan(s.meanWait, a.wq / s.served)
        }
        // Very slow abandonment: the served wait is Erlang C's.
        let slow = try XCTUnwrap(QueueingTheory.erlangAServed(lambda: 4, mu: 1, servers: 5, theta: 1e-7))
        XCTAssertEqual(slow.meanWait, QueueingTheory.mmc(lambda: 4, mu: 1, servers: 5)!.wq, accuracy: 1e-3)
    }

    func testPriorityFormulasConserveTheMeanWait() {
        // Kleinrock's conservation law: with equal service rates the load-weighted mean wait
        // under non-preemptive priority equals the FIFO wait.
        let lambdas = [1.0, 1.5, 1.25]
        let waits = QueueingTheory.priorityNonPreemptive(lambdas: lambdas, mu: 1, servers: 5)!
        let fifo = QueueingTheory.mmc(lambda: 3.75, mu: 1, servers: 5)!.wq
        let weighted = zip(lambdas, waits).reduce(0) { $0 + $1.0 * $1.1 } / 3.75
        XCTAssertEqual(weighted, fifo, accuracy: 1e-12)
    }
}
