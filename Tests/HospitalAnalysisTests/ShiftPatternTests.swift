import XCTest
@testable import HospitalAnalysis

/// The `--shifts` text.
final class ShiftPatternTests: XCTestCase {
    func testAPatternIsRead() throws {
        let p = try ShiftPattern.parse("start=07:00, 19:00;length=8h,12 hours,600 min;days=mon-fri;min=1;max=20;cost=62.5").get()
        XCTAssertEqual(p.starts, [7, 19])
        XCTAssertEqual(p.lengths, [8, 12, 10])
        XCTAssertEqual(p.days, Set(0..<5))
        XCTAssertEqual(p.minimum, 1)
        XCTAssertEqual(p.maximum, 20)
        XCTAssertEqual(p.costPerHour, 62.5)
        XCTAssertEqual(try ShiftPattern.parse("start=any;length=24h;days=fri-mon").get().days, [4, 5, 6, 0])
        XCTAssertEqual(try ShiftPattern.parse("start=any;length=8;days=weekend").get().starts.count, 24)
    }

    func testMistakesAreSaidWithASuggestion() {
        let cases: [(String, String)] = [
            ("start=07:00;lenght=8h", "did you mean 'length'?"),
            ("start=07:30;length=8h", "not a clock time on the hour"),
            ("start=07:00;length=90 min", "whole number of hours from 1h to 24h"),
            ("start=07:00;length=25h", "whole number of hours"),
            ("start=07:00;length=8h;days=mnday", "did you mean 'monday'?"),
            ("start=07:00;length=8h;min=3;max=2", "max 2 is below min 3"),
            ("length=8h", "needs start="),
            ("start=07:00;length=8h;cost=-1", "cost must be"),
            ("start=07:00;start=08:00;length=8h", "given twice"),
            ("start", "expected key=value"),
        ]
        for (text, expected) in cases {
            guard case .failure(let e) = ShiftPattern.parse(text) else { XCTFail("\(text) was accepted"); continue }
            XCTAssertTrue(e.message.contains(expected), "\(text): \(e.message)")
        }
    }
}
