import HospitalScenario

/// A forecast's start: the census to place at the start time (the run's warm-up, the hour of
/// the week it is now) and how many hours to record after it.
public struct ForecastPlan: Sendable {
    public var census: [CensusPatient]
    public var hours: Int

    public init(census: [CensusPatient], hours: Int) {
        self.census = census
        self.hours = hours
    }
}
