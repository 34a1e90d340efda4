import HospitalScenario

/// A forecast's start: the census to place at the start time (the run's warm-up, the hour of
/// the week it is now) and how many hours to record after it.
public struct ForecastPlan: Sendable {
    public var census: [CensusPatient]
    public var hours: Int
    /// Each supply item's stock on hand now (by index), replacing its initial stock; nil keeps it.
    public var stock: [Int?]
    /// Booked clinic lists replacing the simulated booking of the sessions they cover.
    public var bookings: ClinicBookings

    public init(census: [CensusPatient], hours: Int, stock: [Int?] = [], bookings: ClinicBookings = ClinicBookings()) {
        self.census = census
        self.hours = hours
        self.stock = stock
        self.bookings = bookings
    }
}
