/// The allocation policies a scenario may name, with the parameters each accepts.
public enum PolicyRegistry {
    /// Names and parameter keys, in the order they are documented.
    static let entries: [(name: String, parameters: [String])] = [
        ("fifo", []),
        ("priority", []),
        ("preemptive", []),
    ]

    public static var names: [String] { entries.map(\.name) }
    public static func isKnown(_ name: String) -> Bool { entries.contains { $0.name == name } }
    public static func parameters(of name: String) -> [String] { entries.first { $0.name == name }?.parameters ?? [] }
}
