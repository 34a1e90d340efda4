import Foundation

/// What a staff hour costs: a base rate, raised by premiums for night hours and for weekend
/// hours. The premiums add: a Saturday night hour costs rate x (1 + night + weekend).
public struct ShiftRates: Sendable, Equatable {
    public var perHour: Double
    /// Fractions of the rate added (0.25: a quarter more).
    public var nightPremium: Double
    public var weekendPremium: Double
    /// The night, in hours after midnight: from `nightFrom` to `nightTo`, past midnight when
    /// `nightTo` is not after `nightFrom`.
    public var nightFrom: Int
    public var nightTo: Int

    public init(perHour: Double, nightPremium: Double = 0, weekendPremium: Double = 0, nightFrom: Int = 22, nightTo: Int = 7) {
        self.perHour = perHour
        self.nightPremium = nightPremium
        self.weekendPremium = weekendPremium
        self.nightFrom = nightFrom
        self.nightTo = nightTo
    }

    public func isNight(hour h: Int) -> Bool {
        let c = h % 24
        return nightFrom < nightTo ? c >= nightFrom && c < nightTo : c >= nightFrom || c < nightTo
    }

    /// The multiplier of hour `h` of the period (hours of a week count from Monday 00:00).
    public func factor(hour h: Int, period: StaffingPeriod) -> Double {
        var f = 1.0
        if isNight(hour: h) { f += nightPremium }
        if period == .week, h / 24 >= 5 { f += weekendPremium }
        return f
    }
}
