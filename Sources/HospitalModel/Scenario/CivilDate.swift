/// Dates of the proleptic Gregorian calendar as days since 1970-01-01.
public enum CivilDate {
    /// Days since 1970-01-01 of year-month-day (Howard Hinnant's days-from-civil).
    public static func days(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func fromDays(_ z: Int) -> (Int, Int, Int) {
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
    public static func weekday(_ days: Int) -> Int { ((days % 7) + 7 + 3) % 7 }

    /// `YYYY-MM-DD`, a date of the calendar (the month's days checked), as days since 1970-01-01.
    public static func days(isoDate text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1 else { return nil }
        let z = days(y, m, d)
        let (y2, m2, _) = fromDays(z)
        return y2 == y && m2 == m ? z : nil  // 2026-02-30 is not a date
    }

    /// Days since 1970-01-01 as `YYYY-MM-DD`.
    public static func isoDate(_ days: Int) -> String {
        let (y, m, d) = fromDays(days)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]]` with an optional `Z` or `±HH:MM` (ignored: the wall
    /// clock as written is what hour-of-day patterns follow), as minutes since 1970-01-01 00:00.
    public static func minutes(iso text: String) -> Double? {
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
