import Foundation

/// Numbers as people write them, for messages: `1.3`, not the `1.2999999999999998` that a sum
/// of decimal fractions produces.
public enum NumberText {
    /// Whole numbers without a decimal point; others rounded to 12 significant digits and
    /// printed in the shortest form that reads back to that rounded value.
    public static func readable(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-infinity" : "infinity") }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let rounded = Double(String(format: "%.12g", x)) ?? x
        return String(rounded)
    }
}
