import Foundation
import SimKernel

public struct ArrivalStream: Sendable {
    public enum Process: Sendable {
        /// Poisson with this rate per time unit.
        case poisson(rate: Double)
        /// Renewal with these gaps.
        case renewal(Distribution)
        /// Non-homogeneous Poisson, piecewise constant: one rate per hour (per time unit),
        /// 24 values repeating daily or 168 repeating weekly from Monday 00:00.
        case profile(ratesPerHour: [Double])
    }
    /// Hourly rates for given dates, overriding a profile's over those hours (`by_date`).
    public struct DatedRates: Sendable, Equatable {
        /// The first date, as days since 1970-01-01: the rates start at its midnight.
        public var startDay: Int
        /// One rate per time unit for each hour from that midnight on.
        public var ratesPerHour: [Double]

        public init(startDay: Int, ratesPerHour: [Double]) {
            self.startDay = startDay
            self.ratesPerHour = ratesPerHour
        }
    }

    public var name: String
    public var process: Process
    /// Rates for dates (`by_date`), over the profile's for those hours; only with a profile.
    public var dated: DatedRates?
    /// This stream's own class mix (one probability per class), or nil for the classes' shares.
    public var classMix: [Double]?

    /// The long-run mean arrival rate per time unit.
    public func meanRate(timeUnit: TimeUnit) -> Double {
        switch process {
        case .poisson(let rate): rate
        case .renewal(let d): 1 / d.mean
        case .profile(let rates): rates.reduce(0, +) / Double(rates.count)
        }
    }
}
