import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// A forecast over replications: for each hour after the start, each resource's occupancy and
/// queue as the mean with a 90% prediction interval (the 5th and 95th percentiles over
/// replications, as counts: order statistics, not interpolated), the probability that it is
/// full, the units staffed, and the arrivals of the hour; and for each resource the
/// probability of being full at least once within 4, 8 and 24 hours and the horizon.
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
    /// [resource][hour]: units staffed at each hour mark (mean over replications, which differ
    /// only under surge staffing); NaN for unlimited capacity.
    public var capacity: [[Double]]
    /// The hours `fullWithin` looks ahead: 4, 8 and 24 where within the horizon, and the horizon.
    public var withinHours: [Int]
    /// [resource][i]: the share of replications in which the resource was full (no free unit)
    /// at some moment within `withinHours[i]` hours.
    public var fullWithin: [[Double]]
    public var arrivals: Band
    /// Supply items by name, and each one's stock on hand at each hour.
    public var items: [String]
    public var stock: [Band]

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
        capacity = resources.indices.map { r in band { $0.capacity[r] }.mean }
        withinHours = Array(Set([4, 8, 24].filter { $0 < hours } + [hours])).sorted()
        let within = withinHours
        fullWithin = resources.indices.map { r in
            within.map { h in Double(series.filter { $0.firstFull[r] <= Double(h) }.count) / Double(max(series.count, 1)) }
        }
        arrivals = band(\.arrivals)
        items = scenario.supplies.map(\.name)
        stock = items.indices.map { i in band { $0.stock[i] } }
    }

    /// The q-quantile of sorted counts as a count: the nearest-rank order statistic (the
    /// smallest value with at least a fraction q of the values at or below it).
    static func percentile(_ sorted: [Double], _ q: Double) -> Double { Summary.nearestRank(sorted, q) }

    /// The wall-clock time `h` hours after the start: "Mon 09:00".
    public func clock(afterHours h: Int) -> String { Self.clock(start: start, timeUnit: timeUnit, afterHours: h) }

    /// The wall-clock time `h` hours after a start `start` time units into the week.
    public static func clock(start: Double, timeUnit: TimeUnit, afterHours h: Int) -> String {
        let minutes = Int((start * timeUnit.minutes).rounded()) + h * 60
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let m = ((minutes % 10080) + 10080) % 10080
        return "\(days[m / 1440]) " + String(format: "%02d:%02d", m % 1440 / 60, m % 60)
    }
}
