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

    /// The names of a list of whole-model metrics.
    public static func names(_ metrics: [Metric]) -> [String] { metrics.compactMap(\.fixedName) }
}
