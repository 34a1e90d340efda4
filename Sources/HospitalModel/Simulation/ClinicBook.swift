/// The clinic sessions of a replication: those booked and not yet over, and the bookings
/// whose patient is on the way, in slots reused once done. Its handlers (booking a day,
/// booked arrivals, consultations) are in `Simulation+Clinics.swift`.
struct ClinicBook {
    var sessions: ContiguousArray<SessionState> = []
    var freeSessions: [Int32] = []
    var bookings: ContiguousArray<(session: Int32, appointment: Double)> = []
    var freeBookings: [Int32] = []

    /// A new session's slot.
    mutating func open(_ state: SessionState) -> Int {
        if let s = freeSessions.popLast() {
            sessions[Int(s)] = state
            return Int(s)
        }
        sessions.append(state)
        return sessions.count - 1
    }

    /// A booking's slot, for the event of its patient's arrival.
    mutating func book(session: Int32, appointment: Double) -> Int32 {
        if let b = freeBookings.popLast() {
            bookings[Int(b)] = (session, appointment)
            return b
        }
        bookings.append((session, appointment))
        return Int32(bookings.count - 1)
    }

    /// Booking `b`'s patient has arrived: its session and appointment, and the slot freed.
    mutating func takeBooking(_ b: Int) -> (session: Int32, appointment: Double) {
        freeBookings.append(Int32(b))
        return bookings[b]
    }

    /// Consultation from `start` to `end` in session `s`: the part within its hours is doctor
    /// time used.
    mutating func served(session s: Int, from start: Double, to end: Double) {
        sessions[s].consulting += max(0, min(end, sessions[s].end) - max(start, sessions[s].start))
        sessions[s].lastEnd = max(sessions[s].lastEnd, end)
    }

    /// A patient of session `s` is done with it: true when it was the last.
    mutating func leave(session s: Int) -> Bool {
        sessions[s].pending -= 1
        return sessions[s].pending == 0
    }

    /// Session `s` is over: its state, and the slot freed.
    mutating func close(_ s: Int) -> SessionState {
        freeSessions.append(Int32(s))
        return sessions[s]
    }
}
