import Foundation
import HospitalModel
import HospitalReport

/// The operations page's data: every `refresh_minutes` (and when a planner asks) the board reads
/// the live state from the hospital's database through the site's SQL mapping, forecasts the
/// next hours from it with the configured scenario, finds the resources at risk of being full
/// and, for each, the cheapest extra staffing that brings the risk under the threshold
/// (`Study.relief`). Pages read the latest snapshot; a refresh that fails keeps the last good
/// forecast and says why.
public final class OperationsBoard: @unchecked Sendable {
    public struct ResourceRisk: Sendable {
        public var name: String
        public var index: Int
        /// P(full at some moment within 4, 8, 24 hours and the horizon).
        public var fullWithin: [(hours: Int, probability: Double)]
        /// Hours after now whose chance of being full at the hour exceeds the threshold.
        public var hoursAtRisk: [Int]
        /// The risk by the board's measure, and its 95% upper bound.
        public var risk: Double
        public var riskUpper: Double
        public var atRisk: Bool
        public var relief: ForecastRelief?
        /// Why no relief is shown for a resource at risk.
        public var reliefNote: String?
    }

    public struct Snapshot: Sendable {
        public var taken: Date
        public var now: String
        public var censusPatients: Int
        public var forecast: ForecastResult
        public var risks: [ResourceRisk]
        public var recent: (columns: [String], rows: [[String?]])?
        public var seconds: Double
    }

    public let settings: ServiceConfiguration.Operations
    let lock = NSLock()
    var mapping: SiteMapping
    var latest: Snapshot?
    var failure: String?
    var running = false
    var refreshes = 0
    let wake = DispatchSemaphore(value: 0)

    public init(_ settings: ServiceConfiguration.Operations, results: String) throws {
        self.settings = settings
        mapping = try SiteMapping.load(path: settings.mapping)
        // The scenario must be sound before the service starts.
        _ = try ScenarioSource.read(settings.scenario).load()
    }

    public var snapshot: (latest: Snapshot?, failure: String?, running: Bool, refreshes: Int) {
        lock.withLock { (latest, failure, running, refreshes) }
    }

    /// Starts the refresher: a refresh now, then every `refresh_minutes`, or sooner when asked.
    public func start() {
        let thread = Thread { [self] in
            while true {
                refresh()
                _ = wake.wait(timeout: .now() + settings.refreshMinutes * 60)
            }
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Asks for a refresh now (it runs on the refresher's thread).
    public func refreshSoon() { wake.signal() }

    public func reloadMapping() {
        if let m = try? SiteMapping.load(path: settings.mapping) { lock.withLock { mapping = m } }
        refreshSoon()
    }

    /// The hospital's local time now, as the forecast's `now` (ISO 8601, minutes).
    func currentTime() -> String {
        if let now = settings.now { return now }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return f.string(from: Date())
    }

    /// One refresh: read, forecast, judge, relieve. Blocking; on the refresher's thread.
    public func refresh() {
        lock.withLock { running = true }
        do {
            let snapshot = try compute()
            lock.withLock { latest = snapshot; failure = nil; running = false; refreshes += 1 }
        } catch {
            let message = "\(error)"
            lock.withLock { failure = message; running = false; refreshes += 1 }
        }
    }

    func compute() throws -> Snapshot {
        let started = Date()
        let now = currentTime()
        let mapping = lock.withLock { self.mapping }
        var scenario = try ScenarioSource.read(settings.scenario).load().scenario
        scenario.run.replications = settings.replications
        // Read everything in one read-only transaction: one consistent picture of the hospital.
        let db: PostgresConnection
        do { db = try PostgresConnection(url: settings.database) } catch {
            throw PasswordHash.Failure(description: "the hospital database: \(error.message)")
        }
        var censusRows: (columns: [String], rows: [[String?]]) = ([], [])
        var bookingRows: (columns: [String], rows: [[String?]])?
        var recent: (columns: [String], rows: [[String?]])?
        do {
            try db.execute("BEGIN READ ONLY")
            try db.execute("SET LOCAL statement_timeout = '60s'")
            censusRows = try db.query(mapping.census, [now])
            if let q = mapping.bookings { bookingRows = try db.query(q, [now]) }
            if let q = mapping.recent { recent = try db.query(q, [now]) }
            try db.execute("COMMIT")
        } catch {
            _ = try? db.execute("ROLLBACK")
            throw PasswordHash.Failure(description: "a query of the mapping failed: \(error.message)")
        }
        let census = try Census.check(EpisodeTable(file: settings.mapping + " (census query)", header: censusRows.columns, rows: censusRows.rows),
                                      scenario: scenario)
        var bookings = ClinicBookings()
        if let b = bookingRows, !scenario.clinics.isEmpty {
            bookings = try ClinicBookings.read(EpisodeTable(file: settings.mapping + " (bookings query)", header: b.columns, rows: b.rows),
                                               scenario: scenario, now: now)
        }
        let study = Study(plan: ReplicationPlan(threads: max(1, ProcessInfo.processInfo.activeProcessorCount - 1)))
        let forecast = try study.forecast(scenario, census: census, now: now, hours: settings.hours, bookings: bookings)
        var risks: [ResourceRisk] = []
        for (r, name) in forecast.resources.enumerated() {
            let within = zip(forecast.withinHours, forecast.fullWithin[r]).map { (hours: $0, probability: $1) }
            let (value, upper) = Study.risk(forecast, resource: r, measure: settings.measure)
            let atRisk = value > settings.risk
            var risk = ResourceRisk(name: name, index: r, fullWithin: within,
                                    hoursAtRisk: forecast.full[r].indices.filter { forecast.full[r][$0] > settings.risk },
                                    risk: value, riskUpper: upper, atRisk: atRisk)
            if atRisk {
                let resource = scenario.resources[r]
                let cost = settings.unitHourCost[name] ?? (resource.cost.staffedPerHour > 0 ? resource.cost.staffedPerHour : 1)
                // Up to a quarter more units (at least ten): a ward with a queue at the door may need many.
                let most = max(10, (resource.capacity ?? 0) / 4)
                risk.relief = try study.relief(scenario, resource: r, forecast: forecast, census: census, bookings: bookings,
                                               measure: settings.measure, threshold: settings.risk, unitHourCost: cost, maxExtra: most)
                if risk.relief == nil {
                    risk.reliefNote = resource.capacity == nil && resource.shifts == nil ? "unlimited capacity: nothing to add"
                        : resource.groups != nil ? "skill groups: extra units are not proposed"
                        : "even \(most) extra units over the whole horizon do not bring the risk under \(settings.risk)"
                }
            }
            risks.append(risk)
        }
        return Snapshot(taken: Date(), now: now, censusPatients: census.count, forecast: forecast, risks: risks, recent: recent,
                        seconds: Date().timeIntervalSince(started))
    }

    /// The full forecast report (every fan chart), as `simrun report` draws a forecast document.
    public func reportPage() -> String? {
        guard let f = lock.withLock({ latest?.forecast }) else { return nil }
        return try? Report.fromForecast(ForecastDocument(f)).html()
    }
}
