import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
/// The machine forms of `simrun warmup`: JSON with both series, Welch's moving average and the
/// cuts (what `simrun report` draws), and CSV of the number inside per bin.
public enum WarmupDocument {
    public static func json(_ s: WarmupStudy) -> String {
        func list(_ xs: [Double]) -> String { "[" + xs.map(JSON.number).joined(separator: ", ") + "]" }
        var out = "{\n  \"warmup_study\": 1,\n  \"scenario\": \(JSON.string(s.scenario)),\n  \"seed\": \(s.seed),\n"
        out += "  \"replications\": \(s.replications), \"time_unit\": \(JSON.string(s.timeUnit.rawValue)),\n"
        out += "  \"origin\": \(JSON.number(s.origin)), \"horizon\": \(JSON.number(s.horizon)), \"bin\": \(JSON.number(s.binLength)),\n"
        out += "  \"recommended_warmup\": \(JSON.number(s.recommended)),\n"
        out += "  \"in_system\": {\"cut_bins\": \(s.insideCut), \"cut_time\": \(JSON.number(s.insideCutTime)), \"window\": \(s.window),\n"
        out += "    \"mean\": \(list(s.inside)),\n    \"welch\": \(list(Warmup.welch(s.inside, window: s.window)))},\n"
        out += "  \"waits\": {\"cut_patients\": \(s.waitsCut), \"cut_time\": \(JSON.number(s.waitsCutTime)),\n"
        out += "    \"mean\": \(list(s.waits))}\n}\n"
        return out
    }

    /// One row per bin: its start, the mean number inside and Welch's average.
    public static func csv(_ s: WarmupStudy) -> String {
        let welch = Warmup.welch(s.inside, window: s.window)
        var out = "bin_start,in_system_mean,welch\n"
        for (i, x) in s.inside.enumerated() {
            out += "\(JSON.number(s.origin + Double(i) * s.binLength)),\(CSV.number(x)),\(i < welch.count ? CSV.number(welch[i]) : "")\n"
        }
        return out
    }
}
