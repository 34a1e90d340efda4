import HospitalScenario

/// The metrics each kind of study leads with, named once: a front end picks its list here
/// rather than spelling metric names itself.
extension Metric {
    /// What a sweep shows unless told: waits, time to treatment and in the hospital, targets
    /// met, losses and cost (clinics' own measures are added where the model has clinics).
    public static let sweepHeadline: [Metric] = [.waitMean, .waitQuantile(0.9), .timeToTreatmentMean, .timeInSystemMean, .targetMet,
                                                 .stayTargetMet, .renegedFraction, .blockedFraction, .costTotal]
    /// What a precision goal of one fraction applies to (with every resource's utilisation):
    /// the mean wait, targets met and cost.
    public static let precisionHeadline: [Metric] = [.waitMean, .targetMet, .costTotal]
    /// What a comparison's report charts variant beside variant.
    public static let comparisonHeadline: [Metric] = [.waitMean, .targetMet, .renegedFraction, .costTotal]
    /// The wait distribution's summary: mean and percentiles.
    public static let waitSummary: [Metric] = [.waitMean, .waitQuantile(0.5), .waitQuantile(0.9), .waitQuantile(0.95)]

    /// What the metric named `name` is measured in, in words for an axis or a column: a
    /// fraction, the model's time unit (plural) for durations, money, unit-hours, a time
    /// average of a number, or a count.
    public static func unit(of name: String, timeUnit: String?) -> String {
        let time = timeUnit.map { $0 + "s" } ?? "time"
        if name.hasSuffix(".fraction") || name.hasSuffix(".utilization") { return "fraction" }
        if name.hasPrefix("cost.") || name.hasPrefix("bill.") || name.hasPrefix("revenue.")
            || (name.hasPrefix("supply.") && name.hasSuffix(".cost")) { return "cost" }
        if name.hasSuffix(".bed_hours") { return "unit-hours" }
        // Durations: waits, times in the hospital and to treatment (means and percentiles), and
        // a clinic's overtime per session.
        let last = name.split(separator: ".").suffix(2).joined(separator: ".")
        if ["wait", "time_in_system", "time_to_treatment"].contains(where: { last.hasPrefix($0 + ".") }) || last == "overtime.mean" {
            return time
        }
        if name.hasSuffix(".mean") { return "time average" }
        return "count"
    }

    /// The names of a list of whole-model metrics.
    public static func names(_ metrics: [Metric]) -> [String] { metrics.compactMap(\.fixedName) }
}
