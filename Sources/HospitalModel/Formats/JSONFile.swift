import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation

/// Reads a JSON document that hospsim wrote (a results document, a partial result, a baseline),
/// with the place of a syntax error when the text is not JSON, and plain words when it is not a
/// JSON object at all.
public enum JSONFile {
    /// The top-level object of `data`; `what` names the expected document in messages.
    public static func object(_ data: Data, file: String, what: String) throws(ScenarioErrors) -> [String: Any] {
        func fail(_ message: String, line: Int = 1, column: Int = 1) -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: file, line: line, column: column, keyPath: "", message: message)])
        }
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
