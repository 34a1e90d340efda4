import HospitalScenario
import HospitalPolicies
import SimKernel

extension Simulation {
    /// Records an event when tracing; costs one nil check otherwise.
    @inline(__always)
    mutating func note(_ event: String, patient p: Int?, resource r: Int?, detail: @autoclosure () -> String = "",
                       drawn: @autoclosure () -> Double? = nil) {
        guard recording.trace != nil else { return }
        recording.trace!.append(TraceRecord(
            time: events.now, event: event, patient: p.map { Int(patients[$0].id) },
            className: p.map { model.classes[Int(patients[$0].classIndex)].name },
            resource: r.map { model.resources[$0].name },
            queue: r.map { resources[$0].queue.count }, busy: r.map { resources[$0].busy }, detail: detail(), drawn: drawn()))
    }

    /// When tracing, the duration drawn for patient `p`'s service, on its seize (or resume) row.
    @inline(__always)
    mutating func noteService(_ p: Int, duration: Double) {
        if recording.trace != nil { recordService(p, duration: duration) }
    }

    mutating func recordService(_ p: Int, duration: Double) {
        guard let i = recording.trace!.indices.last,
              ["seize", "resume"].contains(recording.trace![i].event), recording.trace![i].patient == Int(patients[p].id) else { return }
        recording.trace![i].drawn = duration
    }

    /// When tracing, the earliest live event still to come on the rows from `first` on.
    mutating func noteNextEvent(rowsFrom first: Int) {
        guard recording.trace != nil, first < recording.trace!.count else { return }
        var best: Event?
        events.forEachPending { e in
            let kind = EventKind(rawValue: e.kind & Self.kindMask)!
            if kind == .abandon, UInt32(bitPattern: e.kind) >> Self.tagShift != patients[Int(e.subject)].abandonTag & Self.tagLimit { return }
            if best == nil || Event.precedesForInspection(e, best!) { best = e }
        }
        guard let e = best, e.time <= end else { return }
        let what: String = switch EventKind(rawValue: e.kind & Self.kindMask)! {
        case .arrival: "arrival"
        case .stepDone: "done \(patients[Int(e.subject)].id)"
        case .abandon: "renege \(patients[Int(e.subject)].id)"
        case .rosterChange: "roster"
        case .warmupEnd: "warm-up end"
        case .surgeCall, .surgeArrive: "surge"
        case .turnaroundDone: "ready"
        case .dischargeOpens: "discharge \(patients[Int(e.subject)].id)"
        case .delivery: "delivery"
        case .review: "stock review"
        case .midnight: "midnight"
        case .appointment: "appointment"
        case .forecastStart: "census"
        case .hourMark: "hour mark"
        case .sessionOpens: "session opens"
        }
        for i in first..<recording.trace!.count {
            recording.trace![i].nextTime = e.time
            recording.trace![i].nextEvent = what
        }
    }
}
