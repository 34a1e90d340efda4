import HospitalAnalysis
import HospitalFormats
import HospitalScenario
import HospitalSimulation

extension Study {
    /// The most hours a forecast covers: a year.
    public static let maximumForecastHours = 24 * 366
    /// The most replications a forecast runs: its quantiles are order statistics, and 20,000
    /// place the 5th percentile to within a few tenths of a percentile.
    public static let maximumForecastReplications = 20_000
    /// The most hourly values a forecast keeps over all its replications (replications x hours
    /// x (4 per resource + 1 per supply item + arrivals)): about 300 MB.
    public static let maximumForecastValues = 30_000_000.0

    /// Forecasts the next `hours` from the patients in the hospital now: every replication
    /// starts from `census` at `now` (an ISO 8601 date-time), which fixes where rosters and
    /// hourly profiles stand, and arrivals continue from the scenario's profile (and its dated
    /// rates, `by_date`, placed by the calendar: the run starts on the Monday before `now`). `stock` gives
    /// each supply item's stock on hand now (by index; nil keeps the scenario's initial stock);
    /// `bookings` the booked clinic lists that replace the simulated booking where they cover.
    public func forecast(_ scenario: Scenario, census: [CensusPatient], now: String, hours: Int,
                         stock: [Int?] = [], bookings: ClinicBookings = ClinicBookings()) throws(StudyError) -> ForecastResult {
        guard (1...Self.maximumForecastHours).contains(hours) else {
            throw .invalidOverride(setting: "hours", message: "hours must be from 1 to \(Self.maximumForecastHours)")
        }
        guard let intoWeek = Census.minutesIntoWeek(iso: now) else {
            throw .invalidOverride(setting: "now", message: "now must be an ISO 8601 date-time such as 2026-03-02T08:00, got '\(now)'")
        }
        // The run starts on the Monday before now and reaches now at the end of its warm-up:
        // rosters and hourly profiles are where they are now.
        var scenario = scenario
        let start = intoWeek / scenario.timeUnit.minutes
        // Dated arrival rates are placed by the date of that Monday.
        if let minutes = CivilDate.minutes(iso: now) {
            let day = Int((minutes / 1440).rounded(.down))
            scenario.run.start = day - CivilDate.weekday(day)
        }
        scenario.run.warmup = start
        scenario.run.horizon = Double(hours) * scenario.timeUnit.hour
        for (i, onHand) in stock.enumerated() where i < scenario.supplies.count {
            guard let onHand, case .pointQuantity(let point, let quantity) = scenario.supplies[i].reorder,
                  point >= onHand, (point - onHand) / quantity >= Limits.ordersAtOnce else { continue }
            throw .invalidOverride(setting: "stock", message: "stock: the stock of \(scenario.supplies[i].name) now, \(onHand), is so far below its "
                                   + "reorder point \(point) that the first check would place \((point - onHand) / quantity + 1) orders; the limit is \(Limits.ordersAtOnce)")
        }
        let total = scenario.run.replications
        let perHour = Double(4 * scenario.resources.count + scenario.supplies.count + 1)
        let most = min(Self.maximumForecastReplications, Int(Self.maximumForecastValues / (perHour * Double(hours))))
        guard total <= most else {
            throw .invalidOverride(setting: "replications", message: "replications must be at most \(most) for a forecast of \(hours) hours "
                                   + "(its hourly series are kept for every replication); got \(total)")
        }
        let model = CompiledModel(scenario)
        let progress = control.progress
        progress?(0, total)
        let result = Runner.run(model, threads: plan.threads, indices: Array(0..<total), stop: control.cancellation,
                                forecast: ForecastPlan(census: census, hours: hours, stock: stock, bookings: bookings)) { progress?($0, total) }
        if let stopped = result.stopped { throw .limitReached(part: nil, message: stopped) }
        if result.replications.count < total { throw .interrupted(done: result.replications.count, total: total) }
        return ForecastResult(result, scenario: scenario, now: now, start: start, hours: hours, censusPatients: census.count)
    }
}
