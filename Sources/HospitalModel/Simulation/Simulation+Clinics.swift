import HospitalScenario
import HospitalPolicies
import CGSL
import SimKernel

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
    /// each booking made (with probability `fill`, overbooked ones and a forecast's listed ones
    /// always), a no-show or a patient arriving at its appointment plus its lateness (never
    /// before now).
    mutating func bookSessions(day: Int) {
        let now = events.now
        for (c, clinic) in model.clinics.enumerated() {
            let first = program.clinicStreams[c]
            let (fillRng, noShowRng, latenessRng) = (rngs[first], rngs[first + 1], rngs[first + 2])
            for session in clinic.sessions where session.days?.contains(day % 7) ?? true {
                let start = now + session.start
                // A session the run would cut short is not held (its idle time would be wrong).
                guard start + session.length <= end, start >= forecast.arrivalStart else { continue }
                let counted = start >= warmup
                let s = clinics.open(SessionState(clinic: Int32(c), start: start, end: start + session.length, counted: counted))
                // A forecast's booked list, where it covers the session, replaces the booking
                // rule: every listed appointment is made.
                var bookings = session.bookings
                let listed = forecast.plan.flatMap { plan in plan.bookings.until[c].map { start < $0 } } ?? false
                if listed {
                    bookings = (forecast.plan!.bookings.appointments[c] ?? []).filter { $0 >= start && $0 < start + session.length }
                        .map { (offset: $0 - start, overbooked: true) }
                }
                for booking in bookings {
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
                    clinics.sessions[s].pending += 1
                    events.schedule(at: arrival, kind: EventKind.appointment.rawValue, subject: clinics.book(session: Int32(s), appointment: appointment))
                }
                if recording.trace != nil {
                    let detail = "\(clinic.clinic.name) session at \(TraceRecord.format(start)): \(clinics.sessions[s].pending) to come"
                    note("booked", patient: nil, resource: nil, detail: detail)
                }
                if clinics.sessions[s].pending == 0 { closeSession(s) }
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

    /// A booked patient arrives, as a patient of its clinic's class. One who comes before the
    /// session starts waits for it: clinicians are not seeing the session's patients before
    /// its hours (so that time is neither consultation nor idle time of the session).
    mutating func arriveBooked(_ b: Int) {
        let (s, appointment) = clinics.takeBooking(b)
        let c = Int(clinics.sessions[Int(s)].clinic)
        if clinics.sessions[Int(s)].counted { stats.clinics[c].attended += 1 }
        let p = admit(classIndex: model.clinics[c].clinic.classIndex, session: s, appointment: appointment)
        if recording.trace != nil {
            let detail = "\(model.clinics[c].clinic.name), appointment \(TraceRecord.format(appointment))"
            note("arrival", patient: p, resource: nil, detail: detail)
        }
        let opens = clinics.sessions[Int(s)].start
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
        guard clinics.sessions[s].counted else { return }
        let c = Int(clinics.sessions[s].clinic)
        // An early patient seen before its appointment did not wait.
        let wait = max(0, events.now - max(patients[p].arrival, patients[p].appointment))
        stats.clinics[c].wait.add(wait)
        stats.clinics[c].waitQuantiles.add(wait)
    }

    /// Part of a booked patient's consultation, from `since` to now, is over (it ended, or
    /// the patient was preempted): the part within the session's hours is doctor time used.
    mutating func consultationServed(_ p: Int, since: Double) {
        clinics.served(session: Int(patients[p].session), from: since, to: events.now)
    }

    /// A booked patient is done with its session: after its consultation, or leaving without
    /// one. The session closes with its last patient.
    mutating func leaveSession(_ p: Int) {
        let s = Int(patients[p].session)
        patients[p].session = -1
        if clinics.leave(session: s) { closeSession(s) }
    }

    /// Every patient of session `s` is done: its idle time and overtime are counted.
    mutating func closeSession(_ s: Int) {
        let state = clinics.close(s)
        guard state.counted else { return }
        let c = Int(state.clinic)
        let doctorTime = Double(model.clinics[c].clinic.doctors) * (state.end - state.start)
        stats.clinics[c].sessions += 1
        stats.clinics[c].doctorTime += doctorTime
        stats.clinics[c].idleTime += doctorTime - state.consulting
        stats.clinics[c].overtime.add(max(0, state.lastEnd - state.end))
    }
}
