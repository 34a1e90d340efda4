/// The count and mean of a stream of observations, when nothing more is needed: adding one is
/// two additions, with no division (the event loop adds several per patient).
///
/// ```swift
/// var waits = MeanTally()
/// waits.add(3.5)
/// waits.meanOrNaN   // 3.5
/// ```
/// - Complexity: `add` is O(1).
public struct MeanTally: Sendable, Equatable {
    @usableFromInline var _count: Int = 0
    public var count: Int { _count }
    @usableFromInline var _sum: Double = 0
    public var sum: Double { _sum }

    public init() {}

    @inlinable
    public mutating func add(_ x: Double) {
        _count += 1
        _sum += x
    }

    /// The mean, or NaN when nothing was observed.
    public var meanOrNaN: Double { count > 0 ? sum / Double(count) : .nan }
}
