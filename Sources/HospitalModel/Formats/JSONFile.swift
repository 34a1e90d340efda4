import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation

/// Reads a JSON document that hospsim wrote (a results document, a partial result, a baseline),
/// with the place of a syntax error when the text is not JSON, and plain words when it is not a
/// JSON object at all.
public enum JSONFile {
    /// The largest document read back: parsing takes about 24 bytes of memory per byte of text,
    /// so 16 MiB stay within 500 MB. A partial result of about 950 emergency-department
    /// replications (more shards hold more).
    public static let maximumBytes = 16 << 20

    /// The bytes of the document at `path`, refused before they are parsed when the file is too
    /// large or does not hold a JSON object (a top-level array, say).
    public static func read(_ path: String, what: String) throws(ScenarioErrors) -> Data {
        let data = try ScenarioLoader.readBytes(path, limit: maximumBytes, folder: "this is a folder; expected \(what)",
                                                tooLarge: "more than hospsim reads back; expected \(what)")
        try checkObject(data, file: path, what: what)
        return data
    }

    /// Refuses, without parsing, text whose first character is not `{`.
    static func checkObject(_ data: Data, file: String, what: String) throws(ScenarioErrors) {
        let first = data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        guard first == UInt8(ascii: "{") else {
            throw ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: "", message: "expected \(what), a JSON object")])
        }
    }

    /// The top-level object of `data`; `what` names the expected document in messages.
    public static func object(_ data: Data, file: String, what: String) throws(ScenarioErrors) -> [String: Any] {
        func fail(_ message: String, line: Int = 1, column: Int = 1) -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: file, line: line, column: column, keyPath: "", message: message)])
        }
        try checkObject(data, file: file, what: what)
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            // Foundation says "... around character N." (from 0): turn that into a line and column.
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
            let bytes = [UInt8](data)
            if let n = detail.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .punctuationCharacters)) }), n <= bytes.count {
                let (line, column) = ScenarioLoader.place(ofByte: n, in: bytes)
                throw fail("not valid JSON here (\(detail.trimmingCharacters(in: .punctuationCharacters).lowercased())); expected \(what)",
                           line: line, column: column)
            }
            throw fail("not valid JSON; expected \(what)")
        }
        guard let object = parsed as? [String: Any] else { throw fail("expected \(what), a JSON object") }
        return object
    }
}
