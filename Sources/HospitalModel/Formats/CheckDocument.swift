import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation

/// The machine formats of `simrun check`: JSON and CSV verdicts, and JUnit XML for CI servers.
extension RegressionCheck {
    /// One row per metric: its baseline and new value, difference, p-value, tolerance and verdict.
    public func csv() -> String {
        var out = "metric,baseline,now,difference,relative,p_value,tolerance,verdict\n"
        for l in lines {
            out += [CSV.field(l.metric), CSV.number(l.baseline), CSV.number(l.now), CSV.number(l.difference),
                    CSV.number(l.relative), CSV.number(l.pValue), CSV.number(l.tolerance), l.verdict.rawValue].joined(separator: ",") + "\n"
        }
        return out
    }

    /// `regressed`, and per metric its numbers and verdict.
    public func json() -> String {
        var out = "{\n  \"regressed\": \(regressed),\n  \"metrics\": {\n"
        out += lines.map {
            "    \(JSON.string($0.metric)): {\"baseline\": \(JSON.number($0.baseline)), \"now\": \(JSON.number($0.now)), \"difference\": \(JSON.number($0.difference)), \"p_value\": \(JSON.number($0.pValue)), \"tolerance\": \(JSON.number($0.tolerance)), \"verdict\": \(JSON.string($0.verdict.rawValue))}"
        }.joined(separator: ",\n")
        return out + "\n  }\n}\n"
    }

    /// JUnit XML: one test case per metric; failures carry the numbers.
    public func junit(suite: String) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let failures = lines.filter { $0.verdict != .ok }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites tests=\"\(lines.count)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"\(esc(suite))\" tests=\"\(lines.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        for l in lines {
            out += "    <testcase classname=\"\(esc(suite))\" name=\"\(esc(l.metric))\""
            if l.verdict == .ok {
                out += "/>\n"
            } else {
                let message = l.verdict == .missing ? "metric \(l.metric) is missing from the new run"
                    : "\(l.metric): baseline \(JSON.number(l.baseline)), now \(JSON.number(l.now)), difference \(JSON.number(l.difference)) (\(String(format: "%.1f", l.relative * 100))% > tolerance \(String(format: "%.1f", l.tolerance * 100))%), Welch p = \(String(format: "%.3g", l.pValue))"
                out += ">\n      <failure type=\"\(l.verdict.rawValue)\" message=\"\(esc(message))\">\(esc(message))</failure>\n    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
