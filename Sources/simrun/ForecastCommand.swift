import ArgumentParser
import Foundation
import HospitalModel

struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Predict the next hours from the patients in the hospital now (a census).",
        discussion: """
            Every replication starts from the census instead of empty: each patient at its \
            step, with what is left of the step drawn from its distribution given the time \
            already spent (a patient five days into a stay is not treated as new). Arrivals \
            continue from the scenario's profile at the hour of the week of --now. Prints, for \
            each hour, each resource's occupancy and queue (mean and 5th-95th percentiles over \
            replications, as counts), the units staffed, the probability that it is full at \
            the hour and at some moment within 4, 8 and 24 hours and the horizon, and the \
            arrivals. --set changes the scenario as run does.

            --backtest LOG scores such forecasts against what happened: LOG is an event log in \
            the format run --event-log writes (entity_id, pathway, event_type, event, time), \
            from the hospital's records or a simulation. At origins every --every hours (from a \
            week into the log) the census is rebuilt from the log, a forecast of --hours is run \
            from it, and each resource's forecast occupancy at 1, 2, 4, 8, 12, 24, 48 and 72 \
            hours is compared with the log's: error, bias and their spread (also in percent of \
            the units staffed), coverage of the 90% band, and the Brier score of "full".

            Example:
              simrun forecast scenarios/ed-weekend-roster.yaml \\
                --census scenarios/data/ed-census.csv --now 2026-03-02T08:00 --hours 72
              simrun forecast scenarios/ed-weekend-roster.yaml --backtest events.csv --hours 24
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "The scenario file (YAML).")
    var file: String
    @Option(help: "The census: a CSV with id, class, step, status, elapsed, and optionally waited and holds.")
    var census: String?
    @Option(help: "Backtest instead: an event log (as run --event-log writes) to rebuild past censuses from and score against.")
    var backtest: String?
    @Option(help: "With --backtest: hours between origins.")
    var every = 24
    @Option(name: .customLong("log-run"), help: "With --backtest: the replication of the log to read (its run column; default the first).")
    var logRun: String?
    @Option(help: "Today's stock: a CSV with item and on_hand columns (supply items left out keep their initial stock).")
    var stock: String?
    @Option(help: "Booked clinic lists: a CSV with clinic and appointment (ISO 8601) columns; they replace the simulated booking of each named clinic's sessions up to its last listed date.")
    var bookings: String?
    @Option(help: "Hours to forecast.")
    var hours: Int = 72
    @Option(help: "The date-time it is now, ISO 8601 (default: the computer's clock).")
    var now: String?
    @Option(name: .customLong("set"), help: "Change the scenario for this forecast, KEY=VALUE as run takes it (repeatable).")
    var settings: [String] = []
    @Option(help: "Replications to run (default: the file's).")
    var replications: Int?
    @Option(help: "Random seed (overrides the file).")
    var seed: UInt64?
    @Option(name: .customLong("threads"), help: "Threads to run replications on (default: all cores).")
    var threadCount: Int?
    var threads: Int { threadCount ?? ProcessInfo.processInfo.activeProcessorCount }
    @Option(help: "Output format: table or json (for simrun report's fan charts).")
    var format: Format = .table
    @Option(name: [.customShort("o"), .customLong("out"), .customLong("output")], help: "Write the output to this file instead of standard output.")
    var out: String?

    func run() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if let threadCount, threadCount < 1 { throw ValidationError("--threads must be at least 1") }
        guard (census == nil) != (backtest == nil) else { throw ValidationError("give one of --census (a forecast) or --backtest (a backtest)") }
        let scenario = try loadScenario(file, settings: settings, overrides: ScenarioOverrides(replications: replications, seed: seed))
        if let backtest {
            guard every >= 1 else { throw ValidationError("--every must be at least 1 hour") }
            guard now == nil, stock == nil, bookings == nil else { throw ValidationError("--now, --stock and --bookings are for a forecast; a backtest takes what it needs from the log") }
            let history: PatientHistory
            do {
                history = try PatientHistory(try EpisodeTable.read(path: backtest), scenario: scenario, run: logRun)
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
            let scored = try CommandStudy(threads: threads, interruptible: true).perform(file: file) { study throws(StudyError) in
                try study.forecastBacktest(scenario, history: history, log: backtest, hours: hours, every: every)
            }
            try Output.write(format == .json ? scored.json : Self.table(scored), to: out)
            return
        }
        guard let census else { return }
        let patients: [CensusPatient]
        var onHand: [Int?] = []
        var booked = ClinicBookings()
        let now = self.now ?? Self.clock()
        do {
            patients = try Census.read(path: census, scenario: scenario)
            if let stock { onHand = try Census.stock(try EpisodeTable.read(path: stock), scenario: scenario) }
            if let bookings { booked = try ClinicBookings.read(try EpisodeTable.read(path: bookings), scenario: scenario, now: now) }
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let forecast = try CommandStudy(threads: threads, interruptible: true).perform(file: file) { study throws(StudyError) in
            try study.forecast(scenario, census: patients, now: now, hours: hours, stock: onHand, bookings: booked)
        }
        try Output.write(format == .json ? ForecastDocument(forecast).json : Self.table(forecast), to: out)
    }

    /// The computer's local wall-clock time, to the minute.
    static func clock() -> String {
        let c = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute], from: Date())
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year ?? 2026, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0)
    }

    static func table(_ b: ForecastBacktest) -> String {
        func n(_ x: DocumentNumber) -> String { x.value.isFinite ? ResultTable.format(x.value) : "-" }
        let placed = b.censusPatients.reduce(0, +), left = b.unplaced.reduce(0, +)
        var out = "\(b.scenario): forecasts backtested against \(b.log) from \(b.origins.count) origins (\(b.origins.first ?? "") to \(b.origins.last ?? "")), "
            + "\(b.replications) replications each\n"
        out += "censuses rebuilt from the log: \(placed) patients placed"
            + (left > 0 ? ", \(left) left out (steps the log cannot tell)" : "") + "\n"
        out += "error = mean forecast - actual occupancy; %: of the units staffed; cover 90%: actual within the 5th-95th percentiles; "
            + "Brier: of P(full) (base: always the share full)\n"
        for (name, s) in b.resources.entries {
            out += "\n\(name)\n" + ResultTable.pad("  hours", 9) + ["MAE", "RMSE", "bias", "error sd", "bias %", "sd %", "cover 90%", "Brier", "base"]
                .map { ResultTable.lpad($0, 10) }.joined() + "\n"
            for (k, h) in b.horizons.enumerated() {
                out += ResultTable.pad("  \(h)", 9) + [s.mae[k], s.rmse[k], s.bias[k], s.errorSD[k], s.biasPercent[k], s.errorSDPercent[k],
                                                      s.coverage90[k], s.brier[k], s.brierBaseRate[k]].map { ResultTable.lpad(n($0), 10) }.joined() + "\n"
            }
        }
        return out
    }

    static func table(_ f: ForecastResult) -> String {
        func n(_ x: Double) -> String { ResultTable.format(x) }
        var out = "\(f.scenario): forecast from \(f.now), \(f.censusPatients) patients in the census, \(f.replications) replications\n"
        out += "mean [5th-95th percentile] at the end of each hour; staffed: units on the roster; full: the share of replications with no free unit\n"
        let marks = Array(Set([1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 144, 168].filter { $0 <= f.hours } + [f.hours])).sorted()
        for (r, name) in f.resources.enumerated() {
            out += "\n\(name)\n" + ResultTable.pad("  hour", 8) + ResultTable.pad("clock", 11) + ResultTable.lpad("staffed", 8)
                + ResultTable.lpad("occupancy", 24) + ResultTable.lpad("queue", 24) + ResultTable.lpad("full", 8) + "\n"
            for h in marks {
                let o = f.occupancy[r], q = f.queue[r]
                let staffed = f.capacity[r][h - 1]
                out += ResultTable.pad("  \(h)", 8) + ResultTable.pad(f.clock(afterHours: h), 11) + ResultTable.lpad(staffed.isNaN ? "-" : n(staffed), 8)
                    + ResultTable.lpad("\(n(o.mean[h - 1])) [\(n(o.p05[h - 1]))-\(n(o.p95[h - 1]))]", 24)
                    + ResultTable.lpad("\(n(q.mean[h - 1])) [\(n(q.p05[h - 1]))-\(n(q.p95[h - 1]))]", 24) + ResultTable.lpad(n(f.full[r][h - 1]), 8) + "\n"
            }
            out += "  full at some moment within " + zip(f.withinHours, f.fullWithin[r]).map { "\($0) h: \(n($1))" }.joined(separator: ", ") + "\n"
        }
        for (i, item) in f.items.enumerated() {
            let s = f.stock[i]
            out += "\n\(item) on hand\n"
            for h in marks {
                out += ResultTable.pad("  \(h)", 8) + ResultTable.pad(f.clock(afterHours: h), 11)
                    + ResultTable.lpad("\(n(s.mean[h - 1])) [\(n(s.p05[h - 1]))-\(n(s.p95[h - 1]))]", 24) + "\n"
            }
        }
        out += "\narrivals in the hour\n"
        for h in marks {
            out += ResultTable.pad("  \(h)", 8) + ResultTable.pad(f.clock(afterHours: h), 11)
                + ResultTable.lpad("\(n(f.arrivals.mean[h - 1])) [\(n(f.arrivals.p05[h - 1]))-\(n(f.arrivals.p95[h - 1]))]", 24) + "\n"
        }
        return out
    }
}
