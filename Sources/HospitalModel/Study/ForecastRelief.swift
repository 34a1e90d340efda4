/// The cheapest extra staffing found for a resource at risk in a forecast: `extra` units over
/// `windows` (hours after now: 14..<25 is from 14 to 25 hours on), with the risk before and
/// after, and the exact (Clopper-Pearson) 95% upper bound that the guarantee rests on.
public struct ForecastRelief: Sendable {
    /// What "at risk" means.
    public enum Measure: String, Sendable, CaseIterable {
        /// The chance of being full (no free unit) at an hour mark, at the worst hour.
        case hourly
        /// The chance of being full at some moment within the horizon.
        case withinHorizon = "within_horizon"
    }

    public var resource: String
    public var measure: Measure
    public var extra: Int
    /// The stretches of hours with the extra units, in order, apart from one another.
    public var windows: [Range<Int>]
    /// The hours of all the windows.
    public var hours: Int { windows.reduce(0) { $0 + $1.count } }
    /// extra x hours x the cost of one unit for one hour.
    public var cost: Double
    public var unitHourCost: Double
    /// The risk as forecast.
    public var before: Double
    /// The same with the extra units (the same replications: common random numbers).
    public var after: Double
    /// With 95% confidence the risk with the extra units is at most this (for the hourly
    /// measure: at every hour).
    public var afterUpper: Double
    public var threshold: Double
    /// Candidate actions simulated to find it.
    public var evaluated: Int
}
