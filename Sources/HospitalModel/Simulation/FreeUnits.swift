import HospitalScenario
import HospitalPolicies

/// The set of free units of a resource, as a bitset: the lowest free unit (or the lowest in a
/// range) is found a word at a time.
/// - Complexity: `insert`, `remove` O(1); `lowest`, `highest` O(units / 64).
struct FreeUnits {
    let words: UnsafeMutablePointer<UInt64>
    let wordCount: Int
    private(set) var count = 0

    init(units: Int, storage: ReplicationStorage) {
        wordCount = (units + 63) / 64
        words = storage.allocate(UInt64.self, count: wordCount, value: 0)
    }

    func contains(_ unit: Int32) -> Bool {
        words[Int(unit) >> 6] & (1 << UInt64(unit & 63)) != 0
    }

    mutating func insert(_ unit: Int32) {
        assert(!contains(unit))
        words[Int(unit) >> 6] |= 1 << UInt64(unit & 63)
        count += 1
    }

    mutating func remove(_ unit: Int32) {
        assert(contains(unit))
        words[Int(unit) >> 6] &= ~(1 << UInt64(unit & 63))
        count -= 1
    }

    var bits: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(start: words, count: wordCount) }

    /// The lowest free unit, as `ResourceView.lowestFreeUnit()` finds it.
    func lowest() -> Int32? {
        for w in 0..<wordCount where words[w] != 0 {
            return Int32(w * 64 + words[w].trailingZeroBitCount)
        }
        return nil
    }

    func highest() -> Int32? {
        for w in stride(from: wordCount - 1, through: 0, by: -1) where words[w] != 0 {
            return Int32(w * 64 + 63 - words[w].leadingZeroBitCount)
        }
        return nil
    }
}
