import Foundation
import SimKernel
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// Supplies against the exact stock-out probabilities of inventory theory: Poisson unit demand,
/// backorders (patients wait for stock), deterministic lead time L.
final class SimulationSuppliesTests: XCTestCase {
    func poissonTail(_ mean: Double, atLeast j: Int) -> Double {
        var term = exp(-mean), below = 0.0
        for k in 0..<j {
            if k > 0 { term *= mean / Double(k) }
            below += term
        }
        return max(0, 1 - below)
    }

    func stockScenario(_ reorder: String, initial: Int = 15, onStockout: String = "wait") -> String {
        """
        name: stock
        time_unit: day
        run: {horizon: 4000, warmup: 50, replications: 10, seed: 8}
        arrivals: [{name: a, rate: 4}]
        resources: [{name: nurse, capacity: infinite}]
        supplies:
          - {name: saline, initial: \(initial), reorder: \(reorder), lead_time: 2, unit_cost: 3, order_cost: 20, on_stockout: \(onStockout)}
        pathway:
          - {consume: {saline: 1}}
          - {use: nurse, duration: 0.01}
        """
    }

    /// (s, Q): the inventory position is uniform on s+1..s+Q, and a demand finds none on hand
    /// when the lead-time demand reaches the position: P = (1/Q) sum_{j=s+1..s+Q} P(D(L) >= j).
    /// With s = 5, Q = 10, demand 4 a day and L = 2 days: 0.31445. Orders: one per Q demands.
    func testContinuousReviewMatchesTheExactStockOutProbability() throws {
        let (s, q, leadDemand) = (5, 10, 8.0)
        let exact = (s + 1...s + q).map { poissonTail(leadDemand, atLeast: $0) }.reduce(0, +) / Double(q)
        var onHand = 0.0
        for position in s + 1...s + q {
            var term = exp(-leadDemand)
            for k in 0..<position {
                if k > 0 { term *= leadDemand / Double(k) }
                onHand += Double(position - k) * term
            }
        }
        onHand /= Double(q)
        let result = simulate(stockScenario("{point: \(s), quantity: \(q)}"))
        assertCovers(result, "supply.saline.stockout.fraction", exact)
        assertCovers(result, "supply.saline.stock.mean", onHand)
        let demands = try XCTUnwrap(result.metric("supply.saline.demands")).mean
        XCTAssertEqual(result.metric("supply.saline.orders")!.mean, demands / Double(q), accuracy: 2, "one order per Q units demanded")
        let orders = result.metric("supply.saline.orders")!.mean
        XCTAssertEqual(result.metric("supply.saline.cost")!.mean, orders * (20 + 3 * Double(q)), accuracy: 1e-6 * orders * 50)
        XCTAssertEqual(result.metric("cost.total")!.mean, result.metric("supply.saline.cost")!.mean, accuracy: 1e-9,
                       "the hospital pays for its supplies (the nurse costs nothing here)")
    }

    /// Periodic review every R days up to S: a demand at a uniform point of the cycle meets a net
    /// stock of S minus the demand over L + U, U uniform on [0, R):
    /// P = (1/R) integral_0^R P(D(L + u) >= S) du. With R = 3, S = 20: 0.148 by quadrature.
    func testPeriodicReviewMatchesTheExactStockOutProbability() throws {
        let (period, level) = (3.0, 20)
        let steps = 3000
        var exact = 0.0
        for k in 0..<steps {
            let u = (Double(k) + 0.5) / Double(steps) * period
            exact += poissonTail(4 * (2 + u), atLeast: level)
        }
        exact /= Double(steps)
        let result = simulate(stockScenario("{every: \(period), up_to: \(level)}"))
        assertCovers(result, "supply.saline.stockout.fraction", exact, precision: 0.1)
        XCTAssertEqual(result.metric("supply.saline.orders")!.mean, 4000 / period, accuracy: 2, "one order per review")
    }

    /// With on_stockout: skip a patient goes on without the item: nobody waits, every arrival
    /// leaves, and the stock-outs are still counted.
    func testSkippingPatientsGoOnAndAreCounted() throws {
        let result = simulate(stockScenario("{point: 2, quantity: 4}", initial: 4, onStockout: "skip"))
        let stockouts = try XCTUnwrap(result.metric("supply.saline.stockout.fraction"))
        XCTAssertGreaterThan(stockouts.mean, 0.2)
        XCTAssertLessThan(result.metric("patients.in_system.end")!.mean, 5, "nobody piles up waiting for stock")
    }

    func testSuppliesAreValidated() {
        func messages(_ supplies: String, _ consume: String = "{consume: {saline: 1}}") -> String {
            loadMessages("""
                name: bad
                run: {horizon: 100}
                arrivals: [{name: a, rate: 1}]
                resources: [{name: bed, capacity: 2}]
                \(supplies)
                pathway: [\(consume), {use: bed, duration: 1}]
                """)
        }
        let good = "supplies: [{name: saline, initial: 5, lead_time: 2, reorder: {point: 1, quantity: 3}}]"
        XCTAssertEqual(messages(good), "")
        XCTAssertTrue(messages(good, "{consume: {salin: 1}}").contains("did you mean 'saline'"))
        XCTAssertTrue(messages("", "{consume: {saline: 1}}").contains("no 'supplies' section"))
        XCTAssertTrue(messages(good, "{consume: {saline: 0}}").contains("pathway[0].consume.saline"))
        XCTAssertTrue(messages("supplies: [{name: saline, initial: 5, lead_time: 2, reorder: {point: 1, quantity: 3, every: 2}}]")
            .contains("not both"))
        XCTAssertTrue(messages("supplies: [{name: saline, initial: 5, lead_time: 2, on_stockout: skp}]").contains("did you mean 'skip'"))
        XCTAssertTrue(messages("supplies: [{name: saline, initial: 5, lead_tme: 2}]").contains("did you mean 'lead_time'"))
        XCTAssertTrue(messages("supplies: [{name: saline, initial: -1, lead_time: 2}]").contains("supplies[0].initial"))
    }
}
