/// A small JSON Schema check of a document as encoded, over the keywords hospsim's schemas use:
/// $ref, type, properties, required, additionalProperties, items, enum, const, anyOf, minItems
/// and maxItems. Tests use it to hold each document type and its published schema together; a
/// front end may use it to check a document it is handed.
public enum SchemaCheck {
    /// Adds to `problems` every way `node` breaks `schema`, and to `seen` the property paths it
    /// wrote (`results.metrics`), so a caller can tell which described keys were never written.
    public static func check(_ node: DocumentNode, against schema: JSONValue, path: String, defs: [(String, JSONValue)],
                             seen: inout Set<String>, problems: inout [String]) {
        guard case .object(let s) = schema else { return }
        func keyword(_ k: String) -> JSONValue? { s.first { $0.0 == k }?.1 }
        if case .string(let ref)? = keyword("$ref"), let target = defs.first(where: { "#/$defs/" + $0.0 == ref })?.1 {
            return check(node, against: target, path: path, defs: defs, seen: &seen, problems: &problems)
        }
        if let type = keyword("type") {
            let allowed: [String] = switch type {
            case .string(let t): [t]
            case .array(let ts): ts.compactMap { if case .string(let t) = $0 { t } else { nil } }
            default: []
            }
            let actual: [String] = switch node {
            case .scalar(_, .string): ["string"]
            case .scalar(_, .integer): ["integer", "number"]
            case .scalar(_, .number): ["number"]
            case .scalar(_, .boolean): ["boolean"]
            case .scalar(_, .null): ["null"]
            case .array: ["array"]
            case .object: ["object"]
            }
            if Set(allowed).isDisjoint(with: actual) { problems.append("\(path): \(actual[0]) where the schema says \(allowed)") }
        }
        if case .array(let options)? = keyword("enum"), case .scalar(let text, _) = node,
           !options.contains(where: { $0.rendered() == text }) {
            problems.append("\(path): \(text) is not among the schema's values")
        }
        if let constant = keyword("const"), case .scalar(let text, _) = node, constant.rendered() != text {
            problems.append("\(path): \(text) is not the schema's constant \(constant.rendered())")
        }
        if case .array(let options)? = keyword("anyOf") {
            // The first option the node satisfies counts; none is a problem.
            for option in options {
                var optionSeen = seen, optionProblems: [String] = []
                check(node, against: option, path: path, defs: defs, seen: &optionSeen, problems: &optionProblems)
                if optionProblems.isEmpty {
                    seen = optionSeen
                    return
                }
            }
            problems.append("\(path): matches none of the schema's alternatives")
            return
        }
        switch node {
        case .object(let entries):
            let properties: [(String, JSONValue)] = if case .object(let p)? = keyword("properties") { p } else { [] }
            if case .array(let required)? = keyword("required") {
                for case .string(let key) in required where !entries.contains(where: { $0.key == key }) {
                    problems.append("\(path): required \(key) is not written")
                }
            }
            for (key, value) in entries {
                if let property = properties.first(where: { $0.0 == key })?.1 {
                    seen.insert(path + "." + key)
                    check(value, against: property, path: path + "." + key, defs: defs, seen: &seen, problems: &problems)
                } else if let extra = keyword("additionalProperties"), extra != .bool(false) {
                    check(value, against: extra, path: path + ".*", defs: defs, seen: &seen, problems: &problems)
                } else {
                    problems.append("\(path): \(key) is written but not in the schema")
                }
            }
        case .array(let items):
            if case .number(let least)? = keyword("minItems"), Double(items.count) < least { problems.append("\(path): too few items") }
            if case .number(let most)? = keyword("maxItems"), Double(items.count) > most { problems.append("\(path): too many items") }
            if let itemSchema = keyword("items") {
                for item in items { check(item, against: itemSchema, path: path + "[]", defs: defs, seen: &seen, problems: &problems) }
            }
        case .scalar: break
        }
    }
}
