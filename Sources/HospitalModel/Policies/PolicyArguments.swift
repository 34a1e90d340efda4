import SimKernel
import Yams

/// A policy's parameters as written in the scenario, with typed accessors that report
/// problems (with the file, line, column and key path) instead of throwing.
public final class PolicyArguments {
    let reader: ScenarioReader
    let values: [String: Node]
    let node: Node
    let path: String
    /// The scenario's class names, in order: class parameters are given by name.
    public let classNames: [String]
    /// Priority of each class (smaller is more urgent).
    public let classPriorities: [Int]

    init(reader: ScenarioReader, values: [String: Node], node: Node, path: String, classPriorities: [Int]) {
        self.reader = reader
        self.values = values
        self.node = node
        self.path = path
        self.classNames = reader.classNames
        self.classPriorities = classPriorities
    }

    /// Reports a problem with the parameter `key` (or the whole block when nil).
    public func fail(_ key: String?, _ message: String) {
        let at = key.flatMap { values[$0] } ?? node
        reader.report(at, key.map { ScenarioReader.join(path, $0) } ?? path, message)
    }

    public func has(_ key: String) -> Bool { values[key] != nil }

    /// A whole number >= `minimum`; `fallback` when absent (nil fallback: required).
    /// A whole number from `minimum` to `maximum` (by default the longest queue allowed: every
    /// policy count is of units or of waiting patients); `fallback` when absent (nil: required).
    public func integer(_ key: String, minimum: Int = 0, maximum: Int = Limits.queueCapacity, default fallback: Int? = nil) -> Int? {
        guard let n = values[key] else {
            if fallback == nil { fail(nil, "the policy needs the parameter \(quoted(key))") }
            return fallback
        }
        return reader.wholeNumber(n, ScenarioReader.join(path, key), what: key, minimum: minimum, maximum: maximum)
    }

    /// A number >= 0; `fallback` when absent (nil fallback: required).
    public func number(_ key: String, default fallback: Double? = nil) -> Double? {
        guard let n = values[key] else {
            if fallback == nil { fail(nil, "the policy needs the parameter \(quoted(key))") }
            return fallback
        }
        guard let x = reader.number(n, ScenarioReader.join(path, key), what: key) else { return nil }
        guard x >= 0 else {
            fail(key, "\(key) must not be negative, got \(readable(x))")
            return nil
        }
        return x
    }

    /// A time in the scenario's unit ("30 min" or a bare number).
    public func time(_ key: String, default fallback: Double? = nil) -> Double? {
        guard let n = values[key] else {
            if fallback == nil { fail(nil, "the policy needs the parameter \(quoted(key))") }
            return fallback
        }
        return reader.time(n, ScenarioReader.join(path, key), what: key)
    }

    /// true or false.
    public func flag(_ key: String, default fallback: Bool) -> Bool? {
        guard let n = values[key] else { return fallback }
        switch n.scalar?.string {
        case "true": return true
        case "false": return false
        default:
            fail(key, "\(key) must be true or false")
            return nil
        }
    }

    /// A list of class names (or one name), as class indices.
    public func classes(_ key: String) -> Set<Int>? {
        guard let n = values[key] else {
            fail(nil, "the policy needs the parameter \(quoted(key)) (a list of class names)")
            return nil
        }
        let items: [Node] = if case .sequence(let s) = n { Array(s) } else { [n] }
        var result = Set<Int>()
        for (i, item) in items.enumerated() {
            let p = ScenarioReader.join(path, key) + "[\(i)]"
            guard let name = reader.string(item, p, what: "a class name") else { return nil }
            guard let c = classNames.firstIndex(of: name) else {
                let hint = suggestion(for: name, among: classNames).map { "; did you mean '\($0)'?" } ?? ""
                reader.report(item, p, "unknown class \(quoted(name))\(hint)")
                return nil
            }
            result.insert(c)
        }
        if result.isEmpty { fail(key, "\(key) must name at least one class") }
        return result.isEmpty ? nil : result
    }

    /// A number per class, `{resus: 1.0, minor: 0.1}`; absent classes get `fallback`.
    public func perClass(_ key: String, default fallback: Double) -> [Double]? {
        var result = Array(repeating: fallback, count: classNames.count)
        guard let n = values[key] else { return result }
        guard let f = reader.fields(n, ScenarioReader.join(path, key), allowed: classNames, what: key) else { return nil }
        for (name, v) in f {
            guard let x = reader.number(v, ScenarioReader.join(path, key) + "." + name, what: "a value for \(name)") else { return nil }
            guard x >= 0 else {
                reader.report(v, ScenarioReader.join(path, key) + "." + name, "\(key) must not be negative")
                return nil
            }
            result[classNames.firstIndex(of: name)!] = x
        }
        return result
    }
}

/// The registered policies. Adding one is a new file and one line here.
public enum PolicyRegistry {
    public static let types: [any AllocationPolicy.Type] = [
        FIFOPolicy.self,
        PriorityPolicy.self,
        PreemptivePolicy.self,
        AccumulatingPriorityPolicy.self,
        ShortestExpectedFirstPolicy.self,
        FastTrackPolicy.self,
        BedReservationPolicy.self,
        SurgeStaffingPolicy.self,
    ]

    public static var names: [String] { types.map { $0.name } }
    public static func type(named name: String) -> (any AllocationPolicy.Type)? {
        types.first { $0.name == name }
    }
}
