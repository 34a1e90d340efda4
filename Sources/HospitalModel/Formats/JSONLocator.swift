import Foundation
import HospitalScenario

/// Where a value sits in a JSON text, found by its key path: a decoding error knows the path of
/// the value it could not take but not its place, and a user editing a baseline by hand needs
/// the line.
///
/// ```swift
/// JSONLocator.place(of: [.init(key: "metrics"), .init(key: "wait.mean")], in: data)  // (line: 12, column: 18)
/// ```
/// - Complexity: O(n) in the bytes before the value, with no allocation per value skipped.
public enum JSONLocator {
    /// One step of a key path: a member's key, or an array's index (a decoder's coding key may
    /// carry both; which applies depends on what the text holds there).
    public struct Step: Sendable, Equatable {
        public var key: String
        public var index: Int?
        public init(key: String, index: Int? = nil) {
            self.key = key
            self.index = index
        }
    }

    /// The line and column (from 1) where the value at `path` starts; where the path leaves the
    /// text (a key that is missing), the start of the deepest value on it that is there. Nil
    /// when the text is not JSON up to there.
    public static func place(of path: [Step], in data: Data) -> (line: Int, column: Int)? {
        let bytes = [UInt8](data)
        var scanner = Scanner(bytes: bytes)
        guard let offset = scanner.locate(path) else { return nil }
        return ScenarioLoader.place(ofByte: offset, in: bytes)
    }

    /// A key path as written in messages (`points[2].replications`) as steps; keys holding dots
    /// cannot be told apart here, so such paths come from `steps(_:)` instead.
    public static func steps(keyPath: String) -> [Step] {
        var steps: [Step] = []
        for part in keyPath.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "["), let k = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(k, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { steps.append(Step(key: String(name))) }
            steps += indices.map { Step(key: "Index \($0)", index: $0) }
        }
        return steps
    }

    /// A decoder's coding path as steps.
    public static func steps(_ codingPath: [any CodingKey]) -> [Step] {
        codingPath.map { Step(key: $0.stringValue, index: $0.intValue) }
    }

    struct Scanner {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        /// The offset of the value at `path` (or of the deepest one found on it).
        mutating func locate(_ path: [Step]) -> Int? {
            skipSpace()
            if i + 2 < bytes.count, bytes[i] == 0xEF, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF { i += 3; skipSpace() }
            var found = i
            for step in path {
                skipSpace()
                guard i < bytes.count else { return found }
                if bytes[i] == UInt8(ascii: "{") {
                    guard enterMember(step.key) else { return found }
                } else if bytes[i] == UInt8(ascii: "["), let index = step.index {
                    guard enterElement(index) else { return found }
                } else {
                    return found
                }
                skipSpace()
                found = i
            }
            return found
        }

        /// Moves to the value of member `key` of the object here; false (and anywhere) when
        /// it has none.
        mutating func enterMember(_ key: String) -> Bool {
            i += 1  // {
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return false }
                guard let name = readString() else { return false }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
                i += 1
                skipSpace()
                if name == key { return true }
                guard skipValueAndComma() else { return false }
            }
        }

        /// Moves to element `index` of the array here; false when it is shorter.
        mutating func enterElement(_ index: Int) -> Bool {
            i += 1  // [
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { return false }
            var k = 0
            while true {
                skipSpace()
                if k == index { return true }
                guard skipValueAndComma() else { return false }
                k += 1
            }
        }

        /// Skips a member's value or an element and the comma after it; false at the container's
        /// end (or at text that is not JSON).
        mutating func skipValueAndComma() -> Bool {
            guard skipValue() else { return false }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return false }
            i += 1
            return true
        }

        /// Reads a string from its opening quote, escapes decoded.
        mutating func readString() -> String? {
            i += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll(keepingCapacity: true)
            }
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    flush()
                    return String(scalars)
                }
                if b == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.count else { return nil }
                    flush()
                    let e = bytes[i + 1]
                    i += 2
                    switch e {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{C}")
                    case UInt8(ascii: "u"):
                        guard var code = hex4() else { return nil }
                        // A surrogate pair stands for one scalar beyond the first plane.
                        if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                            i += 2
                            guard let low = hex4() else { return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: scalars.append(Unicode.Scalar(e))
                    }
                    continue
                }
                raw.append(b)
                i += 1
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
            i += 4
            return code
        }

        /// Skips one value (nested objects and arrays by counting brackets outside strings).
        mutating func skipValue() -> Bool {
            guard i < bytes.count else { return false }
            var depth = 0
            repeat {
                guard i < bytes.count else { return false }
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    i += 1
                    while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                    guard i < bytes.count else { return false }
                    i += 1
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard depth > 0 else { return false }
                    depth -= 1
                    i += 1
                default:
                    // A number or a literal, or punctuation inside a container.
                    let start = i
                    while i < bytes.count, !",:}] \t\r\n\"{[".utf8.contains(bytes[i]) { i += 1 }
                    if i == start { i += 1 }
                }
            } while depth > 0
            return true
        }
    }
}
