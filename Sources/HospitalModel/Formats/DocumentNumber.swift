/// A number of a document that may be undefined (NaN), written as null and read back as NaN.
public struct DocumentNumber: Codable, Sendable, Equatable, ExpressibleByFloatLiteral {
    public var value: Double

    public init(_ value: Double) { self.value = value }
    public init(floatLiteral value: Double) { self.value = value }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if value.isFinite { try c.encode(value) } else { try c.encodeNil() }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        value = c.decodeNil() ? .nan : try c.decode(Double.self)
    }
}
