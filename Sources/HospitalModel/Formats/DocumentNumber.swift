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
        // No result of a run within the limits comes near this, and charts scale by
        // differences of values, which overflow past about 1e307.
        guard value.isNaN || abs(value) <= Self.largest else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(value) is beyond ±1e100, which no simulation result reaches")
        }
    }

    /// The largest magnitude read back.
    public static let largest = 1e100
}
