import SimKernel
import Yams

/// A policy's parameters, with typed accessors. When the scenario is read they come from the
/// file: each accessor checks its value, reports a problem (with the file, line, column and key
/// path) instead of throwing, and records what it read. When the model is compiled the policy
/// is made again from those recorded values (`PolicySpec.parameters`), so the scenario holds a
/// specification, never a live policy.
public final class PolicyArguments {
    private enum Source {
        case written(reader: ScenarioReader, values: [String: Node], node: Node, path: String)
        case recorded([String: PolicyValue])
    }
    private let source: Source
    /// What the accessors have read so far, by key.
    public private(set) var recorded: [String: PolicyValue] = [:]
    /// The scenario's class names, in order: class parameters are given by name.
    public let classNames: [String]
    /// Priority of each class (smaller is more urgent).
    public let classPriorities: [Int]

    init(reader: ScenarioReader, values: [String: Node], node: Node, path: String, classPriorities: [Int]) {
        source = .written(reader: reader, values: values, node: node, path: path)
        classNames = reader.classNames
        self.classPriorities = classPriorities
    }

    /// Parameters already read and checked: the policy is being made from its specification.
    public init(recorded values: [String: PolicyValue], classNames: [String], classPriorities: [Int]) {
        source = .recorded(values)
        self.classNames = classNames
        self.classPriorities = classPriorities
    }

    /// Reports a problem with the parameter `key` (or the whole block when nil). Parameters that
    /// were recorded have been checked already, so there is nothing to report then.
    public func fail(_ key: String?, _ message: String) {
        guard case .written(let reader, let values, let node, let path) = source else { return }
        let at = key.flatMap { values[$0] } ?? node
        reader.report(at, key.map { ScenarioReader.join(path, $0) } ?? path, message)
    }

    /// Whether the parameter `key` is given.
    public func has(_ key: String) -> Bool {
        switch source {
        case .recorded(let values): values[key] != nil
        case .written(_, let values, _, _): values[key] != nil
        }
    }

    /// The value of `key` read before, or how to read it from the file; `absent` when not given.
    private func lookup<T>(_ key: String, absent fallback: T?, required: String? = nil,
                           recorded extract: (PolicyValue) -> T?,
                           read: (ScenarioReader, Node, String) -> T?, record: (T) -> PolicyValue) -> T? {
        switch source {
        case .recorded(let values):
            return values[key].flatMap(extract) ?? fallback
        case .written(let reader, let values, _, let path):
            guard let n = values[key] else {
                if fallback == nil { fail(nil, required ?? "the policy needs the parameter \(quoted(key))") }
                return fallback
            }
            let value = read(reader, n, ScenarioReader.join(path, key))
            if let value { recorded[key] = record(value) }
            return value
        }
    }

    /// A whole number >= `minimum`; `fallback` when absent (nil fallback: required).
    /// A whole number from `minimum` to `maximum` (by default the longest queue allowed: every
    /// policy count is of units or of waiting patients); `fallback` when absent (nil: required).
    public func integer(_ key: String, minimum: Int = 0, maximum: Int = Limits.queueCapacity, default fallback: Int? = nil) -> Int? {
        lookup(key, absent: fallback, recorded: { if case .integer(let n) = $0 { n } else { nil } },
               read: { reader, n, p in reader.wholeNumber(n, p, what: key, minimum: minimum, maximum: maximum) }, record: PolicyValue.integer)
    }

    /// A number >= 0; `fallback` when absent (nil fallback: required).
    public func number(_ key: String, default fallback: Double? = nil) -> Double? {
        lookup(key, absent: fallback, recorded: { if case .number(let x) = $0 { x } else { nil } },
               read: { reader, n, p in
                   guard let x = reader.number(n, p, what: key) else { return nil }
                   guard x >= 0 else {
                       reader.report(n, p, "\(key) must not be negative, got \(readable(x))")
                       return nil
                   }
                   return x
               }, record: PolicyValue.number)
    }

    /// A time in the scenario's unit ("30 min" or a bare number).
    public func time(_ key: String, default fallback: Double? = nil) -> Double? {
        lookup(key, absent: fallback, recorded: { if case .number(let x) = $0 { x } else { nil } },
               read: { reader, n, p in reader.time(n, p, what: key) }, record: PolicyValue.number)
    }

    /// true or false.
    public func flag(_ key: String, default fallback: Bool) -> Bool? {
        lookup(key, absent: fallback, recorded: { if case .flag(let b) = $0 { b } else { nil } },
               read: { reader, n, p in
                   switch n.scalar?.string {
                   case "true": return true
                   case "false": return false
                   default:
                       reader.report(n, p, "\(key) must be true or false")
                       return nil
                   }
               }, record: PolicyValue.flag)
    }

    /// One of the words `allowed`; `fallback` when absent.
    public func word(_ key: String, among allowed: [String], default fallback: String) -> String? {
        lookup(key, absent: fallback, recorded: { if case .word(let w) = $0 { w } else { nil } },
               read: { reader, n, p in
                   guard let w = n.scalar?.string, allowed.contains(w) else {
                       reader.report(n, p, "\(key) must be " + allowed.joined(separator: " or "))
                       return nil
                   }
                   return w
               }, record: PolicyValue.word)
    }

    /// A list of class names (or one name), as class indices.
    public func classes(_ key: String) -> Set<Int>? {
        lookup(key, absent: nil, required: "the policy needs the parameter \(quoted(key)) (a list of class names)",
               recorded: { if case .classes(let c) = $0 { c } else { nil } },
               read: { reader, n, path in
                   let items: [Node] = if case .sequence(let s) = n { Array(s) } else { [n] }
                   var result = Set<Int>()
                   for (i, item) in items.enumerated() {
                       let p = path + "[\(i)]"
                       guard let name = reader.string(item, p, what: "a class name") else { return nil }
                       guard let c = classNames.firstIndex(of: name) else {
                           let hint = suggestion(for: name, among: classNames).map { "; did you mean '\($0)'?" } ?? ""
                           reader.report(item, p, "unknown class \(quoted(name))\(hint)")
                           return nil
                       }
                       result.insert(c)
                   }
                   if result.isEmpty { reader.report(n, path, "\(key) must name at least one class") }
                   return result.isEmpty ? nil : result
               }, record: PolicyValue.classes)
    }

    /// A number per class, `{resus: 1.0, minor: 0.1}`; absent classes get `fallback`.
    public func perClass(_ key: String, default fallback: Double) -> [Double]? {
        lookup(key, absent: Array(repeating: fallback, count: classNames.count),
               recorded: { if case .perClass(let x) = $0 { x } else { nil } },
               read: { reader, n, path in
                   var result = Array(repeating: fallback, count: classNames.count)
                   guard let f = reader.fields(n, path, allowed: classNames, what: key) else { return nil }
                   for (name, v) in f {
                       guard let x = reader.number(v, path + "." + name, what: "a value for \(name)") else { return nil }
                       guard x >= 0 else {
                           reader.report(v, path + "." + name, "\(key) must not be negative")
                           return nil
                       }
                       result[classNames.firstIndex(of: name)!] = x
                   }
                   return result
               }, record: PolicyValue.perClass)
    }
}
