import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// A scenario's inputs estimated from an extract of patient episodes (`simrun fit`): the
/// arrival profile by hour of the day or week, the class shares, and distributions for the
/// duration columns.
///
/// ```swift
/// let episodes = try EpisodeTable.read(path: "episodes.csv")
/// let fit = try EpisodeFit(episodes, arrival: "arrived_at", classColumn: "triage", durations: ["los"], timeUnit: .minute)
/// ```
public struct EpisodeFit: Sendable {
    public struct Arrivals: Sendable {
        /// 24 or 168 rates per hour, with 95% intervals; and the counts and hours behind them.
        public var profile: RateProfileFit
        public var bins: Int { profile.rates.count }
        /// Whether the week profile is needed over the day profile (when the data cover a week).
        public var weekTest: RateProfileFit.Test?
        public var arrivals: Int
        /// The observed window, in hours, and its first day as text.
        public var hours: Double
        public var firstDay: String
    }
    public struct ClassShare: Sendable {
        public var name: String
        public var count: Int
        public var share: Double
        public var lower: Double
        public var upper: Double
        /// The class's own profile, where it has ten arrivals or more per bin on average.
        public var profile: RateProfileFit?
    }
    public struct Durations: Sendable {
        public var column: String
        /// The unit of its values.
        public var unit: TimeUnit
        public var n: Int
        public var missing: Int
        /// Best (lowest AIC) first; empty when no form applies.
        public var fits: [DistributionFit]
        /// Percentiles 0, 5, ..., 100 of the data (a summary; not a distribution to simulate).
        public var percentiles: [Double]
        /// The continuous empirical distribution of the data (`Distribution.continuousEmpirical(fittedTo:)`),
        /// offered when no form fits; nil for fewer than two values.
        public var empirical: Distribution?
        /// When the best form is rejected (KS p < 0.01) or none applies.
        public var warning: String?
        /// Forms left out, and why; how the values were read (to a resolution, censored).
        public var note: String?
        /// The resolution the values were recorded to, in `unit`s (each value an interval), or
        /// nil for exact values; and whether it was detected (every value whole, or every value
        /// written on a clock, h:mm or h:mm:ss) or given.
        public var resolution: Double?
        public var resolutionDetected = false
        /// Values still under way at the extract's end (right-censored), and the Kaplan-Meier
        /// curve of the column when there are any.
        public var censored = 0
        public var kaplanMeier: KaplanMeier?
        /// The same column fitted class by class (`--by`), in the order of `classes`.
        public var byClass: [(name: String, durations: Durations)] = []
    }

    /// A share of episodes with an outcome (true in a column such as `admitted`), with its
    /// Wilson 95% interval.
    public struct BranchShare: Sendable {
        public var n: Int
        public var count: Int
        public var share: Double
        public var lower: Double
        public var upper: Double
    }

    /// An outcome column: the share true overall and in each class (a branch's probability).
    public struct Branch: Sendable {
        public var column: String
        public var all: BranchShare
        public var byClass: [(name: String, share: BranchShare)]
        /// Duration columns recorded exactly where the outcome is true (a stay only for those
        /// admitted): the steps of the branch's arm.
        public var durations: [String] = []
    }

    public var file: String
    public var timeUnit: TimeUnit
    public var arrivals: Arrivals
    public var classes: [ClassShare]
    public var durations: [Durations]
    /// Outcome columns (`--branch`), as branch probabilities by class.
    public var branches: [Branch] = []
    /// The arrival models scored by rolling origins (`--backtest`), when the data cover five
    /// weeks or more (four to fit, one to score).
    public var backtest: ArrivalBacktest?
    /// The calendar model of arrivals (`--calendar`), when asked for and the data cover five
    /// weeks or more.
    public var calendar: Calendar?

    /// What the calendar model is asked for: special days and how many days ahead to forecast.
    public struct CalendarRequest: Sendable {
        /// A table with a `date` column (`YYYY-MM-DD`) and optionally a `name` column (the day
        /// type, default `holiday`).
        public var holidays: EpisodeTable?
        /// Days after the extract's last to write dated rates for.
        public var ahead: Int

        public init(holidays: EpisodeTable? = nil, ahead: Int = 7) {
            self.holidays = holidays
            self.ahead = ahead
        }
    }

    /// A calendar model chosen out of sample, refitted on all the data, and its rates for the
    /// days after them.
    public struct Calendar: Sendable {
        public var model: CalendarArrivalModel
        public var selection: CalendarArrivalModel.Selection
        /// Days held out (the validation's origins are their midnights).
        public var validationDays: Int
        /// Each special day type with its days in the data and ahead, and its rate ratio.
        public var special: [(name: String, daysInData: Int, daysAhead: Int, ratio: Double?)]
        /// The first date of the rates ahead (`YYYY-MM-DD`), its day number since 1970-01-01
        /// (nil for numeric times), and the Monday on or before it.
        public var aheadStart: String
        public var aheadStartDay: Int?
        public var aheadMonday: Int?
        /// Expected arrivals in each hour ahead, with the 95% prediction interval of its count.
        public var rates: [Double]
        public var lower: [Int]
        public var upper: [Int]
    }

    /// How the duration columns were recorded.
    public struct Recording: Sendable {
        /// The resolution of every duration, in minutes (`--resolution 1 minute`); 0 for exact
        /// values; nil to detect it (a column of whole numbers is taken as recorded to one of its
        /// units).
        public var resolution: Double?
        /// A column that is true for episodes still under way at the extract's end: their
        /// durations are lower bounds (right-censored).
        public var censoredColumn: String?
        /// The extract's end, as the arrival times are written (ISO 8601, or a number in the time
        /// unit): an empty duration is then an episode still under way, censored at the time from
        /// its arrival to the end.
        public var extractEnd: String?

        public init(resolution: Double? = nil, censoredColumn: String? = nil, extractEnd: String? = nil) {
            self.resolution = resolution
            self.censoredColumn = censoredColumn
            self.extractEnd = extractEnd
        }
    }

    /// Fits `table`: arrival times from the column `arrival`, classes from `classColumn`, and
    /// each of `durations` in `timeUnit`, read as `recording` says, and also class by class when
    /// `byClass`; each of `branches` (true/false outcome columns) as a share by class. `profile`
    /// forces 24 or 168 bins; by default 168 when the data cover at least four weeks.
    public init(_ table: EpisodeTable, arrival: String, classColumn: String?, durations: [String], timeUnit: TimeUnit,
                profile: Int? = nil, recording: Recording = Recording(), byClass: Bool = false,
                branches: [String] = [], backtest: Bool = false, calendar: CalendarRequest? = nil) throws(EpisodeTable.Failure) {
        file = table.file
        self.timeUnit = timeUnit
        let arrivalColumn = try table.column(arrival)
        let classIndex = try classColumn.map { c throws(EpisodeTable.Failure) in try table.column(c) }
        // `COLUMN:UNIT` gives a column its own unit (`stay:hour`).
        let columns: [(name: String, unit: TimeUnit)] = durations.map { d in
            if let colon = d.lastIndex(of: ":"), let unit = TimeUnit(rawValue: String(d[d.index(after: colon)...])) {
                return (String(d[..<colon]), unit)
            }
            return (d, timeUnit)
        }
        let durationIndices = try columns.map { d throws(EpisodeTable.Failure) in try table.column(d.name) }
        let censoredIndex = try recording.censoredColumn.map { c throws(EpisodeTable.Failure) in try table.column(c) }
        guard !table.rows.isEmpty else { throw table.failure(line: 1, column: 1, column: nil, "the file has a header but no episodes") }

        // Arrival times in hours after the Monday 00:00 on or before the first arrival.
        let times = try table.arrivalTimes(arrivalColumn, timeUnit: timeUnit)
        let start = times.minutes.min()!, end = times.minutes.max()!
        // Whole days, from the first arrival's midnight to the end of the last arrival's day.
        let firstDay = (start / 1440).rounded(.down)
        let lastDay = (end / 1440).rounded(.down) + 1
        // Hour bins are counted one by one: a span of centuries is a unit mistake, not data.
        if lastDay - firstDay > 100 * 366 {
            // Point at the end farther from the median: the stray value, not the data.
            let median = times.minutes.sorted()[(times.minutes.count - 1) / 2]
            let stray = end - median >= median - start ? end : start
            let row = table.rows[times.minutes.firstIndex(of: stray)!]
            throw table.failure(line: row.line, column: row.fields[arrivalColumn].column, column: arrival,
                                "the arrival times span \(readable(((lastDay - firstDay) / 365.25).rounded())) years; the limit is 100 (are numeric times in \(timeUnit.rawValue)s?)")
        }
        let hours = times.minutes.map { $0 / 60 }
        let extractEnd = try recording.extractEnd.map { text throws(EpisodeTable.Failure) in
            try Self.extractEnd(text, times: times, timeUnit: timeUnit, table: table)
        }
        let (from, to) = (firstDay * 24, lastDay * 24)
        let bins = profile ?? (to - from >= 28 * 24 ? 168 : 24)
        let fit = RateProfileFit(arrivals: hours, from: from, to: to, bins: bins)
        let test = to - from >= 7 * 24 ? RateProfileFit.weekVersusDay(arrivals: hours, from: from, to: to) : nil
        // Rates per hour in the profile; the scenario's `by_hour` says `unit: per hour`.
        arrivals = Arrivals(profile: fit, weekTest: test, arrivals: hours.count, hours: to - from, firstDay: times.describeDay(firstDay))
        if let calendar, to - from >= 35 * 24 {
            self.calendar = try Self.calendar(calendar, hours: hours, from: Int(from), to: Int(to), times: times)
        }
        if backtest, to - from >= 35 * 24 {
            self.backtest = ArrivalBacktest(arrivals: hours, from: from, to: to,
                                            calendar: self.calendar.map { ($0.selection.best, $0.model.specialDays) })
        }

        var classes: [ClassShare] = []
        if let classIndex {
            var order: [String] = []
            var members: [String: [Double]] = [:]
            for (row, h) in zip(table.rows, hours) {
                let name = row.fields[classIndex].text.trimmingBlanks()
                guard !name.isEmpty else { throw table.failure(line: row.line, column: row.fields[classIndex].column, column: classColumn, "the class is empty") }
                // A class becomes a scenario's class name, which heads tables: its limit applies here.
                guard name.count <= Limits.nameLength else {
                    throw table.failure(line: row.line, column: row.fields[classIndex].column, column: classColumn,
                                        "a class name is \(name.count) characters long; the limit is \(Limits.nameLength)")
                }
                if members[name] == nil { order.append(name) }
                members[name, default: []].append(h)
            }
            for name in order {
                let k = members[name]!.count
                let (share, lower, upper) = ShareInterval.wilson(k, of: hours.count)
                let own = k >= 10 * bins ? RateProfileFit(arrivals: members[name]!, from: from, to: to, bins: bins) : nil
                classes.append(ClassShare(name: name, count: k, share: share, lower: lower, upper: upper, profile: own))
            }
        }
        self.classes = classes

        let classOfRow: [String]? = classIndex.map { i in table.rows.map { $0.fields[i].text.trimmingBlanks() } }
        let context = ColumnContext(table: table, times: times, extractEnd: extractEnd, recording: recording,
                                    censoredIndex: censoredIndex, arrival: arrival, arrivalColumn: arrivalColumn)
        self.durations = try zip(columns, durationIndices).map { column, c throws(EpisodeTable.Failure) in
            var all = try Self.fitColumn(column.name, unit: column.unit, index: c, rows: Array(table.rows.indices), context)
            // Per class, when asked: each class's own rows, read the same way.
            if byClass, let classOfRow {
                all.byClass = try classes.map { cls throws(EpisodeTable.Failure) in
                    (cls.name, try Self.fitColumn(column.name, unit: column.unit, index: c,
                                                  rows: table.rows.indices.filter { classOfRow[$0] == cls.name }, context))
                }
            }
            return all
        }
        self.branches = try branches.map { column throws(EpisodeTable.Failure) in
            let i = try table.column(column)
            var outcomes: [Bool] = []
            for row in table.rows { outcomes.append(try Self.outcome(row, i, table)) }
            func share(_ rows: [Int]) -> BranchShare {
                let yes = rows.filter { outcomes[$0] }.count
                let (p, lower, upper) = ShareInterval.wilson(yes, of: rows.count)
                return BranchShare(n: rows.count, count: yes, share: p, lower: lower, upper: upper)
            }
            let byClass = classOfRow.map { of in classes.map { c in (c.name, share(table.rows.indices.filter { of[$0] == c.name })) } } ?? []
            // A duration present exactly where the outcome is true belongs to the branch's arm.
            let inside = zip(columns, durationIndices).filter { _, c in
                table.rows.indices.allSatisfy { r in !table.rows[r].fields[c].text.trimmingBlanks().isEmpty == outcomes[r] }
            }.map(\.0.name)
            return Branch(column: column, all: share(Array(table.rows.indices)), byClass: byClass, durations: inside)
        }
    }

    /// The calendar model of the arrivals (`hours` after the Monday origin, observed over whole
    /// hours [`from`, `to`)): chosen out of sample over the last three weeks, refitted on all.
    static func calendar(_ request: CalendarRequest, hours: [Double], from: Int, to: Int,
                         times: EpisodeTable.ArrivalTimes) throws(EpisodeTable.Failure) -> Calendar {
        var counts = Array(repeating: 0, count: to - from)
        for t in hours where t >= Double(from) && t < Double(to) { counts[Int(t.rounded(.down)) - from] += 1 }
        let lastDay = to / 24
        var special = CalendarArrivalModel.SpecialDays()
        if let table = request.holidays {
            let dateColumn = try table.column("date")
            let nameColumn = table.header.firstIndex(of: "name")
            guard let origin = times.originDays else {
                throw table.failure(line: 1, column: 1, column: nil, "special days need arrival times that are dates (ISO 8601), not numbers")
            }
            for row in table.rows {
                let field = row.fields[dateColumn]
                let text = field.text.trimmingBlanks()
                guard let day = CivilDate.days(isoDate: text) else {
                    throw table.failure(line: row.line, column: field.column, column: "date", "\(quoted(text)) is not a date such as 2026-12-25")
                }
                var name = nameColumn.map { row.fields[$0].text.trimmingBlanks() } ?? ""
                if name.isEmpty { name = "holiday" }
                if special.days[day - origin] != nil {
                    throw table.failure(line: row.line, column: field.column, column: "date", "\(text) is listed twice")
                }
                if !special.names.contains(name) { special.names.append(name) }
                special.days[day - origin] = special.names.firstIndex(of: name)!
            }
        }
        let validationDays = 21
        // Called with five weeks or more: four to fit, one or more held out.
        let selection = CalendarArrivalModel.select(counts: counts, firstHour: from, specialDays: special, validationDays: validationDays)!
        let model = CalendarArrivalModel(counts: counts, firstHour: from, specification: selection.best, specialDays: special)
        let level = model.level(counts: counts, firstHour: from, origin: to)
        var rates: [Double] = [], lower: [Int] = [], upper: [Int] = []
        for h in 0..<(request.ahead * 24) {
            let m = model.forecast(hour: to + h, horizon: h + 1, level: level)
            let (lo, hi) = model.interval(mean: m, coverage: 0.95)
            rates.append(m)
            lower.append(lo)
            upper.append(hi)
        }
        let ratios = model.dayRatios.special
        let aheadDays = lastDay..<(lastDay + request.ahead)
        let summary = special.names.indices.map { t in
            (name: special.names[t],
             daysInData: special.days.filter { $0.value == t && (from / 24..<lastDay).contains($0.key) }.count,
             daysAhead: special.days.filter { $0.value == t && aheadDays.contains($0.key) }.count,
             ratio: ratios[t])
        }
        let startDay = times.originDays.map { $0 + lastDay }
        return Calendar(model: model, selection: selection, validationDays: validationDays, special: summary,
                        aheadStart: times.describeDay(Double(lastDay)), aheadStartDay: startDay,
                        aheadMonday: startDay.map { $0 - CivilDate.weekday($0) }, rates: rates, lower: lower, upper: upper)
    }

    /// A duration written on a clock, `h:mm` or `h:mm:ss` (hours may pass 24; minutes and
    /// seconds are two digits below 60), in minutes, with the resolution it was written to; nil
    /// for any other text.
    static func clockDuration(_ text: String) -> (minutes: Double, resolution: Double)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let hours = Int(parts[0]), hours >= 0,
              parts.dropFirst().allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && Int($0).map { (0..<60).contains($0) } == true }) else { return nil }
        let minutes = Double(hours * 60 + Int(parts[1])!)
        return parts.count == 2 ? (minutes, 1) : (minutes + Double(Int(parts[2])!) / 60, 1.0 / 60)
    }

    /// What every duration column is read with.
    struct ColumnContext {
        var table: EpisodeTable
        var times: EpisodeTable.ArrivalTimes
        var extractEnd: Double?
        var recording: Recording
        var censoredIndex: Int?
        var arrival: String
        var arrivalColumn: Int
    }

    /// The fits of duration column `name` (at `index`, in `unit`) over `rows`.
    static func fitColumn(_ name: String, unit: TimeUnit, index c: Int, rows: [Int], _ context: ColumnContext) throws(EpisodeTable.Failure) -> Durations {
        let (table, times, extractEnd, recording, censoredIndex) = (context.table, context.times, context.extractEnd, context.recording, context.censoredIndex)
        let (arrival, arrivalColumn) = (context.arrival, context.arrivalColumn)
        var values: [Double] = []
        var open: [Bool] = []
        var missing = 0
        // Durations written on a clock (h:mm, or h:mm:ss), and the finest unit they were given in.
        var clockValues = 0, clockResolution = 0.0, written = 0
        for r in rows {
            let row = table.rows[r]
            let field = row.fields[c]
            let text = field.text.trimmingBlanks()
            if text.isEmpty {
                // With the extract's end known, an empty duration has not ended yet (of the
                // flagged rows only, when a censored column says which are under way).
                let flagged = try censoredIndex.map { i throws(EpisodeTable.Failure) in try Self.flag(row, i, table) }
                guard let extractEnd, flagged ?? true else {
                    if flagged == true {
                        throw table.failure(line: row.line, column: field.column, column: name,
                                            "the episode is still under way (\(table.header[censoredIndex!]) is true) but its \(name) so far is empty; write it, or give --extract-end to count it from the arrival")
                    }
                    missing += 1
                    continue
                }
                let soFar = (extractEnd - times.minutes[r]) / unit.minutes
                guard soFar >= 0 else {
                    throw table.failure(line: row.line, column: table.rows[r].fields[arrivalColumn].column, column: arrival,
                                        "the episode arrives after the extract's end (\(recording.extractEnd!)), so its empty \(name) cannot be under way")
                }
                values.append(soFar)
                open.append(true)
                continue
            }
            let number = Double(text)
            let clock = number == nil ? Self.clockDuration(text) : nil
            guard let x = number ?? clock.map({ $0.minutes / unit.minutes }), x.isFinite else {
                throw table.failure(line: row.line, column: field.column, column: name,
                                    "\(quoted(text)) is not a number (a duration in \(unit.rawValue)s) nor hours and minutes (h:mm or h:mm:ss)")
            }
            written += 1
            if let clock {
                clockValues += 1
                clockResolution = clockResolution == 0 ? clock.resolution : min(clockResolution, clock.resolution)
            }
            guard x >= 0 else { throw table.failure(line: row.line, column: field.column, column: name, "a duration cannot be negative, got \(text)") }
            values.append(x)
            open.append(try censoredIndex.map { i throws(EpisodeTable.Failure) in try Self.flag(row, i, table) } ?? false)
        }
        let censored = open.filter { $0 }.count
        let ended = zip(values, open).filter { !$0.1 }.map(\.0)
        // Values recorded to a resolution: given, or detected when every ended value is whole,
        // or every value was written on a clock (to its minute, or its second).
        var resolution = recording.resolution.flatMap { $0 > 0 ? $0 / unit.minutes : nil }
        let onClock = clockValues > 0 && clockValues == written
        let detected = recording.resolution == nil && ended.count >= 2 && (onClock || DurationSample.allWhole(ended))
        if detected { resolution = onClock ? clockResolution / unit.minutes : 1 }
        let sample = DurationSample(values: values, resolution: resolution, censored: open)
        let sorted = values.sorted()
        let fits = DistributionFit.fitAll(sample)
        let last = sorted.count - 1
        let percentiles: [Double] = sorted.isEmpty ? [] : (0...20).map { (i: Int) -> Double in
            let rank: Double = (Double(i) / 20 * Double(last)).rounded()
            return sorted[min(last, Int(rank))]
        }
        var warning: String?
        var notes: [String] = []
        if let resolution {
            let step = "\(NumberText.readable(resolution)) \(unit.rawValue)\(resolution == 1 ? "" : "s")"
            let clock = clockResolution == 1 ? "hours and minutes (h:mm)" : "hours, minutes and seconds (h:mm:ss)"
            notes.append(!detected ? "values recorded to \(step): each value an interval of that width"
                : onClock ? "every value is written in \(clock): read as recorded to the \(clockResolution == 1 ? "minute" : "second"), each value an interval of that width (--resolution sets another)"
                : "every value is a whole number of \(unit.rawValue)s: read as recorded to \(step), each value an interval of that width (--resolution sets another)")
        }
        if censored > 0 {
            notes.append("\(censored) of \(values.count) values were still under way at the extract's end: fitted as censored (each a lower bound); the percentiles are of the values as recorded")
        }
        let zeros = values.filter { $0 == 0 }.count
        if zeros > 0, values.count >= 2, sample.isExact {
            notes.append("\(zeros) value\(zeros == 1 ? " is" : "s are") 0: gamma, lognormal and Weibull need positive values and were left out (--resolution reads the values as rounded)")
        }
        if values.count < 2 {
            warning = "\(name): \(values.count) value\(values.count == 1 ? "" : "s"); nothing to fit"
        } else if fits.isEmpty {
            warning = "\(name): no form applies (all values equal?); use the continuous empirical distribution"
        } else if fits[0].ksP < 0.01 {
            warning = "\(name): no form fits (the best, \(fits[0].form.rawValue), has KS p = \(NumberText.significant(fits[0].ksP, 2))); consider the continuous empirical distribution"
        }
        var durations = Durations(column: name, unit: unit, n: values.count, missing: missing, fits: fits, percentiles: percentiles,
                                  empirical: censored > 0 ? nil : Distribution.continuousEmpirical(fittedTo: sorted), warning: warning,
                                  note: notes.isEmpty ? nil : notes.joined(separator: "; "))
        durations.resolution = resolution
        durations.resolutionDetected = detected
        durations.censored = censored
        durations.kaplanMeier = censored > 0 ? sample.kaplanMeier : nil
        return durations
    }

    /// Whether row's field `i` says the episode is still under way: true, yes, 1 (any case), or
    /// false, no, 0, empty.
    static func flag(_ row: EpisodeTable.Row, _ i: Int, _ table: EpisodeTable) throws(EpisodeTable.Failure) -> Bool {
        let text = row.fields[i].text.trimmingBlanks().lowercased()
        switch text {
        case "true", "yes", "1", "y", "t": return true
        case "false", "no", "0", "n", "f", "": return false
        default:
            throw table.failure(line: row.line, column: row.fields[i].column, column: table.header[i],
                                "\(quoted(text)) is not true or false (is the episode still under way at the extract's end?)")
        }
    }

    /// A true/false outcome (`admitted`): true, yes, 1, y, t or false, no, 0, n, f (any case);
    /// an empty cell is an error, since an outcome left out is not a no.
    static func outcome(_ row: EpisodeTable.Row, _ i: Int, _ table: EpisodeTable) throws(EpisodeTable.Failure) -> Bool {
        let text = row.fields[i].text.trimmingBlanks()
        guard !text.isEmpty else {
            throw table.failure(line: row.line, column: row.fields[i].column, column: table.header[i], "the outcome is empty; write true or false")
        }
        return try flag(row, i, table)
    }

    /// The extract's end in the arrival times' frame (minutes after their Monday origin).
    static func extractEnd(_ text: String, times: EpisodeTable.ArrivalTimes, timeUnit: TimeUnit,
                           table: EpisodeTable) throws(EpisodeTable.Failure) -> Double {
        if let origin = times.originDays {
            guard let m = CivilDate.minutes(iso: text) else {
                throw table.failure(line: 1, column: 1, column: nil, "--extract-end \(quoted(text)) is not an ISO 8601 date-time such as 2026-03-02T08:15, as the arrival times are")
            }
            return m - Double(origin) * 1440
        }
        guard let x = Double(text), x.isFinite else {
            throw table.failure(line: 1, column: 1, column: nil, "--extract-end \(quoted(text)) is not a number in \(timeUnit.rawValue)s, as the arrival times are")
        }
        return x * timeUnit.minutes
    }
}
