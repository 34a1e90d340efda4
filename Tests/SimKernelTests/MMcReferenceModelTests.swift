import XCTest
@testable import SimKernel

/// The kernel alone against Erlang C: M/M/c with c = 5 and rho = 0.85.
final class MMcReferenceModelTests: XCTestCase {
    func testMeanWaitMatchesErlangCAndQueueSatisfiesLittlesLaw() {
        let c = 5, mu = 1.0, lambda = 0.85 * 5
        let model = MMcReferenceModel(lambda: lambda, mu: mu, servers: c,
                                      customers: 110_000, warmupCustomers: 10_000)
        let runs = (0..<20).map { model.run(seed: 2026, replication: $0) }
        let theory = QueueingTheory.mmc(lambda: lambda, mu: mu, servers: c)!

        let wait = Summary(of: runs.map(\.meanWait))
        XCTAssertTrue(wait.covers(theory.wq),
                      "Wq CI \(wait.mean) ± \(wait.halfWidth) misses Erlang C \(theory.wq)")
        XCTAssertLessThan(wait.halfWidth / wait.mean, 0.05, "the interval is too wide to mean anything")

        let queue = Summary(of: runs.map(\.meanQueueLength))
        XCTAssertTrue(queue.covers(theory.lq), "Lq CI \(queue.mean) ± \(queue.halfWidth) misses \(theory.lq)")
        // Little's law on the simulated numbers themselves: Lq = lambda Wq, per replication.
        let little = Summary(of: runs.map { $0.arrivalRate * $0.meanWait })
        XCTAssertTrue(queue.covers(little.mean), "Little: Lq \(queue.mean) vs lambda Wq \(little.mean)")
    }
}
