import Foundation
import XCTest
@testable import HospitalAnalysis
@testable import HospitalScenario

/// Rosters from an hourly requirement: least cost, premiums, days, and the roster written back
/// as a scenario's shifts giving the same staff hour by hour.
final class RosterDesignTests: XCTestCase {
    /// Twelve-hour day and night shifts against eight-hour ones with a night premium: the
    /// cheapest cover, checked against every combination of up to 4 staff per shift.
    func testTheDayRosterIsTheCheapestCover() throws {
        let requirement = (0..<24).map { h in (8..<20).contains(h) ? 3 : 1 }
        let patterns = [try ShiftPattern.parse("start=08:00,20:00;length=12h;max=4").get(),
                        try ShiftPattern.parse("start=00:00,08:00,16:00;length=8h;max=4;cost=55").get()]
        let rates = ShiftRates(perHour: 50, nightPremium: 0.5, nightFrom: 20, nightTo: 8)
        let design = try RosterDesign.design(requirement: requirement, period: .day, patterns: patterns, rates: rates).get()
        XCTAssertTrue(zip(design.coverage, requirement).allSatisfy { $0 >= $1 })
        // Enumerate the five shifts' counts 0...4.
        let candidates = RosterDesign.candidates(patterns, period: .day)
        var best = Double.infinity
        for code in 0..<Int(pow(5.0, Double(candidates.count))) {
            var k = code, have = [Int](repeating: 0, count: 24), cost = 0.0
            for c in candidates {
                let n = k % 5
                k /= 5
                let rate = patterns[c.pattern].costPerHour ?? rates.perHour
                for h in RosterDesign.hours(of: c, period: .day) {
                    have[h] += n
                    cost += Double(n) * rate * rates.factor(hour: h, period: .day)
                }
            }
            if zip(have, requirement).allSatisfy({ $0 >= $1 }) { best = min(best, cost) }
        }
        XCTAssertEqual(design.cost, best, accuracy: 1e-9)
        XCTAssertEqual(design.status, .optimal)
    }

    /// A week with a busier weekday daytime: weekday and weekend shifts come out as separate
    /// entries with their days, a weekend premium makes weekend hours dearer, and the roster
    /// written as a scenario's shifts staffs every hour of the week exactly as designed.
    func testTheWeekRosterWrittenAsShiftsStaffsEveryHourAsDesigned() throws {
        let requirement = (0..<168).map { h in h / 24 < 5 && (9..<17).contains(h % 24) ? 4 : 2 }
        let patterns = [try ShiftPattern.parse("start=any;length=8h,12h").get()]
        let rates = ShiftRates(perHour: 40, nightPremium: 0.25, weekendPremium: 0.5)
        let design = try RosterDesign.design(requirement: requirement, period: .week, patterns: patterns, rates: rates).get()
        XCTAssertTrue(zip(design.coverage, requirement).allSatisfy { $0 >= $1 })
        // Staffed hours cannot be fewer than required, and here 8-hour shifts from any hour
        // fit the requirement exactly, so the cost is that of the requirement's own hours.
        let floor = requirement.enumerated().reduce(0.0) { $0 + Double($1.element) * 40 * rates.factor(hour: $1.offset, period: .week) }
        XCTAssertEqual(design.cost, floor, accuracy: 1e-6)
        let minutes = Roster.minuteCapacities(design.scenarioShifts)
        XCTAssertEqual(minutes.count, 10080)
        for h in 0..<168 {
            XCTAssertEqual(minutes[h * 60] ?? -1, design.coverage[h], "hour \(h)")
            XCTAssertEqual(minutes[h * 60 + 59] ?? -1, design.coverage[h], "hour \(h)")
        }
        XCTAssertTrue(design.shifts.contains { $0.days.count > 1 }, "equal shifts on several days are one entry")
    }

    func testImpossibleRequirementsAreNamedByHour() {
        let patterns = [try! ShiftPattern.parse("start=08:00;length=8h;max=2").get()]
        let requirement = (0..<24).map { $0 == 9 ? 3 : 0 }
        guard case .failure(let e) = RosterDesign.design(requirement: requirement, period: .day, patterns: patterns, rates: ShiftRates(perHour: 1)) else {
            return XCTFail("expected a failure")
        }
        XCTAssertTrue(e.message.contains("09:00 needs 3, the shifts allow at most 2"), e.message)
        let uncovered = (0..<24).map { $0 == 3 ? 1 : 0 }
        guard case .failure(let f) = RosterDesign.design(requirement: uncovered, period: .day, patterns: patterns, rates: ShiftRates(perHour: 1)) else {
            return XCTFail("expected a failure")
        }
        XCTAssertTrue(f.message.contains("03:00 needs 1, the shifts allow at most 0"), f.message)
    }
}
