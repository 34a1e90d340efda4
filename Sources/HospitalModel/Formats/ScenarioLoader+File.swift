import Foundation
import HospitalPolicies
import HospitalScenario

extension ScenarioLoader {
    /// Loads the file at `path`. Warnings that do not stop the run are returned in `warnings`.
    public static func load(path: String) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [ScenarioError]) {
        try load(yaml: readText(path), file: path)
    }

    /// At most `limit` bytes of the file at `path`, or a plain message: no such file, a folder
    /// (`folder` says what to name instead), unreadable, larger than `limit` (`tooLarge` adds why).
    static func readBytes(_ path: String, limit: Int, folder: String, tooLarge: String) throws(ScenarioErrors) -> Data {
        func fail(_ message: String) -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: path, line: 1, column: 1, keyPath: "", message: message)])
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw fail("no such file") }
        if isFolder.boolValue { throw fail(folder) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("cannot read the file: permission denied") }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch { throw fail("cannot read the file: \(error.localizedDescription)") }
        guard data.count <= limit else { throw fail("the file is larger than \(limit >> 20) MiB, \(tooLarge)") }
        return data
    }

    /// The text of a scenario file, or a plain message for what is not one: a folder, a file too
    /// large to be a scenario, binary data, text that is not UTF-8.
    public static func readText(_ path: String) throws(ScenarioErrors) -> String {
        func fail(_ message: String, line: Int = 1, column: Int = 1) -> ScenarioErrors {
            ScenarioErrors(all: [ScenarioError(file: path, line: line, column: column, keyPath: "", message: message)])
        }
        let data = try readBytes(path, limit: Limits.fileBytes,
                                 folder: "this is a folder, not a scenario file; name a .yaml file (run and validate also take folders)",
                                 tooLarge: "far more than any scenario; is it the right file?")
        let bytes = [UInt8](data)
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = place(ofByte: nul, in: bytes)
            throw fail("this is not a text file (it holds binary data); a scenario is YAML text", line: line, column: column)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var offset = 0
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            decoding: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): offset += UTF8.width(scalar)
                case .emptyInput, .error: break decoding
                }
            }
            let (line, column) = place(ofByte: offset, in: bytes)
            throw fail("the file is not UTF-8 text (byte \(offset + 1) is not valid UTF-8); save it as UTF-8", line: line, column: column)
        }
        return text
    }
}
