import Foundation
import SimKernel

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

        public init(error: ScenarioError) { self.error = error }
    }

    public var file: String
    public var header: [String]
    /// Where each header field starts on line 1.
    public var headerColumns: [Int]
    public var rows: [Row]

    init(file: String, header: [String], headerColumns: [Int], rows: [Row]) {
        (self.file, self.header, self.headerColumns, self.rows) = (file, header, headerColumns, rows)
    }

    /// A table from rows already split into fields (a database query's result): `file` names
    /// where it came from in messages, row i is reported as line i + 2 (after the header) and
    /// field j as column j + 1. NULL fields are empty (missing values).
    public init(file: String, header: [String], rows: [[String?]]) {
        self.file = file
        self.header = header
        headerColumns = header.indices.map { $0 + 1 }
        self.rows = rows.enumerated().map { i, fields in
            Row(line: i + 2, fields: fields.enumerated().map { Field(text: $1 ?? "", column: $0 + 1) })
        }
    }

    /// RFC 4180 CSV: fields separated by commas, quoted with double quotes (doubled inside).
    /// A header line with no comma but semicolons (a spreadsheet's export where the comma is
    /// the decimal mark) or tabs sets that separator instead; with semicolons, a decimal comma
    /// within a number (`18,51`, `3,5 hour`) is read as a decimal point.
    public static func parse(_ text: String, file: String) throws(Failure) -> EpisodeTable {
        let separator = Self.separator(in: text)
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
            if separator == ";" { field = Self.decimalPoint(field) }
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
            if c == separator {
                endField()
                column += 1
                fieldColumn = column
                continue
            }
            switch c {
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
        let header = head.fields.map { $0.text.trimmingBlanks() }
        for (i, name) in header.enumerated() where header[..<i].contains(name) {
            throw Failure(error: ScenarioError(file: file, line: 1, column: head.fields[i].column, keyPath: name, message: "the column \(HospitalScenario.quoted(name)) is named twice"))
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

    /// The field separator, from the first line's characters outside quotes: a comma if there
    /// is one, else a semicolon, else a tab; a comma for a single column.
    static func separator(in text: String) -> Unicode.Scalar {
        var quoted = false
        var semicolon = false, tab = false
        for c in text.unicodeScalars {
            if c == "\"" { quoted.toggle() }
            if quoted { continue }
            if c == "\n" { break }
            if c == "," { return "," }
            if c == ";" { semicolon = true }
            if c == "\t" { tab = true }
        }
        return semicolon ? ";" : tab ? "\t" : ","
    }

    /// `text` with its one comma made a decimal point when digits stand either side of it
    /// (`18,51`, `-3,5 hour`); any other text as it is.
    static func decimalPoint(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: ",")) else { return text }
        let scalars = Array(text.unicodeScalars)
        guard let i = scalars.firstIndex(of: ","), i > 0, i + 1 < scalars.count, scalars[(i + 1)...].firstIndex(of: ",") == nil,
              scalars[i - 1].properties.numericType == .decimal, scalars[i + 1].properties.numericType == .decimal,
              scalars[i - 1].isASCII, scalars[i + 1].isASCII else { return text }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[..<i])
        result.append(".")
        result.append(contentsOf: scalars[(i + 1)...])
        return String(result)
    }

    public func failure(line: Int, column: Int, column name: String?, _ message: String) -> Failure {
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
    public struct ArrivalTimes {
        /// Minutes after a Monday 00:00: the one on or before the first date, or time 0.
        public var minutes: [Double]
        /// That Monday as days since 1970-01-01 (nil for numeric times).
        public var originDays: Int?

        public func describeDay(_ day: Double) -> String {
            guard let origin = originDays else { return "day \(Int(day) + 1) (a Monday when numbers are times)" }
            let (y, m, d) = CivilDate.fromDays(origin + Int(day))
            return String(format: "%04d-%02d-%02d", y, m, d)
        }
    }

    public func arrivalTimes(_ c: Int, timeUnit: TimeUnit) throws(Failure) -> ArrivalTimes {
        let name = header[c]
        let first = rows[0].fields[c].text.trimmingBlanks()
        let numeric = Double(first) != nil
        var minutes: [Double] = []
        minutes.reserveCapacity(rows.count)
        for row in rows {
            let field = row.fields[c]
            let text = field.text.trimmingBlanks()
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
