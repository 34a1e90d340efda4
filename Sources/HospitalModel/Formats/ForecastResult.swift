import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// A forecast over replications: for each hour after the start, each resource's occupancy and
/// queue as the mean with a 90% prediction interval (the 5th and 95th percentiles over
/// replications), the probability that it is full, and the arrivals of the hour.
public struct ForecastResult: Sendable {
    public struct Band: Sendable {
        public var mean: [Double] = []
        public var p05: [Double] = []
        public var p95: [Double] = []
    }
    public var scenario: String
    /// The start as given (`--now`), and as a time of the model's week.
    public var now: String
    public var start: Double
    public var timeUnit: TimeUnit
    public var hours: Int
    public var replications: Int
    public var censusPatients: Int
    public var resources: [String]
    public var occupancy: [Band]
    public var queue: [Band]
    public var full: [[Double]]
    public var arrivals: Band

    public init(_ run: RunResult, scenario: Scenario, now: String, start: Double, hours: Int, censusPatients: Int) {
        self.scenario = scenario.name
        self.now = now
        self.start = start
        timeUnit = scenario.timeUnit
        self.hours = hours
        self.censusPatients = censusPatients
        resources = scenario.resources.map(\.name)
        let series = run.replications.compactMap(\.forecast)
        replications = series.count
        func band(_ values: (ForecastSeries) -> [Double]) -> Band {
            var b = Band()
            for h in 0..<hours {
                let xs = series.map { values($0)[h] }.sorted()
                b.mean.append(xs.reduce(0, +) / Double(max(xs.count, 1)))
                b.p05.append(Self.percentile(xs, 0.05))
                b.p95.append(Self.percentile(xs, 0.95))
            }
            return b
        }
        occupancy = resources.indices.map { r in band { $0.occupancy[r] } }
        queue = resources.indices.map { r in band { $0.queue[r] } }
        full = resources.indices.map { r in band { $0.full[r] }.mean }
        arrivals = band(\.arrivals)
    }

    /// The q-quantile of sorted values, interpolated between order statistics.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let i = Int(position.rounded(.down))
        let j = min(i + 1, sorted.count - 1)
        return sorted[i] + (position - Double(i)) * (sorted[j] - sorted[i])
    }
}
