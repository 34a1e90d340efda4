/// A first-in first-out queue over one contiguous, growable circular buffer: no allocation
/// per element once it has grown to the largest size it needs.
/// - Complexity: `append` is O(1) amortised, `popFirst` O(1).
public struct RingBuffer<Element> {
    @usableFromInline var storage: ContiguousArray<Element?>
    @usableFromInline var head = 0
    @usableFromInline var _count: Int = 0
    public var count: Int { _count }

    public init(capacity: Int = 16) {
        storage = ContiguousArray(repeating: nil, count: Swift.max(capacity, 1))
    }

    public var isEmpty: Bool { count == 0 }

    @inlinable
    public mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        var tail = head + count
        if tail >= storage.count { tail -= storage.count }
        storage[tail] = element
        _count += 1
    }

    /// Puts `element` at the front, to be the next one out.
    @inlinable
    public mutating func prepend(_ element: Element) {
        if count == storage.count { grow() }
        head = head == 0 ? storage.count - 1 : head - 1
        storage[head] = element
        _count += 1
    }

    @inlinable
    public mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head += 1
        if head == storage.count { head = 0 }
        _count -= 1
        return element
    }

    @inlinable
    public var first: Element? { count > 0 ? storage[head] : nil }

    /// The element `offset` places from the front.
    @inlinable
    public subscript(offset: Int) -> Element {
        var i = head + offset
        if i >= storage.count { i -= storage.count }
        return storage[i]!
    }

    @usableFromInline
    mutating func grow() {
        var bigger = ContiguousArray<Element?>(repeating: nil, count: storage.count * 2)
        for i in 0..<count { bigger[i] = self[i] }
        storage = bigger
        head = 0
    }

    public mutating func removeAll() {
        while popFirst() != nil {}
    }
}

extension RingBuffer: Sendable where Element: Sendable {}
