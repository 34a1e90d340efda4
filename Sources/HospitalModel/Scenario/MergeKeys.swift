import Yams

/// YAML merge keys (`<<: *defaults`), expanded in a composed tree so that every reader sees
/// plain mappings: a resource or a step written once with an anchor and reused with changes.
///
/// ```yaml
/// resources:
///   - &doctor {name: doctor, capacity: 4, cost: {staffed_per_hour: 110}}
///   - {<<: *doctor, name: locum, capacity: 1}
/// ```
/// The mapping's own keys win over merged ones, and of a list of merged mappings
/// (`<<: [*a, *b]`) the earlier wins, as YAML's merge key type says. Merged values keep their
/// place in the file, so a problem in one is reported where it is written. A `<<` in quotes is
/// an ordinary key.
enum MergeKeys {
    /// The most values a file may expand to through its aliases: far above any scenario's few
    /// thousand, far below what a file of nested aliases (a "billion laughs") would make.
    static let budget = 1_000_000

    struct Failure: Error, CustomStringConvertible {
        let mark: Mark?
        let message: String
        var description: String { message }
    }

    /// `node` with every merge key expanded; `node` itself when `text` holds no `<<`.
    static func expand(_ node: Node, in text: String) throws(Failure) -> Node {
        guard mentionsMerge(text) else { return node }
        var left = budget
        return try expand(node, left: &left)
    }

    static func expand(_ node: Node, left: inout Int) throws(Failure) -> Node {
        left -= 1
        guard left >= 0 else {
            throw Failure(mark: node.mark, message: "the file's aliases expand to more than \(budget) values; is an alias copied into itself, over and over?")
        }
        switch node {
        case .scalar, .alias:
            return node
        case .sequence(let s):
            var items: [Node] = []
            items.reserveCapacity(s.count)
            for item in s { items.append(try expand(item, left: &left)) }
            return .sequence(Node.Sequence(items, s.tag, s.style, s.mark))
        case .mapping(let m):
            var own: [(Node, Node)] = []
            var merged: [(Node, Node)] = []
            for (key, value) in m {
                guard isMergeKey(key) else {
                    own.append((try expand(key, left: &left), try expand(value, left: &left)))
                    continue
                }
                let sources: [Node]
                switch value {
                case .mapping: sources = [value]
                case .sequence(let s) where s.allSatisfy({ $0.mapping != nil }): sources = Array(s)
                default:
                    throw Failure(mark: value.mark ?? key.mark,
                                  message: "a merge key (<<) takes a mapping, usually an alias such as *defaults, or a list of them")
                }
                for source in sources {
                    guard case .mapping(let expanded) = try expand(source, left: &left) else { continue }
                    merged.append(contentsOf: expanded.map { ($0.key, $0.value) })
                }
            }
            guard !merged.isEmpty else { return .mapping(Node.Mapping(own, m.tag, m.style, m.mark)) }
            // Own keys first, then each merged key not yet given (the earlier source wins).
            var taken = Set(own.compactMap { $0.0.scalar?.string })
            var pairs = own
            for (key, value) in merged {
                guard let name = key.scalar?.string else { continue }
                if taken.insert(name).inserted { pairs.append((key, value)) }
            }
            return .mapping(Node.Mapping(pairs, m.tag, m.style, m.mark))
        }
    }

    /// Whether `text` holds "<<" at all, looked for in its bytes (Foundation's `contains` goes
    /// through NSString on Linux, for every scenario read).
    static func mentionsMerge(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x3C, previous == 0x3C { return true }
            previous = byte
        }
        return false
    }

    /// A plain `<<` (not in quotes) as a key.
    static func isMergeKey(_ key: Node) -> Bool {
        guard case .scalar(let s) = key else { return false }
        return s.string == "<<" && s.style == .plain
    }
}
