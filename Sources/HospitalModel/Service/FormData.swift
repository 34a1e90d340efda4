/// A form as browsers send it (`application/x-www-form-urlencoded`) or a query string: names
/// and values percent-decoded, `+` as a space. A malformed escape, a name given twice or a field
/// of more than `maximumField` bytes is refused, not guessed at.
public struct FormData: Sendable {
    public private(set) var fields: [String: String] = [:]
    public private(set) var order: [String] = []
    public static let maximumField = 32_768

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public init() {}

    public init(_ encoded: String) throws(Failure) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0]), value = parts.count > 1 ? try Self.decode(parts[1]) : ""
            guard fields[name] == nil else { throw Failure(description: "the field '\(name.prefix(40))' is given twice") }
            fields[name] = value
            order.append(name)
        }
    }

    public subscript(_ name: String) -> String? { fields[name] }

    static func decode(_ text: Substring) throws(Failure) -> String {
        guard text.utf8.count <= maximumField else { throw Failure(description: "a field is longer than \(maximumField) bytes") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else {
                    throw Failure(description: "a malformed %-escape in the form")
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw Failure(description: "the form is not UTF-8 text") }
        return decoded
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `text` percent-encoded for a query string or form.
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
