import HospitalScenario
import HospitalPolicies
import SimKernel

/// A clinic with each session's start (after midnight) and length in time units, and its
/// bookings' appointment offsets.
public struct CompiledClinic: Sendable {
    public struct Session: Sendable {
        public var days: Set<Int>?
        public var start: Double
        public var length: Double
        public var bookings: [(offset: Double, overbooked: Bool)]
    }
    public var clinic: Clinic
    public var sessions: [Session]

    init(_ clinic: Clinic, hour: Double) {
        self.clinic = clinic
        sessions = clinic.sessions.map { s in
            Session(days: s.days, start: Double(s.start) / 60 * hour, length: s.length, bookings: clinic.appointmentOffsets(s))
        }
    }
}
