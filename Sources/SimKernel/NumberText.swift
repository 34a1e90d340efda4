import CGSL
import Foundation

/// Every way a number is written, in one place, each style named for where it is used. Output
/// that must stay byte-stable (documents, tables, baselines) depends on these being the only
/// formatters.
public enum NumberText {
    /// The shortest text that reads back to the same double; whole numbers without ".0". For
    /// documents (JSON and CSV), where a number must survive a round trip exactly. Not finite:
    /// `nonFinite`.
    public static func exact(_ x: Double, nonFinite: String = "null") -> String {
        guard x.isFinite else { return nonFinite }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }

    /// `n` and the noun, plural unless `n` is 1: "1 replication", "20 replications".
    public static func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// Numbers as people write them, for messages: `1.3`, not the `1.2999999999999998` that a
    /// sum of decimal fractions produces. Whole numbers without a decimal point; others rounded
    /// to 12 significant digits and printed in the shortest form that reads back to that value.
    public static func readable(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-infinity" : "infinity") }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let rounded = Double(printf("%.12g", x)) ?? x
        return String(rounded)
    }

    /// `digits` significant digits (`%g`): 4 in a table of estimates, 6 in a fitted parameter.
    /// With `wholeAsInteger`, whole numbers below 1e9 are written without rounding.
    public static func significant(_ x: Double, _ digits: Int, wholeAsInteger: Bool = false) -> String {
        if wholeAsInteger, x == x.rounded(), abs(x) < 1e9 { return String(Int(x)) }
        return printf("%.\(digits)g", x)
    }

    /// `decimals` places after the point (`%.Nf`): percentages and times in sentences.
    public static func fixed(_ x: Double, _ decimals: Int) -> String { printf("%.\(decimals)f", x) }

    /// A column of a results table: whole numbers as they are, otherwise three decimals for
    /// ordinary sizes, one for thousands, four for small values, and an exponent below 0.001.
    public static func table(_ x: Double) -> String {
        guard x.isFinite else { return "-" }
        if x == x.rounded(), abs(x) < 1e9 { return String(Int64(x)) }
        let magnitude = abs(x)
        if magnitude >= 1000 { return printf("%.1f", x) }
        if magnitude >= 1 { return printf("%.3f", x) }
        if magnitude >= 0.001 { return printf("%.4f", x) }
        return printf("%.2e", x)
    }

    /// A label on a chart: about three significant digits, a dash when undefined.
    public static func chart(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        if abs(x) >= 1000 { return printf("%.0f", x) }
        if abs(x) >= 10 { return printf("%.1f", x) }
        if abs(x) >= 1 { return printf("%.2f", x) }
        return printf("%.3g", x)
    }

    /// A simulated time in a trace: three decimals.
    public static func clock(_ t: Double) -> String { printf("%.3f", t) }

    /// `x` written by the C library's `printf` with `format` (one conversion of a double): what
    /// `String(format:)` gives, which hands doubles to the same routine. Through a C shim taking
    /// the double itself: Swift's variadic arguments box it as a CVarArg, a dynamic cast a call.
    static func printf(_ format: String, _ x: Double) -> String {
        let written = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let count = hospsim_format_double(buffer.baseAddress!, 64, format, x)
            return count < 64 ? String(cString: buffer.baseAddress!) : nil
        }
        if let written { return written }
        // Longer than the buffer (a huge number in %f): once more, with room for all of it.
        let count = Int(hospsim_format_double(nil, 0, format, x))
        var long = [CChar](repeating: 0, count: count + 1)
        _ = hospsim_format_double(&long, count + 1, format, x)
        return String(cString: long)
    }
}
