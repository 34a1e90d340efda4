import HospitalScenario

/// A forecast's start: the census to place at the start time (the run's warm-up, the hour of
/// the week it is now) and how many hours to record after it.
public struct ForecastPlan: Sendable {
    public var census: [CensusPatient]
    public var hours: Int
    /// Each supply item's stock on hand now (by index), replacing its initial stock; nil keeps it.
    public var stock: [Int?]

    public init(census: [CensusPatient], hours: Int, stock: [Int?] = []) {
        self.census = census
        self.hours = hours
        self.stock = stock
    }
}
