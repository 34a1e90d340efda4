/// Sets of small integers (free server units) kept as bits in 64-bit words.
extension UnsafeBufferPointer where Element == UInt64 {
    /// The lowest set bit in `lower..<upper`, a word at a time; nil when none is set there.
    @inlinable
    public func lowestSetBit(from lower: Int, to upper: Int) -> Int? {
        guard lower < upper, lower >> 6 < count else { return nil }
        var w = lower >> 6
        var word = self[w] & (~0 << UInt64(lower & 63))
        while true {
            if word != 0 {
                let bit = w * 64 + word.trailingZeroBitCount
                return bit < upper ? bit : nil
            }
            w += 1
            if w * 64 >= upper || w >= count { return nil }
            word = self[w]
        }
    }
}
