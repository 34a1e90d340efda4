import HospitalScenario
import HospitalPolicies
import CGSL
import SimKernel

/// One clinic session booked and not yet over: its clinic, scheduled times, the booked patients
/// still to come or in the building before their consultation ends, and its doctors' time.
struct SessionState {
    var clinic: Int32
    var start: Double
    var end: Double
    /// Started after the warm-up, so in the clinic's metrics.
    var counted: Bool
    var pending: Int32 = 0
    /// Consultation time of its patients within the session's hours.
    var consulting = 0.0
    /// When its last consultation ended.
    var lastEnd = 0.0
}

extension Simulation {
    /// Midnight: the day's bed-day charges, then the day's clinic sessions booked.
    mutating func midnight() {
        let now = events.now
        if events.now > 0 { census() }
        if !model.clinics.isEmpty { bookSessions(day: Int((now / (24 * hour)).rounded())) }
        let next = now + 24 * hour
        if next <= end { events.schedule(at: next, kind: EventKind.midnight.rawValue, subject: 0) }
    }

    /// Books every session held on `day` (0 = the first Monday) and over by the end of the run:
    /// each booking made (with
    /// probability `fill`, overbooked ones always), a no-show or a patient arriving at its
    /// appointment plus its lateness (never before now).
    mutating func bookSessions(day: Int) {
        let now = events.now
        for (c, clinic) in model.clinics.enumerated() {
            let first = program.clinicStreams[c]
            let (fillRng, noShowRng, latenessRng) = (rngs[first], rngs[first + 1], rngs[first + 2])
            for session in clinic.sessions where session.days?.contains(day % 7) ?? true {
                let start = now + session.start
                // A session the run would cut short is not held (its idle time would be wrong).
                guard start + session.length <= end, start >= arrivalStart else { continue }
                let counted = start >= warmup
                let s = newSession(SessionState(clinic: Int32(c), start: start, end: start + session.length, counted: counted))
                for booking in session.bookings {
                    if !booking.overbooked, clinic.clinic.fill < 1, gsl_rng_uniform(fillRng) >= clinic.clinic.fill { continue }
                    if counted { stats.clinics[c].booked += 1 }
                    if clinic.clinic.noShow > 0, gsl_rng_uniform(noShowRng) < clinic.clinic.noShow {
                        if counted {
                            stats.clinics[c].noShows += 1
                            stats.noShows += 1
                        }
                        continue
                    }
                    let appointment = start + booking.offset
                    let arrival = max(now, appointment + lateness(clinic.clinic.lateness, latenessRng))
                    guard arrival <= end else { continue }
                    sessions[s].pending += 1
                    events.schedule(at: arrival, kind: EventKind.appointment.rawValue, subject: newBooking(session: Int32(s), appointment: appointment))
                }
                if traceLog != nil {
                    let detail = "\(clinic.clinic.name) session at \(TraceRecord.format(start)): \(sessions[s].pending) to come"
                    note("booked", patient: nil, resource: nil, detail: detail)
                }
                if sessions[s].pending == 0 { closeSession(s) }
            }
        }
    }

    func lateness(_ rule: Clinic.Lateness?, _ rng: UnsafeMutablePointer<gsl_rng>) -> Double {
        switch rule {
        case nil: 0
        case .fixed(let x): x
        case .normal(let mean, let sd): mean + gsl_ran_gaussian(rng, sd)
        case .uniform(let a, let b): a == b ? a : gsl_ran_flat(rng, a, b)
        case .distribution(let d): d.sampler.sample(rng)
        }
    }

    mutating func newSession(_ state: SessionState) -> Int {
        if let s = freeSessions.popLast() {
            sessions[Int(s)] = state
            return Int(s)
        }
        sessions.append(state)
        return sessions.count - 1
    }

    mutating func newBooking(session: Int32, appointment: Double) -> Int32 {
        if let b = freeBookings.popLast() {
            bookings[Int(b)] = (session, appointment)
            return b
        }
        bookings.append((session, appointment))
        return Int32(bookings.count - 1)
    }

    /// A booked patient arrives, as a patient of its clinic's class. One who comes before the
    /// session starts waits for it: clinicians are not seeing the session's patients before
    /// its hours (so that time is neither consultation nor idle time of the session).
    mutating func arriveBooked(_ b: Int) {
        let (s, appointment) = bookings[b]
        freeBookings.append(Int32(b))
        let c = Int(sessions[Int(s)].clinic)
        if sessions[Int(s)].counted { stats.clinics[c].attended += 1 }
        let p = admit(classIndex: model.clinics[c].clinic.classIndex, session: s, appointment: appointment)
        if traceLog != nil {
            let detail = "\(model.clinics[c].clinic.name), appointment \(TraceRecord.format(appointment))"
            note("arrival", patient: p, resource: nil, detail: detail)
        }
        let opens = sessions[Int(s)].start
        if events.now < opens {
            events.schedule(at: opens, kind: EventKind.sessionOpens.rawValue, subject: Int32(p))
            return
        }
        advance(p)
    }

    /// A booked patient's consultation starts: its wait is counted from the later of its
    /// arrival and its appointment.
    mutating func consultationStarts(_ p: Int) {
        let s = Int(patients[p].session)
        guard sessions[s].counted else { return }
        let c = Int(sessions[s].clinic)
        // An early patient seen before its appointment did not wait.
        let wait = max(0, events.now - max(patients[p].arrival, patients[p].appointment))
        stats.clinics[c].wait.add(wait)
        stats.clinics[c].waitQuantiles.add(wait)
    }

    /// Part of a booked patient's consultation, from `since` to now, is over (it ended, or
    /// the patient was preempted): the part within the session's hours is doctor time used.
    mutating func consultationServed(_ p: Int, since: Double) {
        let s = Int(patients[p].session)
        let now = events.now
        sessions[s].consulting += max(0, min(now, sessions[s].end) - max(since, sessions[s].start))
        sessions[s].lastEnd = max(sessions[s].lastEnd, now)
    }

    /// A booked patient is done with its session: after its consultation, or leaving without
    /// one. The session closes with its last patient.
    mutating func leaveSession(_ p: Int) {
        let s = Int(patients[p].session)
        patients[p].session = -1
        sessions[s].pending -= 1
        if sessions[s].pending == 0 { closeSession(s) }
    }

    /// Every patient of session `s` is done: its idle time and overtime are counted.
    mutating func closeSession(_ s: Int) {
        let state = sessions[s]
        freeSessions.append(Int32(s))
        guard state.counted else { return }
        let c = Int(state.clinic)
        let doctorTime = Double(model.clinics[c].clinic.doctors) * (state.end - state.start)
        stats.clinics[c].sessions += 1
        stats.clinics[c].doctorTime += doctorTime
        stats.clinics[c].idleTime += doctorTime - state.consulting
        stats.clinics[c].overtime.add(max(0, state.lastEnd - state.end))
    }
}
