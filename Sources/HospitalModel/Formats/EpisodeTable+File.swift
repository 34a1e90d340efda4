import Foundation
import HospitalScenario

extension EpisodeTable {
    /// Reads and parses the CSV file at `path`.
    public static func read(path: String) throws(Failure) -> EpisodeTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(error: ScenarioError(file: path, line: 1, column: 1, keyPath: "", message: "cannot read the file"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure(error: ScenarioError(file: path, line: 1, column: 1, keyPath: "", message: "the file is not UTF-8 text"))
        }
        return try parse(text, file: path)
    }
}
