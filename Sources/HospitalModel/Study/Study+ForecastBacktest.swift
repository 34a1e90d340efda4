import HospitalAnalysis
import HospitalFormats
import HospitalScenario
import HospitalSimulation
import SimKernel

extension Study {
    /// The horizons a forecast backtest scores, within its hours.
    public static let backtestHorizons = [1, 2, 4, 8, 12, 24, 48, 72]

    /// Scores forecasts against `history`: at origins every `every` hours (on the hour, from
    /// the first midnight a week after the log starts, so that the patients who arrived before
    /// the log are gone, until `hours` before its end), the census is rebuilt from the log, a
    /// forecast of `hours` is run from it, and each resource's forecast occupancy at each
    /// horizon is compared with the log's. `log` names the history in the result.
    public func forecastBacktest(_ scenario: Scenario, history: PatientHistory, log: String, hours: Int,
                                 every: Int = 24) throws(StudyError) -> ForecastBacktest {
        guard (1...Self.maximumForecastHours).contains(hours) else {
            throw .invalidOverride(setting: "hours", message: "hours must be from 1 to \(Self.maximumForecastHours)")
        }
        guard every >= 1 else { throw .invalidOverride(setting: "every", message: "origins must be at least an hour apart") }
        let settle = 7 * 1440.0
        var origin = ((history.start + settle) / 1440).rounded(.up) * 1440
        var origins: [Double] = []
        while origin + Double(hours) * 60 <= history.end {
            origins.append(origin)
            origin += Double(every) * 60
        }
        guard !origins.isEmpty else {
            let days = (history.end - history.start) / 1440
            throw .unsupported("the log covers \(NumberText.readable(days)) days; a backtest of \(hours) hours needs a week to settle and \(hours) hours after the first origin")
        }
        let horizons = Self.backtestHorizons.filter { $0 <= hours }
        var records = Array(repeating: Array(repeating: [ForecastBacktest.Record](), count: horizons.count), count: scenario.resources.count)
        var times: [String] = [], inside: [Int] = [], unplaced: [Int] = []
        let progress = control.progress
        let quiet = Study(plan: plan, control: StudyControl(cancellation: control.cancellation))
        for (i, t) in origins.enumerated() {
            progress?(i, origins.count)
            let now = history.iso(t)
            let (csv, left) = history.census(at: t)
            let census: [CensusPatient]
            do {
                census = try Census.check(try EpisodeTable.parse(csv, file: "census at \(now)"), scenario: scenario)
            } catch {
                throw .unsupported("the census rebuilt at \(now) does not fit the scenario: \(error.description)")
            }
            let forecast = try quiet.forecast(scenario, census: census, now: now, hours: hours)
            times.append(now)
            inside.append(census.count)
            unplaced.append(left)
            for r in scenario.resources.indices {
                for (k, h) in horizons.enumerated() {
                    records[r][k].append(ForecastBacktest.Record(
                        mean: forecast.occupancy[r].mean[h - 1], p05: forecast.occupancy[r].p05[h - 1], p95: forecast.occupancy[r].p95[h - 1],
                        full: forecast.full[r][h - 1], capacity: forecast.capacity[r][h - 1],
                        actual: Double(history.occupancy(r, at: t + Double(h) * 60))))
                }
            }
        }
        progress?(origins.count, origins.count)
        return ForecastBacktest(scenario: scenario, log: log, origins: times, censusPatients: inside, unplaced: unplaced, hours: hours,
                                horizons: horizons, records: records)
    }
}
