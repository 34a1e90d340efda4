import HospitalScenario
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// Forecasts scored against what happened (`simrun forecast --backtest`): from the census
/// rebuilt at each of many past moments (origins), the forecast of each resource's occupancy
/// some hours ahead against the occupancy the log shows then.
///
/// For each resource and horizon, over the origins: the error of the mean forecast (MAE, RMSE,
/// bias, and the standard deviation of the errors, also in percent of the units staffed, the
/// terms simulation-based ED forecasters are published in), the coverage of the 90%
/// prediction interval (the 5th to 95th percentiles over replications), and the Brier score of
/// the probability of being full (no free unit) against whether it was, beside the Brier score
/// of always forecasting the base rate.
public struct ForecastBacktest: Codable, Sendable {
    public typealias Numbers = [DocumentNumber]

    public struct Scores: Codable, Sendable {
        public var mae: Numbers
        public var rmse: Numbers
        public var bias: Numbers
        /// The standard deviation of the errors (forecast minus actual).
        public var errorSD: Numbers
        /// Bias and error standard deviation over the units staffed at the forecast hour, in
        /// percent (null for unlimited capacity).
        public var biasPercent: Numbers
        public var errorSDPercent: Numbers
        /// The share of origins whose actual occupancy fell within the 90% interval.
        public var coverage90: Numbers
        /// Mean squared difference of P(full) and whether it was full; and of the base rate.
        public var brier: Numbers
        public var brierBaseRate: Numbers
        /// The share of origins at which the resource was full at the horizon.
        public var fullShare: Numbers

        enum CodingKeys: String, CodingKey {
            case mae, rmse, bias, errorSD = "error_sd", biasPercent = "bias_percent", errorSDPercent = "error_sd_percent",
                 coverage90 = "coverage_90", brier, brierBaseRate = "brier_base_rate", fullShare = "full_share"
        }
    }

    /// One origin's forecast and outcome of one resource at one horizon.
    public struct Record: Sendable {
        public var mean: Double
        public var p05: Double
        public var p95: Double
        public var full: Double
        public var capacity: Double
        public var actual: Double

        public init(mean: Double, p05: Double, p95: Double, full: Double, capacity: Double, actual: Double) {
            (self.mean, self.p05, self.p95, self.full, self.capacity, self.actual) = (mean, p05, p95, full, capacity, actual)
        }
    }

    public var kind = "forecast_backtest"
    public var scenario: String
    public var log: String
    public var timeUnit: String
    public var replications: Int
    /// The origins' date-times, and the patients placed and left out at each.
    public var origins: [String]
    public var censusPatients: [Int]
    public var unplaced: [Int]
    public var hours: Int
    public var horizons: [Int]
    public var resources: DocumentMap<Scores>

    enum CodingKeys: String, CodingKey {
        case kind, scenario, log, timeUnit = "time_unit", replications, origins, censusPatients = "census_patients", unplaced, hours,
             horizons, resources
    }

    /// Scores `records[resource][horizon index][origin]`.
    public init(scenario: Scenario, log: String, origins: [String], censusPatients: [Int], unplaced: [Int], hours: Int,
                horizons: [Int], records: [[[Record]]]) {
        self.scenario = scenario.name
        self.log = log
        timeUnit = scenario.timeUnit.rawValue
        replications = scenario.run.replications
        self.origins = origins
        self.censusPatients = censusPatients
        self.unplaced = unplaced
        self.hours = hours
        self.horizons = horizons
        resources = DocumentMap(scenario.resources.indices.map { r in
            (scenario.resources[r].name, Self.scores(records[r]))
        })
    }

    static func scores(_ byHorizon: [[Record]]) -> Scores {
        func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
        func sd(_ xs: [Double]) -> Double {
            guard xs.count > 1 else { return .nan }
            let m = mean(xs)
            return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
        }
        var s = Scores(mae: [], rmse: [], bias: [], errorSD: [], biasPercent: [], errorSDPercent: [], coverage90: [], brier: [],
                       brierBaseRate: [], fullShare: [])
        for records in byHorizon {
            let errors = records.map { $0.mean - $0.actual }
            let finite = records.filter { $0.capacity.isFinite && $0.capacity > 0 }
            let percent = finite.map { 100 * ($0.mean - $0.actual) / $0.capacity }
            let wasFull = finite.map { $0.actual >= $0.capacity ? 1.0 : 0.0 }
            let base = mean(wasFull)
            s.mae.append(DocumentNumber(mean(errors.map(abs))))
            s.rmse.append(DocumentNumber(mean(errors.map { $0 * $0 }).squareRoot()))
            s.bias.append(DocumentNumber(mean(errors)))
            s.errorSD.append(DocumentNumber(sd(errors)))
            s.biasPercent.append(DocumentNumber(mean(percent)))
            s.errorSDPercent.append(DocumentNumber(sd(percent)))
            s.coverage90.append(DocumentNumber(mean(records.map { $0.p05 <= $0.actual && $0.actual <= $0.p95 ? 1 : 0 })))
            s.brier.append(DocumentNumber(mean(zip(finite, wasFull).map { ($0.full - $1) * ($0.full - $1) })))
            s.brierBaseRate.append(DocumentNumber(mean(wasFull.map { (base - $0) * (base - $0) })))
            s.fullShare.append(DocumentNumber(base))
        }
        return s
    }

    public var json: String { DocumentEncoder.json(self, layout: .expandedLayout) }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> ForecastBacktest {
        try DocumentReader.decode(ForecastBacktest.self, from: data, file: file, what: "a forecast backtest")
    }
}
