import Foundation
import HospitalScenario
import SimKernel

/// The service level a staffing requirement holds at every hour (`--target`), on the patients
/// who ask for the resource in that hour:
///
///     delay.probability <= 0.2        the share who find no unit free
///     wait.mean <= 10 minute          their mean wait for a unit
///     target_met.fraction >= 0.95     the share of those with a class target who get a unit within it
///     wait@p90 <= 30 minute           the 90th percentile of their waits
public struct StaffingTarget: Sendable, Equatable {
    public enum Measure: Sendable, Equatable {
        case delayProbability, waitMean, targetMet
        /// A percentile of the waits, as a fraction (0.9).
        case waitQuantile(Double)
    }

    public var measure: Measure
    /// The limit: a fraction, or a time in the scenario's unit.
    public var value: Double
    /// How the limit was written (`10 minute`), for reports.
    public var written: String

    /// Whether a larger value is better (only `target_met.fraction`).
    public var atLeast: Bool { measure == .targetMet }

    /// The metric's name as the per-hour metrics are named (`hour.H.` + this).
    public var metric: String {
        switch measure {
        case .delayProbability: "delay.probability"
        case .waitMean: "wait.mean"
        case .targetMet: "target_met.fraction"
        case .waitQuantile(let q): "wait.p" + NumberText.significant(q * 100, 4)
        }
    }

    public var description: String { "\(metric) \(atLeast ? ">=" : "<=") \(written)" }

    /// Whether `x` meets the target.
    public func met(by x: Double) -> Bool {
        guard !x.isNaN else { return true }  // nobody asked in that hour: nothing to miss
        return atLeast ? x >= value - 1e-12 : x <= value + 1e-12 * max(1, value)
    }

    public static let metrics = ["delay.probability", "wait.mean", "target_met.fraction", "wait@p90"]

    /// Reads `METRIC OP VALUE`; times are read in `unit` (a bare number is in it).
    public static func parse(_ text: String, unit: TimeUnit) -> Result<StaffingTarget, ShiftPatternError> {
        let t = text.trimmingBlanks()
        guard let opRange = t.range(of: "<=") ?? t.range(of: ">=") else {
            return .failure(ShiftPatternError("expected METRIC <= VALUE or METRIC >= VALUE (such as 'delay.probability <= 0.2'), got \(quoted(t))"))
        }
        let name = t[..<opRange.lowerBound].trimmingBlanks()
        let op = String(t[opRange])
        let valueText = t[opRange.upperBound...].trimmingBlanks()
        var measure: Measure
        switch name {
        case "delay.probability": measure = .delayProbability
        case "wait.mean": measure = .waitMean
        case "target_met.fraction": measure = .targetMet
        default:
            let percentile = name.hasPrefix("wait@p") ? name.dropFirst(6) : name.hasPrefix("wait.p") ? name.dropFirst(6) : nil
            guard let percentile, let p = Double(percentile), p > 0, p < 100 else {
                let hint = suggestion(for: name, among: metrics).map { "; did you mean '\($0)'?" } ?? ""
                return .failure(ShiftPatternError("unknown staffing target \(quoted(name))\(hint) (use \(metrics.joined(separator: ", ")) or another wait@pNN)"))
            }
            measure = .waitQuantile(p / 100)
        }
        let wantsAtLeast = measure == .targetMet
        guard (op == ">=") == wantsAtLeast else {
            return .failure(ShiftPatternError("\(name) is held \(wantsAtLeast ? "at or above (>=)" : "at or below (<=)") its target, not \(op)"))
        }
        var value: Double
        switch measure {
        case .delayProbability, .targetMet:
            guard let x = Double(valueText), x > 0, x < 1 else {
                return .failure(ShiftPatternError("\(name) needs a fraction strictly between 0 and 1, got \(quoted(valueText))"))
            }
            value = x
        case .waitMean, .waitQuantile:
            switch TimeText.duration(valueText, unit: unit) {
            case .success(let x) where x > 0 && x.isFinite: value = x
            case .success: return .failure(ShiftPatternError("\(name) needs a positive time, got \(quoted(valueText))"))
            case .failure(let e): return .failure(ShiftPatternError("\(name): \(e.message)"))
            }
        }
        return .success(StaffingTarget(measure: measure, value: value, written: valueText))
    }
}
