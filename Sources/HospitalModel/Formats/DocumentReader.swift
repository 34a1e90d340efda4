import Foundation
import HospitalScenario

/// Reads a document of type `T`: the JSON's syntax errors with their line and column, then the
/// content's problems at their key paths and places, in plain words.
public enum DocumentReader {
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String, what: String) throws(ScenarioErrors) -> T {
        try JSONFile.checkObject(data, file: file, what: what)
        func fail(_ message: String, _ path: [any CodingKey]) -> ScenarioErrors {
            let keyPath = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
            // The value's own place (for a missing key, the object that lacks it).
            let place = JSONLocator.place(of: JSONLocator.steps(path), in: data) ?? (1, 1)
            return ScenarioErrors(all: [ScenarioError(file: file, line: place.line, column: place.column, keyPath: keyPath, message: message)])
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch DecodingError.keyNotFound(let key, let context) {
            throw fail("\(what) needs \"\(key.stringValue)\" here", context.codingPath + [key])
        } catch DecodingError.typeMismatch(let expected, let context) {
            throw fail("expected \(word(for: expected)) here", context.codingPath)
        } catch DecodingError.valueNotFound(let expected, let context) {
            throw fail("expected \(word(for: expected)) here, not null", context.codingPath)
        } catch DecodingError.dataCorrupted(let context) {
            // Not JSON at all: Foundation's parser places the syntax error (parsed only now, so
            // that a good document is parsed once).
            if context.codingPath.isEmpty { _ = try JSONFile.object(data, file: file, what: what) }
            throw fail(context.debugDescription, context.codingPath)
        } catch {
            throw fail("cannot read \(what): \(error)", [])
        }
    }

    /// A check beyond the type's: `problem` at `keyPath` (plain keys and `[n]` indices, such as
    /// `points[2].replications`) unless `condition` holds; placed in `data`, the text read.
    public static func require(_ condition: Bool, in data: Data, file: String, at keyPath: String, _ problem: String) throws(ScenarioErrors) {
        guard !condition else { return }
        let place = JSONLocator.place(of: JSONLocator.steps(keyPath: keyPath), in: data) ?? (1, 1)
        throw ScenarioErrors(all: [ScenarioError(file: file, line: place.line, column: place.column, keyPath: keyPath, message: problem)])
    }

    static func word(for type: Any.Type) -> String {
        switch type {
        case is Double.Type, is DocumentNumber.Type: "a number"
        case is Int.Type, is UInt64.Type: "a whole number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
