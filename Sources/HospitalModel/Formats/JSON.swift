import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import SimKernel
import Foundation

/// Minimal JSON text helpers with a fixed number format.
public enum JSON {
    /// A finite number in its shortest round-trip form (whole numbers without ".0");
    /// null for NaN and infinities, which JSON cannot hold.
    public static func number(_ x: Double) -> String { NumberText.exact(x) }

    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
