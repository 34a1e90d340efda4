import SimKernel

/// A problem found in a scenario file, with the place it was found.
///
/// Printed in the compiler's shape, so that editors can jump to it:
/// `ed.yaml:12:5: error: unknown key 'capcity'; did you mean 'capacity'? (at resources[0].capcity)`
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var file: String
    public var line: Int
    public var column: Int
    public var keyPath: String
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int, column: Int, keyPath: String, message: String,
                severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
        self.severity = severity
    }

    /// Messages quote the user's input cut short (see `quoted`); these caps are the last guard
    /// against echoing megabytes of it.
    static let messageLimit = 600
    static let keyPathLimit = 200

    public var description: String {
        let place = keyPath.isEmpty ? "" : " (at \(Self.cut(keyPath, Self.keyPathLimit)))"
        return "\(file):\(line):\(column): \(severity.rawValue): \(Self.cut(message, Self.messageLimit))\(place)"
    }

    static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "… (\(text.count) characters)"
    }
}

/// The user's text as quoted in a message: line breaks shown as \n, and cut to a few dozen
/// characters so that a huge value never floods the terminal.
package func quoted(_ text: String, limit: Int = 40) -> String {
    var shown = text.count <= limit ? text : String(text.prefix(limit)) + "…"
    shown = shown.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
    return "'" + shown + "'" + (text.count > limit ? " (\(text.count) characters)" : "")
}

/// A number in a message, as a person would write it.
package func readable(_ x: Double) -> String { NumberText.readable(x) }

/// Every problem found in one scenario file; thrown when at least one is an error.
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    public var all: [ScenarioError]
    public var errors: [ScenarioError] { all.filter { $0.severity == .error } }
    public var warnings: [ScenarioError] { all.filter { $0.severity == .warning } }
    public var description: String { all.map(\.description).joined(separator: "\n") }

    public init(all: [ScenarioError]) { self.all = all }
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
public func suggestion(for word: String, among candidates: [String]) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
        let d = editDistance(word.lowercased(), candidate.lowercased())
        if d < (best?.1 ?? Int.max) { best = (candidate, d) }
    }
    guard let (name, distance) = best else { return nil }
    let allowed = max(2, min(word.count, name.count) / 3)
    return distance <= allowed ? name : nil
}

/// Levenshtein distance, counting a swap of two neighbouring letters as one edit.
package func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
    for i in 0...x.count { d[i][0] = i }
    for j in 0...y.count { d[0][j] = j }
    for i in 1...x.count {
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[x.count][y.count]
}
