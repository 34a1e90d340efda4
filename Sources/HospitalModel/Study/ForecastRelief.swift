/// The cheapest extra staffing found for a resource at risk in a forecast: `extra` units from
/// `fromHour` to `toHour` hours after now, with the chance of being full within the horizon
/// before and after, and the exact (Clopper-Pearson) 95% upper bound that the guarantee rests on.
public struct ForecastRelief: Sendable {
    public var resource: String
    public var extra: Int
    public var fromHour: Int
    public var toHour: Int
    /// extra x hours x the cost of one unit for one hour.
    public var cost: Double
    public var unitHourCost: Double
    /// The probability of being full at some moment within the horizon, as forecast.
    public var before: Double
    /// The same with the extra units (the same replications: common random numbers).
    public var after: Double
    /// With 95% confidence the probability with the extra units is at most this.
    public var afterUpper: Double
    public var threshold: Double
    /// Candidate actions simulated to find it.
    public var evaluated: Int
}
