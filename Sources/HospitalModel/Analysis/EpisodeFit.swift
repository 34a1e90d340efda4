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
        /// Forms left out, and why.
        public var note: String?
    }

    public var file: String
    public var timeUnit: TimeUnit
    public var arrivals: Arrivals
    public var classes: [ClassShare]
    public var durations: [Durations]

    /// Fits `table`: arrival times from the column `arrival`, classes from `classColumn`, and
    /// each of `durations` in `timeUnit`. `profile` forces 24 or 168 bins; by default 168 when
    /// the data cover at least four weeks.
    public init(_ table: EpisodeTable, arrival: String, classColumn: String?, durations: [String], timeUnit: TimeUnit,
                profile: Int? = nil) throws(EpisodeTable.Failure) {
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
        guard !table.rows.isEmpty else { throw table.failure(line: 1, column: 1, column: nil, "the file has a header but no episodes") }

        // Arrival times in hours after the Monday 00:00 on or before the first arrival.
        let times = try table.arrivalTimes(arrivalColumn, timeUnit: timeUnit)
        let start = times.minutes.min()!, end = times.minutes.max()!
        // Whole days, from the first arrival's midnight to the end of the last arrival's day.
        let firstDay = (start / 1440).rounded(.down)
        let lastDay = (end / 1440).rounded(.down) + 1
        // Hour bins are counted one by one: a span of centuries is a unit mistake, not data.
        if lastDay - firstDay > 100 * 366 {
            let row = table.rows[times.minutes.firstIndex(of: end)!]
            throw table.failure(line: row.line, column: row.fields[arrivalColumn].column, column: arrival,
                                "the arrival times span \(Int((lastDay - firstDay) / 365.25)) years; the limit is 100 (are numeric times in \(timeUnit.rawValue)s?)")
        }
        let hours = times.minutes.map { $0 / 60 }
        let (from, to) = (firstDay * 24, lastDay * 24)
        let bins = profile ?? (to - from >= 28 * 24 ? 168 : 24)
        let fit = RateProfileFit(arrivals: hours, from: from, to: to, bins: bins)
        let test = to - from >= 7 * 24 ? RateProfileFit.weekVersusDay(arrivals: hours, from: from, to: to) : nil
        // Rates per hour in the profile; the scenario's `by_hour` says `unit: per hour`.
        arrivals = Arrivals(profile: fit, weekTest: test, arrivals: hours.count, hours: to - from, firstDay: times.describeDay(firstDay))

        var classes: [ClassShare] = []
        if let classIndex {
            var order: [String] = []
            var members: [String: [Double]] = [:]
            for (row, h) in zip(table.rows, hours) {
                let name = row.fields[classIndex].text.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw table.failure(line: row.line, column: row.fields[classIndex].column, column: classColumn, "the class is empty") }
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

        self.durations = try zip(columns, durationIndices).map { column, c throws(EpisodeTable.Failure) in
            let (name, unit) = column
            var values: [Double] = []
            var missing = 0
            for row in table.rows {
                let field = row.fields[c]
                let text = field.text.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { missing += 1; continue }
                guard let x = Double(text), x.isFinite else {
                    throw table.failure(line: row.line, column: field.column, column: name, "\(quoted(text)) is not a number (a duration in \(unit.rawValue)s)")
                }
                guard x >= 0 else { throw table.failure(line: row.line, column: field.column, column: name, "a duration cannot be negative, got \(text)") }
                values.append(x)
            }
            let sorted = values.sorted()
            let fits = DistributionFit.fitAll(sorted)
            let percentiles = sorted.isEmpty ? [] : (0...20).map { i in sorted[min(sorted.count - 1, Int((Double(i) / 20 * Double(sorted.count - 1)).rounded()))] }
            var warning: String?
            var note: String?
            let zeros = values.filter { $0 == 0 }.count
            if zeros > 0, values.count >= 2 {
                note = "\(zeros) value\(zeros == 1 ? " is" : "s are") 0: gamma, lognormal and Weibull need positive values and were left out"
            }
            if values.count < 2 {
                warning = "\(name): \(values.count) value\(values.count == 1 ? "" : "s"); nothing to fit"
            } else if fits.isEmpty {
                warning = "\(name): no form applies (all values equal?); use the continuous empirical distribution"
            } else if fits[0].ksP < 0.01 {
                warning = "\(name): no form fits (the best, \(fits[0].form.rawValue), has KS p = \(String(format: "%.2g", fits[0].ksP))); consider the continuous empirical distribution"
            }
            return Durations(column: name, unit: unit, n: values.count, missing: missing, fits: fits, percentiles: percentiles,
                             empirical: Distribution.continuousEmpirical(fittedTo: sorted), warning: warning, note: note)
        }
    }
}

/// A CSV file with a header, each field with its line and column for messages.
public struct EpisodeTable: Sendable {
    public struct Field: Sendable {
        public var text: String
        public var column: Int
    }
    public struct Row: Sendable {
        public var line: Int
        public var fields: [Field]
    }
    /// A located problem in the file: `FILE:LINE:COL: error: ...`.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var error: ScenarioError
        public var description: String { error.description }
    }

    public var file: String
    public var header: [String]
    /// Where each header field starts on line 1.
    public var headerColumns: [Int]
    public var rows: [Row]

    public static func read(path: String) throws(Failure) -> EpisodeTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(error: ScenarioError(file: path, line: 1, column: 1, keyPath: "", message: "cannot read the file"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure(error: ScenarioError(file: path, line: 1, column: 1, keyPath: "", message: "the file is not UTF-8 text"))
        }
        return try parse(text, file: path)
    }

    /// RFC 4180 CSV: fields separated by commas, quoted with double quotes (doubled inside).
    public static func parse(_ text: String, file: String) throws(Failure) -> EpisodeTable {
        var records: [Row] = []
        var fields: [Field] = []
        var field = ""
        var line = 1, column = 1, fieldColumn = 1, recordLine = 1
        var quoted = false, wasQuoted = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = chars.next()
        // Spreadsheets often start a UTF-8 file with a byte-order mark: it is not part of the header.
        if pending == "\u{FEFF}" { pending = nil }
        func endField() {
            fields.append(Field(text: field, column: fieldColumn))
            field = ""
            wasQuoted = false
        }
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = chars.next()
                    if next == "\"" { field.append("\""); column += 2; continue }
                    quoted = false
                    column += 1
                    pending = next
                    continue
                }
                field.unicodeScalars.append(c)
                if c == "\n" { line += 1; column = 1 } else { column += 1 }
                continue
            }
            switch c {
            case ",":
                endField()
                column += 1
                fieldColumn = column
            case "\r":
                column += 1
            case "\n":
                endField()
                if !(fields.count == 1 && fields[0].text.isEmpty) { records.append(Row(line: recordLine, fields: fields)) }
                fields = []
                line += 1
                column = 1
                fieldColumn = 1
                recordLine = line
            case "\"" where field.isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
                column += 1
            default:
                field.unicodeScalars.append(c)
                column += 1
            }
        }
        if quoted { throw Failure(error: ScenarioError(file: file, line: recordLine, column: fieldColumn, keyPath: "", message: "a quoted field is not closed")) }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append(Row(line: recordLine, fields: fields))
        }
        guard let head = records.first else {
            throw Failure(error: ScenarioError(file: file, line: 1, column: 1, keyPath: "", message: "the file is empty; it needs a header line naming its columns"))
        }
        let header = head.fields.map { $0.text.trimmingCharacters(in: .whitespaces) }
        for (i, name) in header.enumerated() where header[..<i].contains(name) {
            throw Failure(error: ScenarioError(file: file, line: 1, column: head.fields[i].column, keyPath: name, message: "the column \(HospitalModel.quoted(name)) is named twice"))
        }
        var rows = Array(records.dropFirst())
        for (r, row) in rows.enumerated() where row.fields.count != header.count {
            guard row.fields.count < header.count else {
                throw Failure(error: ScenarioError(file: file, line: row.line, column: row.fields[header.count].column, keyPath: "",
                                                   message: "\(row.fields.count) fields where the header names \(header.count) columns"))
            }
            // Missing trailing fields are empty (missing values).
            let last = row.fields.last.map { $0.column + $0.text.count } ?? 1
            rows[r].fields += Array(repeating: Field(text: "", column: last), count: header.count - row.fields.count)
        }
        return EpisodeTable(file: file, header: header, headerColumns: head.fields.map(\.column), rows: rows)
    }

    func failure(line: Int, column: Int, column name: String?, _ message: String) -> Failure {
        Failure(error: ScenarioError(file: file, line: line, column: column, keyPath: name ?? "", message: message))
    }

    /// The index of the column `name`, or a failure naming the columns there are.
    public func column(_ name: String) throws(Failure) -> Int {
        if let i = header.firstIndex(of: name) { return i }
        // Column names are often spelt out differently ("arrival" for "arrived_at"): a long
        // shared start counts as a likeness too.
        func sharedStart(_ a: String, _ b: String) -> Int { zip(a.lowercased(), b.lowercased()).prefix { $0 == $1 }.count }
        let alike = suggestion(for: name, among: header)
            ?? header.filter { sharedStart($0, name) >= max(4, name.count / 2) }.max { sharedStart($0, name) < sharedStart($1, name) }
        let hint = alike.map { "; did you mean '\($0)'?" } ?? ""
        throw failure(line: 1, column: 1, column: nil, "no column \(quoted(name))\(hint) (the columns are \(header.map { quoted($0) }.joined(separator: ", ")))")
    }

    /// Arrival times, all ISO 8601 date-times (read as the wall-clock times written) or all
    /// numbers in `timeUnit` (time 0 being a Monday 00:00).
    struct ArrivalTimes {
        /// Minutes after a Monday 00:00: the one on or before the first date, or time 0.
        var minutes: [Double]
        /// That Monday as days since 1970-01-01 (nil for numeric times).
        var originDays: Int?

        func describeDay(_ day: Double) -> String {
            guard let origin = originDays else { return "day \(Int(day) + 1) (a Monday when numbers are times)" }
            let (y, m, d) = CivilDate.fromDays(origin + Int(day))
            return String(format: "%04d-%02d-%02d", y, m, d)
        }
    }

    func arrivalTimes(_ c: Int, timeUnit: TimeUnit) throws(Failure) -> ArrivalTimes {
        let name = header[c]
        let first = rows[0].fields[c].text.trimmingCharacters(in: .whitespaces)
        let numeric = Double(first) != nil
        var minutes: [Double] = []
        minutes.reserveCapacity(rows.count)
        for row in rows {
            let field = row.fields[c]
            let text = field.text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { throw failure(line: row.line, column: field.column, column: name, "the arrival time is missing") }
            if numeric {
                guard let x = Double(text), x.isFinite else {
                    throw failure(line: row.line, column: field.column, column: name, "\(quoted(text)) is not a number, as the first arrival time was (times in \(timeUnit.rawValue)s)")
                }
                minutes.append(x * timeUnit.minutes)
            } else {
                guard let m = CivilDate.minutes(iso: text) else {
                    throw failure(line: row.line, column: field.column, column: name,
                                  "\(quoted(text)) is not an ISO 8601 date-time such as 2026-03-02T08:15 or 2026-03-02 08:15:00")
                }
                minutes.append(m)
            }
        }
        if numeric { return ArrivalTimes(minutes: minutes, originDays: nil) }
        // Minutes since 1970-01-01 (a Thursday); the Monday on or before the first arrival.
        let firstDay = Int((minutes.min()! / 1440).rounded(.down))
        let monday = firstDay - CivilDate.weekday(firstDay)
        return ArrivalTimes(minutes: minutes.map { $0 - Double(monday) * 1440 }, originDays: monday)
    }
}

/// Dates of the proleptic Gregorian calendar as days since 1970-01-01.
enum CivilDate {
    /// Days since 1970-01-01 of year-month-day (Howard Hinnant's days-from-civil).
    static func days(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func fromDays(_ z: Int) -> (Int, Int, Int) {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Monday.
    static func weekday(_ days: Int) -> Int { ((days % 7) + 7 + 3) % 7 }

    /// `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]]` with an optional `Z` or `±HH:MM` (ignored: the wall
    /// clock as written is what hour-of-day patterns follow), as minutes since 1970-01-01 00:00.
    static func minutes(iso text: String) -> Double? {
        let s = Array(text.utf8)
        func int(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= s.count else { return nil }
            var v = 0
            for b in s[from..<from + count] {
                guard b >= 48, b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            return v
        }
        guard s.count >= 16, let y = int(0, 4), s[4] == 45, let mo = int(5, 2), s[7] == 45, let d = int(8, 2),
              s[10] == 84 || s[10] == 32 || s[10] == 116, let h = int(11, 2), s[13] == 58, let mi = int(14, 2),
              (1...12).contains(mo), (1...31).contains(d), h <= 23, mi <= 59 else { return nil }
        var i = 16
        var seconds = 0.0
        if i < s.count, s[i] == 58 {
            guard let sec = int(i + 1, 2), sec <= 60 else { return nil }
            seconds = Double(sec)
            i += 3
            if i < s.count, s[i] == 46 {
                var j = i + 1
                var scale = 0.1
                while j < s.count, s[j] >= 48, s[j] <= 57 { seconds += Double(s[j] - 48) * scale; scale /= 10; j += 1 }
                guard j > i + 1 else { return nil }
                i = j
            }
        }
        if i < s.count {
            if s[i] == 90 || s[i] == 122 { i += 1 } else if s[i] == 43 || s[i] == 45, int(i + 1, 2) != nil {
                i += 3
                if i < s.count, s[i] == 58 { i += 1 }
                guard int(i, 2) != nil else { return nil }
                i += 2
            } else { return nil }
        }
        guard i == s.count else { return nil }
        let (_, _, checked) = fromDays(days(y, mo, d))
        guard checked == d else { return nil }  // 2026-02-30
        return Double(days(y, mo, d)) * 1440 + Double(h * 60 + mi) + seconds / 60
    }
}
