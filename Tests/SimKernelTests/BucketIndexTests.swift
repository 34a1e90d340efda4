import Foundation
import Synchronization
import XCTest
@testable import SimKernel

final class BucketIndexTests: XCTestCase {
    private static func expression(_ x: Double, _ index: BucketIndex) -> Int {
        QuantileSketch.bucket(of: x, logGamma: index.logGamma)
    }

    /// Every double within 24 steps of every bucket boundary and of every piece's start: where a
    /// table built on the expression could disagree with it.
    private func checkAroundEveryBoundary(_ table: BucketIndex.Table) {
        let index = table.index
        var checked = 0, splits = 0
        XCTAssertEqual(table.ready.load(ordering: .relaxed), 0, "nothing is filled in before it is needed")
        for binade in 0..<index.count / BucketIndex.piecesPerBinade {
            _ = index.bucket(of: table.start(ofPiece: binade * BucketIndex.piecesPerBinade))
        }
        for i in 0..<index.count {
            let piece = index.pieces[i]
            let start = Double(bitPattern: UInt64(index.first + i) << BucketIndex.pieceShift)
            var around = [start]
            if piece.split.isFinite {
                around.append(piece.split)
                splits += 1
            }
            for centre in around {
                var x = centre
                for _ in 0..<24 { x = x.nextDown }
                for _ in 0..<48 {
                    if index.bucket(of: x) != Self.expression(x, index) {
                        return XCTFail("bucket of \(x) (bits \(x.bitPattern)): table \(index.bucket(of: x)), expression \(Self.expression(x, index))")
                    }
                    checked += 1
                    x = x.nextUp
                }
            }
        }
        // One boundary per bucket in the range: log(high / low) / log(gamma) of them.
        let low = Double(bitPattern: UInt64(index.first) << BucketIndex.pieceShift)
        let high = Double(bitPattern: UInt64(index.first + index.count) << BucketIndex.pieceShift)
        XCTAssertEqual(Double(splits), log(high / low) / index.logGamma, accuracy: 1)
        XCTAssertGreaterThan(checked, 48 * index.count)
    }

    func testTheStandardResolutionAgreesWithTheExpressionAroundEveryBoundary() {
        // A table of its own: the shared one may already be partly filled in by other tests.
        let table = BucketIndex.Table(relativeError: QuantileSketch.standardRelativeError)
        checkAroundEveryBoundary(table)
        XCTAssertEqual(BucketIndex.standard.logGamma, table.index.logGamma)
        XCTAssertEqual(table.index.logGamma, QuantileSketch.logGamma(relativeError: QuantileSketch.standardRelativeError))
    }

    func testThreadsFillingInTheSameTableAllGetTheExpressionsBuckets() {
        let table = BucketIndex.Table(relativeError: QuantileSketch.standardRelativeError)
        let index = table.index
        let values = (0..<20_000).map { exp2(Double($0) / 20_000 * 64 - 24) }
        let wrong = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            // Each thread walks the values from a different place, so that several meet every
            // unfilled factor of 2 at about the same time.
            var bad = 0
            for j in 0..<values.count {
                let x = values[(j + t * 2_500) % values.count]
                if index.bucket(of: x) != Self.expression(x, index) { bad += 1 }
            }
            wrong.withLock { $0 += bad }
        }
        XCTAssertEqual(wrong.withLock { $0 }, 0)
        XCTAssertEqual(table.ready.load(ordering: .relaxed), UInt64.max, "all 64 factors of 2 filled in")
    }

    func testACoarserTableAgreesToo() {
        checkAroundEveryBoundary(BucketIndex.Table(relativeError: 0.02, low: 0x1p-3, high: 0x1p5))
    }

    func testRandomValuesInAndOutOfTheRangeGetTheExpressionsBucket() {
        let index = BucketIndex.standard
        let stream = RandomStream(seed: 11)
        var outside = 0
        for _ in 0..<1_000_000 {
            // Log-uniform over 2^-34 ... 2^50, beyond the table at both ends.
            let x = exp2(stream.uniform() * 84 - 34)
            if x < 0x1p-24 || x >= 0x1p40 { outside += 1 }
            XCTAssertEqual(index.bucket(of: x), Self.expression(x, index), "x = \(x)")
        }
        XCTAssertGreaterThan(outside, 150_000)
        for x in [1e-9.nextUp, 1e-6, 0x1p-24.nextDown, 0x1p-24, 0x1p40.nextDown, 0x1p40, 1e15, .greatestFiniteMagnitude] {
            XCTAssertEqual(index.bucket(of: x), Self.expression(x, index), "x = \(x)")
        }
    }

    func testAFilledRangeIsClippedToTheTableAndLooksUpWithoutChecks() {
        let table = BucketIndex.Table(relativeError: QuantileSketch.standardRelativeError, low: 0x1p-4, high: 0x1p8)
        let index = table.index
        let range = index.fill(from: 0.01, to: 3.0)
        XCTAssertEqual(range.low, 0x1p-4)
        XCTAssertEqual(range.high, 3.0)
        // Only the factors of 2 from 1/16 to 4 are filled in: 1/16, 1/8, ..., 2.
        XCTAssertEqual(table.ready.load(ordering: .relaxed), 0b11_1111)
        var x = range.low
        while x < range.high {
            XCTAssertEqual(index.bucket(ofFilled: x), Self.expression(x, index), "x = \(x)")
            x *= 1.0007
        }
        let outside = index.fill(from: 300, to: 1000)
        XCTAssertGreaterThanOrEqual(outside.low, outside.high, "nothing of the table is in the range")
        XCTAssertEqual(index.start(of: 40), BucketIndex.Table.start(of: 40, logGamma: index.logGamma))
        XCTAssertEqual(Self.expression(index.start(of: 40), index), 40)
        XCTAssertEqual(Self.expression(index.start(of: 40).nextDown, index), 39)
    }
}
