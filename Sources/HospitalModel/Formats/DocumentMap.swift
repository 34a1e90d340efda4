/// A JSON object whose keys are data (metric names, class names), kept in the order they were
/// added, so a document is written in the same order every time. Read back, its entries come in
/// key order (JSON objects carry no order a reader may rely on).
public struct DocumentMap<Value: Codable & Sendable>: Codable, Sendable {
    public var entries: [(key: String, value: Value)]

    public init(_ entries: [(key: String, value: Value)] = []) { self.entries = entries }

    public subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }
    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (key, value) in entries { try c.encode(value, forKey: Key(stringValue: key)) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        entries = try c.allKeys.sorted { $0.stringValue < $1.stringValue }.map { ($0.stringValue, try c.decode(Value.self, forKey: $0)) }
    }
}
