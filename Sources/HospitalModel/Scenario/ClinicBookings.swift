import Foundation
import SimKernel

/// The booked clinic lists of the coming days (`simrun forecast --bookings FILE`): for each
/// clinic named, its appointments, which replace the scenario's simulated booking of its
/// sessions up to the end of the last date listed for it.
///
/// ```
/// clinic,appointment
/// cardiology,2026-03-04T09:00
/// cardiology,2026-03-04T09:15
/// ```
/// Each appointment must fall within a session of its clinic on its day, and not before now.
/// No-shows and lateness are still drawn as the clinic says: the list is who is booked, not who
/// comes.
public struct ClinicBookings: Sendable {
    /// Clinic index → appointment times in the scenario's time unit after the Monday 00:00
    /// before now (the forecast's time 0), sorted.
    public var appointments: [Int: [Double]] = [:]
    /// Clinic index → the end of the last date listed for it, in the same time: sessions that
    /// start before it take the list.
    public var until: [Int: Double] = [:]

    public init() {}

    /// Reads `table` (columns `clinic` and `appointment`) for a forecast from `now`.
    public static func read(_ table: EpisodeTable, scenario: Scenario, now: String) throws(EpisodeTable.Failure) -> ClinicBookings {
        let names = scenario.clinics.map(\.name)
        let clinicColumn = try table.column("clinic"), timeColumn = try table.column("appointment")
        guard let nowMinutes = CivilDate.minutes(iso: now) else {
            throw table.failure(line: 1, column: 1, column: nil, "--now \(quoted(now)) is not an ISO 8601 date-time")
        }
        let nowDay = Int((nowMinutes / 1440).rounded(.down))
        let monday = Double(nowDay - CivilDate.weekday(nowDay)) * 1440
        let unit = scenario.timeUnit.minutes
        var result = ClinicBookings()
        for row in table.rows {
            let clinicField = row.fields[clinicColumn], timeField = row.fields[timeColumn]
            func fail(_ field: EpisodeTable.Field, _ column: String, _ message: String) -> EpisodeTable.Failure {
                table.failure(line: row.line, column: field.column, column: column, message)
            }
            let name = clinicField.text.trimmingBlanks()
            guard let c = names.firstIndex(of: name) else {
                let hint = suggestion(for: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
                throw fail(clinicField, "clinic", "unknown clinic \(quoted(name))\(hint) (clinics: \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
            }
            let text = timeField.text.trimmingBlanks()
            guard let minutes = CivilDate.minutes(iso: text) else {
                throw fail(timeField, "appointment", "\(quoted(text)) is not an ISO 8601 date-time such as 2026-03-04T09:15")
            }
            guard minutes >= nowMinutes else { throw fail(timeField, "appointment", "\(text) is before now (\(now))") }
            let day = Int((minutes / 1440).rounded(.down))
            let minuteOfDay = minutes - Double(day) * 1440
            let clinic = scenario.clinics[c]
            let held = clinic.sessions.filter { $0.days?.contains(CivilDate.weekday(day)) ?? true }
            guard held.contains(where: { Double($0.start) <= minuteOfDay && minuteOfDay < Double($0.start) + $0.length * unit }) else {
                let sessions = held.map { s in String(format: "%02d:%02d", s.start / 60, s.start % 60) + " for \(NumberText.readable(s.length * unit)) min" }
                throw fail(timeField, "appointment", "\(text) is in no session of \(quoted(name)) on that day "
                           + (sessions.isEmpty ? "(it holds none then)" : "(sessions: \(sessions.joined(separator: ", ")))"))
            }
            result.appointments[c, default: []].append((minutes - monday) / unit)
            result.until[c] = max(result.until[c] ?? -.infinity, (Double(day + 1) * 1440 - monday) / unit)
        }
        for c in result.appointments.keys { result.appointments[c]!.sort() }
        return result
    }
}
