import Foundation

/// The Kaplan-Meier estimate of a survival curve from durations some of which are
/// right-censored: the fraction still under way after each time, with no assumed form.
///
/// ```swift
/// let km = KaplanMeier(durations: stays, censored: stillIn)
/// km.steps[0]   // (time: 1.5, survival: 0.99, lower: 0.98, upper: 0.995, atRisk: 400, events: 4)
/// ```
/// Intervals are 95% pointwise, by Greenwood's variance on the log(-log) scale (they stay
/// within [0, 1]). Censored durations tied with events count as still at risk at that time.
public struct KaplanMeier: Sendable {
    public struct Step: Sendable {
        public var time: Double
        public var survival: Double
        public var lower: Double
        public var upper: Double
        /// Durations still under way just before `time`, and those ending at it.
        public var atRisk: Int
        public var events: Int
    }

    /// One step per distinct time at which some duration ended.
    public let steps: [Step]
    public let count: Int
    public let censoredCount: Int

    public init(durations: [Double], censored: [Bool]) {
        precondition(durations.count == censored.count)
        let order = durations.indices.sorted { durations[$0] < durations[$1] }
        var atRisk = durations.count
        var survival = 1.0, greenwood = 0.0
        var steps: [Step] = []
        var i = 0
        while i < order.count {
            let t = durations[order[i]]
            var events = 0, leaving = 0
            while i < order.count, durations[order[i]] == t {
                if !censored[order[i]] { events += 1 }
                leaving += 1
                i += 1
            }
            if events > 0 {
                survival *= 1 - Double(events) / Double(atRisk)
                if atRisk > events { greenwood += Double(events) / (Double(atRisk) * Double(atRisk - events)) }
                let (lower, upper) = Self.interval(survival, greenwood)
                steps.append(Step(time: t, survival: survival, lower: lower, upper: upper, atRisk: atRisk, events: events))
            }
            atRisk -= leaving
        }
        self.steps = steps
        count = durations.count
        censoredCount = censored.filter { $0 }.count
    }

    /// The 95% interval of S on the log(-log) scale; degenerate at S = 0 or 1.
    static func interval(_ s: Double, _ greenwood: Double) -> (Double, Double) {
        guard s > 0, s < 1 else { return (s, s) }
        let l = log(-log(s))
        let se = greenwood.squareRoot() / abs(log(s))
        let a = l - 1.959963984540054 * se, b = l + 1.959963984540054 * se
        return (exp(-exp(b)), exp(-exp(a)))
    }

    /// The estimate at `t`: the survival after the last step at or before `t` (1 before the first).
    public func survival(at t: Double) -> Double {
        var s = 1.0
        for step in steps where step.time <= t { s = step.survival }
        return s
    }
}
