/// What an account may do: a viewer reads, a planner also runs studies, an admin also edits
/// scenarios, mappings and accounts. Each role includes those before it.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case viewer, planner, admin

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }

    /// Whether this role may do what `needed` may.
    public func allows(_ needed: Role) -> Bool { self >= needed }
}
