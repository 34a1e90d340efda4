import Foundation
import XCTest
@testable import HospitalAnalysis

/// GLPK's branch and cut against the optimum found by trying every combination.
final class CoveringProgramTests: XCTestCase {
    /// A small deterministic generator, so that the instances are the same on every machine.
    struct Lcg {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The least cost over every vector of counts within the columns' bounds, by enumeration.
    func enumerate(_ program: CoveringProgram) -> Double? {
        var best: Double?
        var counts = program.columns.map(\.lower)
        func cover() -> Bool {
            var have = [Int](repeating: 0, count: program.requirements.count)
            for (j, c) in program.columns.enumerated() { for h in c.rows { have[h] += counts[j] } }
            return zip(have, program.requirements).allSatisfy { $0 >= $1 }
        }
        while true {
            if cover() {
                let cost = zip(counts, program.columns).reduce(0.0) { $0 + Double($1.0) * $1.1.cost }
                if best == nil || cost < best! { best = cost }
            }
            var j = 0
            while j < counts.count {
                counts[j] += 1
                if counts[j] <= program.columns[j].upper! { break }
                counts[j] = program.columns[j].lower
                j += 1
            }
            if j == counts.count { return best }
        }
    }

    /// Ten random instances of 12 rows (a half day) and 9 wrapping shifts of 3 to 8 hours with
    /// up to 3 staff each (4^9 = 262,144 combinations): the solver's cost equals the least
    /// found by enumeration, and its counts cover every row.
    func testTheOptimumEqualsEnumeration() throws {
        var rng = Lcg(state: 2026)
        var solvedWithStaff = 0
        for _ in 0..<10 {
            let rows = 12
            let requirements = (0..<rows).map { _ in rng.next(4) }
            let columns = (0..<9).map { _ -> CoveringProgram.Column in
                let start = rng.next(rows), length = 3 + rng.next(6)
                return CoveringProgram.Column(cost: Double(10 + rng.next(40)) + Double(rng.next(100)) / 100,
                                              rows: (0..<length).map { (start + $0) % rows }, lower: 0, upper: 3)
            }
            let program = CoveringProgram(requirements: requirements, columns: columns)
            let expected = enumerate(program)
            switch program.solve() {
            case .success(let solution):
                let optimum = try XCTUnwrap(expected, "the solver found a roster where enumeration found none")
                XCTAssertEqual(solution.cost, optimum, accuracy: 1e-9)
                XCTAssertEqual(solution.status, .optimal)
                var have = [Int](repeating: 0, count: rows)
                for (j, c) in columns.enumerated() { for h in c.rows { have[h] += solution.counts[j] } }
                XCTAssertTrue(zip(have, requirements).allSatisfy { $0 >= $1 })
                XCTAssertTrue(zip(solution.counts, columns).allSatisfy { $0 >= $1.lower && $0 <= $1.upper! })
                solvedWithStaff += solution.counts.reduce(0, +) > 0 ? 1 : 0
            case .failure(let failure):
                XCTAssertNil(expected, "enumeration found a roster but the solver said \(failure)")
            }
        }
        XCTAssertGreaterThan(solvedWithStaff, 5, "too few instances had a solution to compare")
    }

    /// A minimum on one column forces staff the requirement does not need, and a maximum that
    /// cannot cover a row is named before solving.
    func testBoundsAreKept() {
        let forced = CoveringProgram(requirements: [1, 1, 0], columns: [
            .init(cost: 5, rows: [0, 1], lower: 0, upper: 4),
            .init(cost: 1, rows: [2], lower: 2, upper: 4),
        ])
        guard case .success(let s) = forced.solve() else { return XCTFail("expected a solution") }
        XCTAssertEqual(s.counts, [1, 2])
        XCTAssertEqual(s.cost, 7)
        let short = CoveringProgram(requirements: [3, 0], columns: [.init(cost: 1, rows: [0], upper: 2)])
        XCTAssertEqual(short.solve().failure, .uncoverable([(row: 0, required: 3, most: 2)]))
    }
}

private extension Result {
    var failure: Failure? { if case .failure(let f) = self { f } else { nil } }
}
