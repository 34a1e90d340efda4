import Yams

/// Changes to a scenario file by key path, for sweeps: `resources.doctor.capacity=4` sets the
/// capacity of the resource named doctor. A path segment is a mapping key, or in a list the
/// item with that `name` (or that index).
public enum ScenarioPatch {
    public struct Assignment: Sendable, Equatable {
        public var path: String
        public var value: String
        public init(path: String, value: String) {
            self.path = path
            self.value = value
        }
    }

    /// `path=values`, values being `a..b` (whole numbers, inclusive), `a,b,c`, or one value.
    /// A value that starts with `{` or `[` is one YAML value, commas and all.
    public static func parseSetting(_ text: String) -> Result<(path: String, values: [String]), PatchError> {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            return .failure(PatchError(message: "--set takes PATH=VALUES, such as resources.doctor.capacity=3..8; got \(quoted(text))"))
        }
        let path = String(text[..<eq]).trimmingBlanks()
        let raw = String(text[text.index(after: eq)...]).trimmingBlanks()
        if raw.hasPrefix("{") || raw.hasPrefix("[") { return .success((path, [raw])) }
        let range = raw.components(separatedBy: "..")
        if range.count == 2, let lo = Int(range[0]), let hi = Int(range[1]) {
            let (span, overflow) = hi.subtractingReportingOverflow(lo)
            guard lo <= hi, !overflow, span < 10_000 else {
                return .failure(PatchError(message: "the range \(raw) in --set must run upwards and hold fewer than 10000 values"))
            }
            return .success((path, (lo...hi).map(String.init)))
        }
        let values = raw.split(separator: ",").map { $0.trimmingBlanks() }
        guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
            return .failure(PatchError(message: "--set \(path) has an empty value"))
        }
        return .success((path, values))
    }

    /// The scenario text with every assignment made.
    public static func apply(_ assignments: [Assignment], to yaml: String) -> Result<String, PatchError> {
        do {
            guard var root = try ScenarioLoader.compose(yaml, resolver: .default) else { return .failure(PatchError(message: "the scenario file is empty")) }
            for a in assignments {
                guard let value = try ScenarioLoader.compose(a.value, resolver: .default) else {
                    return .failure(PatchError(message: "--set \(a.path): empty value"))
                }
                root = try set(root, Array(a.path.split(separator: ".").map(String.init)), to: value, path: a.path)
            }
            return .success(try Yams.serialize(node: root))
        } catch let e as PatchError {
            return .failure(e)
        } catch {
            return .failure(PatchError(message: "\(error)"))
        }
    }

    static func set(_ node: Node, _ segments: [String], to value: Node, path: String) throws -> Node {
        guard let first = segments.first else { return value }
        let rest = Array(segments.dropFirst())
        switch node {
        case .mapping(var m):
            if let i = m.firstIndex(where: { $0.key.scalar?.string == first }) {
                let key = m[i].key
                let replaced = try set(m[i].value, rest, to: value, path: path)
                var pairs = Array(m)
                pairs[i] = (key, replaced)
                m = Node.Mapping(pairs.map { ($0.key, $0.value) }, m.tag, m.style)
                return .mapping(m)
            }
            guard rest.isEmpty else {
                let keys = m.compactMap { $0.key.scalar?.string }
                let hint = suggestion(for: first, among: keys).map { "; did you mean '\($0)'?" } ?? ""
                throw PatchError(message: "--set \(path): no key \(quoted(first)) here\(hint)")
            }
            var pairs = Array(m).map { ($0.key, $0.value) }
            pairs.append((Node(first), value))
            return .mapping(Node.Mapping(pairs, m.tag, m.style))
        case .sequence(let s):
            var items = Array(s)
            let index = Int(first) ?? items.firstIndex { item in
                if case .mapping(let m) = item { return m.first { $0.key.scalar?.string == "name" }?.value.scalar?.string == first }
                return false
            }
            guard let i = index, items.indices.contains(i) else {
                let names = items.compactMap { item -> String? in
                    guard case .mapping(let m) = item else { return nil }
                    return m.first { $0.key.scalar?.string == "name" }?.value.scalar?.string
                }
                if Int(first) != nil || names.isEmpty {
                    throw PatchError(message: "--set \(path): no item \(quoted(first)) in this list of \(items.count) (items are numbered from 0)")
                }
                let hint = suggestion(for: first, among: names).map { "; did you mean '\($0)'?" } ?? ""
                throw PatchError(message: "--set \(path): no item named \(quoted(first)) in this list\(hint) (its items: \(names.joined(separator: ", ")))")
            }
            items[i] = try set(items[i], rest, to: value, path: path)
            return .sequence(Node.Sequence(items, s.tag, s.style))
        default:
            throw PatchError(message: "--set \(path): \(quoted(first)) goes below a plain value")
        }
    }
}

extension ScenarioPatch {
    /// The plain value at `path` in the scenario text (a list item by its name or index), or nil.
    public static func value(at path: String, in yaml: String) -> String? {
        resolve(path, in: yaml)?.node.scalar?.string
    }

    /// `path` with every list item named by its index (`resources.doctor.capacity` and
    /// `resources.0.capacity` are one key), or the path itself when it leads nowhere.
    public static func canonical(_ path: String, in yaml: String) -> String {
        resolve(path, in: yaml)?.path ?? path
    }

    static func resolve(_ path: String, in yaml: String) -> (node: Node, path: String)? {
        guard var node = (try? ScenarioLoader.compose(yaml, resolver: .default)) ?? nil else { return nil }
        var resolved: [String] = []
        for segment in path.split(separator: ".").map(String.init) {
            switch node {
            case .mapping(let m):
                guard let next = m.first(where: { $0.key.scalar?.string == segment })?.value else { return nil }
                node = next
            case .sequence(let s):
                let items = Array(s)
                let index = Int(segment) ?? items.firstIndex { item in
                    if case .mapping(let m) = item { return m.first { $0.key.scalar?.string == "name" }?.value.scalar?.string == segment }
                    return false
                }
                guard let i = index, items.indices.contains(i) else { return nil }
                node = items[i]
                resolved.append(String(i))
                continue
            default: return nil
            }
            resolved.append(segment)
        }
        return (node, resolved.joined(separator: "."))
    }
}

public struct PatchError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
