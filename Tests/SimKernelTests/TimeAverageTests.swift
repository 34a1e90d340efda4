import XCTest
@testable import SimKernel

final class TimeAverageTests: XCTestCase {
    func testTimeAverageAgainstHandComputedValues() {
        var q = TimeAverage(value: 0, at: 0)
        q.update(to: 2, at: 1.5)
        q.update(to: 1, at: 3)
        // 0 x 1.5 + 2 x 1.5 + 1 x 1 over 4
        XCTAssertEqual(q.mean(at: 4), 4.0 / 4.0, accuracy: 1e-12)
        q.restart(at: 4)
        q.update(to: 3, at: 5)
        XCTAssertEqual(q.mean(at: 6), (1.0 + 3.0) / 2.0, accuracy: 1e-12)
    }

    func testHourlyTimeAverageSplitsIntervalsAtHourBoundaries() {
        // Minutes: value 1 from 00:30 to 02:15 of day 1, value 0 otherwise, over two days.
        var busy = TimeAverage(value: 0, at: 0, hourLength: 60)
        busy.update(to: 1, at: 30)
        busy.update(to: 0, at: 135)
        let hourly = busy.hourlyMeans(at: 2 * 1440)
        XCTAssertEqual(hourly.count, 24)
        XCTAssertEqual(hourly[0], 0.5 * 0.5, accuracy: 1e-12)  // half of hour 0, on one day of two
        XCTAssertEqual(hourly[1], 0.5, accuracy: 1e-12)
        XCTAssertEqual(hourly[2], 0.25 * 0.5, accuracy: 1e-12)
        XCTAssertEqual(hourly[3], 0)
        XCTAssertEqual(busy.mean(at: 2880), 105.0 / 2880.0, accuracy: 1e-12)
    }
}
