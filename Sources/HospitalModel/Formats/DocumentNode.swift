/// A JSON value as a document encodes it: scalars already in their final text.
public indirect enum DocumentNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case string, number, integer, boolean, null }
    case scalar(String, Kind)
    case array([DocumentNode])
    case object([(key: String, value: DocumentNode)])

    public static func == (a: DocumentNode, b: DocumentNode) -> Bool {
        switch (a, b) {
        case let (.scalar(x, k), .scalar(y, l)): x == y && k == l
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: false
        }
    }

    var isScalar: Bool {
        if case .scalar = self { true } else { false }
    }

    /// The entry `key` of an object.
    public subscript(key: String) -> DocumentNode? {
        guard case .object(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }
}
