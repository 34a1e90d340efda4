import Foundation
import Synchronization

/// `QuantileSketch.bucket(of:logGamma:)` without the logarithm, for values in a common range:
/// the same bucket for every double, found by a table lookup and one comparison.
///
/// The range is cut into pieces by a value's exponent and the first 7 bits of its mantissa
/// (128 pieces per factor of 2, each narrower than a bucket, so that at most one bucket boundary
/// falls inside a piece). For each piece the table holds the bucket of its smallest value and the
/// first value of the next bucket, where that boundary is in the piece. The boundaries are found
/// by evaluating the bucket expression itself on the doubles around exp(k log(gamma)) (gamma
/// times the boundary before), so the table reproduces the expression's rounding exactly. Values outside the range (and NaN) are
/// given to the expression.
///
/// The table is filled in one factor of 2 at a time, under a lock, by whichever thread first
/// needs it: a process pays only for the ranges its values take. A loop that counts many values
/// asks for a range to be filled (`Table.fill(from:to:)`) and then looks up values inside it with
/// no further check (`bucket(ofFilled:)`), as `QuantileCounter` does for its window of buckets;
/// `bucket(of:)` checks and fills as it goes.
///
/// A `BucketIndex` is a view of a `BucketIndex.Table`, which owns the memory: it holds no
/// reference, so that using it costs no reference counting, and it is valid while its table
/// lives (the standard one, for the life of the process).
///
/// ```swift
/// let index = BucketIndex.standard            // QuantileSketch's default resolution
/// index.bucket(of: 12.5) == QuantileSketch.bucket(of: 12.5, logGamma: index.logGamma)   // true
/// ```
/// In the M/M/c model's loop the logarithm took most of each quantile counter's time.
/// - Complexity: a lookup O(1); filling in a factor of 2 at the standard resolution finds its 69
///   boundaries with about two evaluations of the expression each, each boundary from the one
///   before times gamma.
public struct BucketIndex: @unchecked Sendable {  // a view; its table's pieces are written under a lock, before `ready` says so
    @usableFromInline
    struct Piece {
        /// The first value of bucket `low + 1`, or +infinity when that bucket starts beyond the piece.
        @usableFromInline var split: Double
        @usableFromInline var low: Int
    }

    /// The memory of a table and what says which parts of it are filled in.
    public final class Table: @unchecked Sendable {
        let pieces: UnsafeMutablePointer<Piece>
        /// Bit b: the pieces of the table's b-th factor of 2 are filled in.
        let ready = Atomic<UInt64>(0)
        let filling = Mutex(())
        let logGamma: Double
        /// exp(logGamma): the ratio of one bucket's boundary to the one before.
        let gamma: Double
        let first: Int
        let count: Int

        /// A table for values in [`low`, `high`), powers of two at most 2^64 apart, at relative
        /// error `relativeError`. Nothing is computed until a value falls in the range.
        public init(relativeError: Double, low: Double = 0x1p-24, high: Double = 0x1p40) {
            precondition(low > 0 && high > low && low.significandBitPattern == 0 && high.significandBitPattern == 0
                         && high.exponent - low.exponent <= 64, "the range is bounded by powers of two at most 2^64 apart")
            let lg = QuantileSketch.logGamma(relativeError: relativeError)
            // A piece spans at most a factor of 1 + 1/128 (log 0.0078): it must be narrower than a bucket.
            precondition(lg > log1p(1.0 / Double(BucketIndex.piecesPerBinade)), "BucketIndex needs buckets wider than its pieces")
            logGamma = lg
            gamma = exp(lg)
            first = Int(low.bitPattern >> BucketIndex.pieceShift)
            count = Int(high.bitPattern >> BucketIndex.pieceShift) - first
            // Left uninitialised: a piece is read only after its factor of 2 is filled in, so the
            // memory of ranges no value takes is never touched.
            pieces = .allocate(capacity: count)
        }

        deinit { pieces.deallocate() }

        /// A view of the table, valid while the table lives.
        public var index: BucketIndex { BucketIndex(self) }

        /// Fills in the part of the table for values in [`low`, `high`) and returns the part of
        /// that range the table covers (empty, low >= high, when none): `bucket(ofFilled:)` may
        /// then be asked for any value in it, on any thread that has called this.
        public func fill(from low: Double, to high: Double) -> (low: Double, high: Double) {
            let tableLow = start(ofPiece: 0), tableHigh = start(ofPiece: count)
            let from = Swift.max(low, tableLow), to = Swift.min(high, tableHigh)
            guard from < to else { return (tableHigh, tableLow) }
            let firstBinade = (Int(from.bitPattern >> BucketIndex.pieceShift) - first) / BucketIndex.piecesPerBinade
            let lastBinade = (Int(to.nextDown.bitPattern >> BucketIndex.pieceShift) - first) / BucketIndex.piecesPerBinade
            for b in firstBinade...lastBinade where ready.load(ordering: .acquiring) & (1 << UInt64(b)) == 0 { fill(b) }
            return (from, to)
        }

        /// Fills in the pieces of factor of 2 number `binade`, unless another thread has.
        func fill(_ binade: Int) {
            filling.withLock { _ in
                let bit = UInt64(1) << UInt64(binade)
                guard ready.load(ordering: .relaxed) & bit == 0 else { return }
                let firstPiece = binade * BucketIndex.piecesPerBinade
                var k = QuantileSketch.bucket(of: start(ofPiece: firstPiece), logGamma: logGamma)
                var next = Self.start(of: k + 1, logGamma: logGamma)
                for i in firstPiece..<firstPiece + BucketIndex.piecesPerBinade {
                    let low = start(ofPiece: i), high = start(ofPiece: i + 1)
                    while next <= low {
                        k += 1
                        // The next boundary is gamma times this one, to a double or two.
                        next = Self.start(of: k + 1, near: next * gamma, logGamma: logGamma)
                    }
                    pieces[i] = Piece(split: next < high ? next : .infinity, low: k)
                }
                ready.bitwiseOr(bit, ordering: .releasing)
            }
        }

        /// The smallest value of piece `i`.
        func start(ofPiece i: Int) -> Double { Double(bitPattern: UInt64(first + i) << BucketIndex.pieceShift) }

        /// The smallest double whose bucket is at least `k`: found from exp((k - 1) log(gamma)),
        /// within a double or two of it, by stepping one double at a time to where the
        /// expression changes.
        public static func start(of k: Int, logGamma lg: Double) -> Double {
            start(of: k, near: exp(Double(k - 1) * lg), logGamma: lg)
        }

        /// The smallest double whose bucket is at least `k`, stepping from `x` (a few doubles
        /// from it), one double at a time by bit pattern. Where exp overflows, or the steps would
        /// leave the positive finite doubles, the answer is +infinity or the least positive double.
        static func start(of k: Int, near x: Double, logGamma lg: Double) -> Double {
            guard x.isFinite else { return .infinity }
            var bits = Swift.max(x, .leastNonzeroMagnitude).bitPattern
            let largest = Double.greatestFiniteMagnitude.bitPattern
            if QuantileSketch.bucket(of: Double(bitPattern: bits), logGamma: lg) >= k {
                while bits > 1 && QuantileSketch.bucket(of: Double(bitPattern: bits - 1), logGamma: lg) >= k { bits -= 1 }
            } else {
                repeat {
                    if bits == largest { return .infinity }
                    bits += 1
                } while QuantileSketch.bucket(of: Double(bitPattern: bits), logGamma: lg) < k
            }
            return Double(bitPattern: bits)
        }
    }

    public let logGamma: Double
    /// `pieces[i]` is the piece whose values' bit patterns shifted right by 45 equal `first + i`.
    @usableFromInline let pieces: UnsafeMutablePointer<Piece>
    @usableFromInline let first: Int
    @usableFromInline let count: Int
    let table: Unmanaged<Table>

    init(_ table: Table) {
        logGamma = table.logGamma
        pieces = table.pieces
        first = table.first
        count = table.count
        self.table = Unmanaged.passUnretained(table)
    }

    /// The table at `QuantileSketch`'s standard resolution, kept for the life of the process.
    public static let standardTable = Table(relativeError: QuantileSketch.standardRelativeError)
    /// A view of `standardTable`.
    public static var standard: BucketIndex { standardTable.index }

    /// Bits below a piece's exponent and 7 leading mantissa bits.
    @usableFromInline static var pieceShift: UInt64 { 45 }
    static var piecesPerBinade: Int { 128 }

    /// The values the table covers: [`low`, `high`).
    public var low: Double { Double(bitPattern: UInt64(first) << Self.pieceShift) }
    public var high: Double { Double(bitPattern: UInt64(first + count) << Self.pieceShift) }

    /// Fills in its table for values in [`low`, `high`) (`Table.fill(from:to:)`).
    public func fill(from low: Double, to high: Double) -> (low: Double, high: Double) {
        table._withUnsafeGuaranteedRef { $0.fill(from: low, to: high) }
    }

    /// The smallest double whose bucket is at least `k` (`Table.start(of:logGamma:)`).
    public func start(of k: Int) -> Double { Table.start(of: k, logGamma: logGamma) }

    /// The bucket of a value above the zero threshold: `QuantileSketch.bucket(of: x, logGamma:)`.
    public func bucket(of x: Double) -> Int {
        let i = Int(truncatingIfNeeded: x.bitPattern >> Self.pieceShift) &- first
        guard UInt(bitPattern: i) < UInt(bitPattern: count) else { return QuantileSketch.bucket(of: x, logGamma: logGamma) }
        let binade = i / Self.piecesPerBinade
        table._withUnsafeGuaranteedRef { t in
            if t.ready.load(ordering: .acquiring) & (1 << UInt64(binade)) == 0 { t.fill(binade) }
        }
        return bucket(ofFilled: x)
    }

    /// The bucket of a value in a range this thread has had filled in (`Table.fill(from:to:)`);
    /// any other value gives a wrong bucket or reads outside the table.
    @inlinable
    public func bucket(ofFilled x: Double) -> Int {
        let piece = pieces[Int(truncatingIfNeeded: x.bitPattern >> Self.pieceShift) &- first]
        // x >= split, compared as bit patterns (both positive), without a branch: which side of
        // the boundary a value falls is a coin toss.
        let below = (Int64(bitPattern: x.bitPattern) &- Int64(bitPattern: piece.split.bitPattern)) >> 63
        return piece.low &+ 1 &+ Int(below)
    }
}
