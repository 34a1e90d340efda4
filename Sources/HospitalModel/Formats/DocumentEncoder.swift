import Foundation

/// Writes a `Codable` document as the house JSON: keys in the order the type encodes them,
/// numbers in their shortest round-trip form (whole numbers without ".0", NaN and infinities as
/// null), and a `DocumentLayout` saying which objects take a line per entry. The same value
/// always gives the same bytes, which the committed baselines and `merge`'s byte-for-byte
/// rebuild rely on.
public enum DocumentEncoder {
    /// The document's text, ending in a newline.
    public static func json<T: Encodable>(_ value: T, layout: DocumentLayout) -> String {
        render(tree(value), path: [], indent: "", layout: layout) + "\n"
    }

    /// The document as a tree of nodes (what `json` lays out; what schema checks walk).
    public static func tree<T: Encodable>(_ value: T) -> DocumentNode {
        let root = NodeBox()
        // Our containers never throw: every value has a JSON form (NaN becomes null).
        try? root.encode(value, codingPath: [])
        return root.finished
    }

    static func render(_ node: DocumentNode, path: [String], indent: String, layout: DocumentLayout) -> String {
        let style = layout.style(of: node, at: path)
        switch node {
        case .scalar(let text, _): return text
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            guard case .block(let step) = style else {
                return "[" + items.map { render($0, path: path + ["*"], indent: indent, layout: layout) }.joined(separator: style == .tight ? "," : ", ") + "]"
            }
            let inner = indent + String(repeating: " ", count: step)
            return "[\n" + items.map { inner + render($0, path: path + ["*"], indent: inner, layout: layout) }.joined(separator: ",\n")
                + "\n" + indent + "]"
        case .object(let entries):
            switch style {
            case .inline, .tight:
                return "{" + entries.map { JSON.string($0.key) + ": " + render($0.value, path: path + [$0.key], indent: indent, layout: layout) }
                    .joined(separator: ", ") + "}"
            case .block(let step):
                guard !entries.isEmpty else { return "{}" }
                let inner = indent + String(repeating: " ", count: step)
                return "{\n" + grouped(entries, path: path, indent: inner, layout: layout).map { inner + $0 }.joined(separator: ",\n")
                    + "\n" + indent + "}"
            case .hanging(let extra):
                let inner = indent + String(repeating: " ", count: extra)
                return "{" + grouped(entries, path: path, indent: inner, layout: layout).joined(separator: ",\n" + inner) + "}"
            }
        }
    }

    /// The entries' lines: keys the layout keeps on one line go together when they come one
    /// after another; entries below are laid out from `indent`.
    static func grouped(_ entries: [(key: String, value: DocumentNode)], path: [String], indent: String, layout: DocumentLayout) -> [String] {
        var lines: [String] = []
        var i = 0
        while i < entries.count {
            let group = layout.lines.first { $0.first == entries[i].key } ?? [entries[i].key]
            var line: [String] = []
            // The group starts with this entry's key, so the line is never empty.
            while i < entries.count, line.count < group.count, entries[i].key == group[line.count] {
                line.append(JSON.string(entries[i].key) + ": " + render(entries[i].value, path: path + [entries[i].key], indent: indent, layout: layout))
                i += 1
            }
            lines.append(line.joined(separator: ", "))
        }
        return lines
    }
}

/// Where an encoder puts what it encodes: a node that containers fill in place.
final class NodeBox {
    var node: DocumentNode = .object([])
    var entries: [(key: String, value: NodeBox)]?
    var items: [NodeBox]?

    /// The node with its children's nodes, once everything is encoded.
    var finished: DocumentNode {
        if let entries { return .object(entries.map { ($0.key, $0.value.finished) }) }
        if let items { return .array(items.map(\.finished)) }
        return node
    }
}

extension NodeBox {
    func set(_ text: String, _ kind: DocumentNode.Kind) {
        entries = nil
        items = nil
        node = .scalar(text, kind)
    }
}

struct TreeEncoder: Encoder {
    let box: NodeBox
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if box.entries == nil { box.entries = [] }
        return KeyedEncodingContainer(KeyedTree<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if box.items == nil { box.items = [] }
        return UnkeyedTree(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleTree(box: box, codingPath: codingPath) }
}

/// How each scalar is written.
enum ScalarText {
    static func of<T: Encodable>(_ value: T) -> (String, DocumentNode.Kind)? {
        switch value {
        case let x as Double: (JSON.number(x), x.isFinite ? .number : .null)
        case let x as Float: (JSON.number(Double(x)), x.isFinite ? .number : .null)
        case let x as Int: (String(x), .integer)
        case let x as Int64: (String(x), .integer)
        case let x as UInt64: (String(x), .integer)
        case let x as Int32: (String(x), .integer)
        case let x as UInt32: (String(x), .integer)
        case let x as UInt: (String(x), .integer)
        case let x as Bool: (x ? "true" : "false", .boolean)
        case let x as String: (JSON.string(x), .string)
        default: nil
        }
    }
}

extension NodeBox {
    /// Encodes `value` into this box: a scalar directly, anything else through its own `encode`.
    func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let (text, kind) = ScalarText.of(value) {
            set(text, kind)
        } else {
            try value.encode(to: TreeEncoder(box: self, codingPath: codingPath))
        }
    }
}

struct KeyedTree<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: NodeBox
    var codingPath: [any CodingKey]

    func child(_ key: Key) -> NodeBox {
        let child = NodeBox()
        box.entries!.append((key.stringValue, child))
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).set("null", .null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try child(key).encode(value, codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(box: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(box: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder(box: box, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(box: child(key), codingPath: codingPath + [key]) }
}

struct UnkeyedTree: UnkeyedEncodingContainer {
    let box: NodeBox
    var codingPath: [any CodingKey]
    var count: Int { box.items!.count }

    func next() -> NodeBox {
        let item = NodeBox()
        box.items!.append(item)
        return item
    }

    mutating func encodeNil() throws { next().set("null", .null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try next().encode(value, codingPath: codingPath) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(box: next(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(box: next(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder(box: next(), codingPath: codingPath) }
}

struct SingleTree: SingleValueEncodingContainer {
    let box: NodeBox
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.set("null", .null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try box.encode(value, codingPath: codingPath) }
}
