import Foundation
import Yams

/// The numbers of a scenario's text that a sensitivity study varies.
extension ScenarioPatch {
    /// A value written as a number, or a number and a unit ("35 min", "6 per hour"): the
    /// number and the rest as written after it (with its space); nil for anything else.
    public static func number(_ text: String) -> (Double, String)? {
        let trimmed = text.trimmingBlanks()
        let digits = trimmed.prefix { "0123456789.eE+-".contains($0) }
        guard !digits.isEmpty, let x = Double(digits), x.isFinite, x >= 0 else { return nil }
        return (x, String(trimmed.dropFirst(digits.count)))
    }

    /// The most the single probability of the branch arm at `path` (`...branch.A.probability`)
    /// may be while the other arms keep theirs: one minus their single probabilities; nil when
    /// `path` is no such arm or another arm gives a probability per class.
    public static func probabilityRoom(at path: String, in yaml: String) -> Double? {
        let parts = path.split(separator: ".").map(String.init)
        guard parts.count >= 3, parts.last == "probability", let arm = Int(parts[parts.count - 2]),
              let branch = resolve(parts.dropLast(2).joined(separator: "."), in: yaml)?.node,
              case .sequence(let arms) = branch else { return nil }
        var others = 0.0
        for (a, node) in arms.enumerated() where a != arm {
            guard let p = node["probability"] else { continue }  // the otherwise arm
            guard let x = p.scalar.flatMap({ Double($0.string) }) else { return nil }
            others += x
        }
        return 1 - others
    }

    /// The numeric inputs of a scenario, as key paths: each arrival stream's `rate` (or its
    /// whole `by_hour` profile), each resource's `capacity` and each shift's, the `mean` of each
    /// step's duration (a `use` step's `duration`, a `delay`), and each branch arm's single
    /// `probability` in a branch with an `otherwise` arm, through branches' arms.
    public static func numericInputs(in yaml: String) -> [String] {
        guard let root = (try? ScenarioLoader.compose(yaml, resolver: .default)) ?? nil else { return [] }
        var found: [String] = []
        func numeric(_ node: Node?) -> Bool { node?.scalar.flatMap { number($0.string) } != nil }
        if case .sequence(let streams)? = root["arrivals"] {
            for (i, s) in streams.enumerated() {
                if numeric(s["rate"]) { found.append("arrivals.\(i).rate") }
                // A profile has no one number: the whole profile is scaled.
                if s["by_hour"] != nil { found.append("arrivals.\(i).by_hour") }
            }
        }
        if case .sequence(let resources)? = root["resources"] {
            for (i, r) in resources.enumerated() {
                if numeric(r["capacity"]) { found.append("resources.\(i).capacity") }
                if case .sequence(let shifts)? = r["shifts"] {
                    for (j, shift) in shifts.enumerated() where numeric(shift["capacity"]) { found.append("resources.\(i).shifts.\(j).capacity") }
                }
            }
        }
        /// The `mean` inside a distribution written `{FORM: {mean: ...}}`.
        func mean(_ node: Node?, _ path: String) {
            guard case .mapping(let m)? = node, m.count == 1, let (form, parameters) = m.first.map({ ($0.key.scalar?.string ?? "", $0.value) }),
                  numeric(parameters["mean"]) else { return }
            found.append("\(path).\(form).mean")
        }
        func steps(_ node: Node?, _ path: String) {
            guard case .sequence(let list)? = node else { return }
            for (i, step) in list.enumerated() {
                let here = "\(path).\(i)"
                if step["use"] != nil { mean(step["duration"], here + ".duration") }
                mean(step["delay"], here + ".delay")
                if case .sequence(let arms)? = step["branch"] {
                    // Without an otherwise arm to take up the change, moving one arm would leave
                    // the arms not summing to one: an invalid scenario, not a variant.
                    let absorbed = arms.contains { $0["otherwise"] != nil }
                    for (a, arm) in arms.enumerated() {
                        if absorbed, numeric(arm["probability"]) { found.append("\(here).branch.\(a).probability") }
                        steps(arm["steps"], "\(here).branch.\(a).steps")
                    }
                }
            }
        }
        steps(root["pathway"], "pathway")
        return found
    }
}
