import Foundation
import HospitalScenario
import HospitalSimulation

/// A trace as text: the hand-simulation table, CSV, and one sentence per event.
extension Tracer {
    /// The hand-simulation table: a line naming the time unit, then one row per event.
    public static func table(_ records: [TraceRecord], unit: TimeUnit) -> String {
        let widths = [10, 9, 7, 12, 16, 5, 5, 9, 18]
        func row(_ cells: [String], _ detail: String) -> String {
            var line = ""
            for (i, cell) in cells.enumerated() {
                let gap = String(repeating: " ", count: max(0, widths[i] - cell.count))
                // Numbers right-aligned, words left-aligned.
                line += ([0, 2, 5, 6, 7].contains(i) ? gap + cell : cell + gap) + "  "
            }
            var text = line + detail
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        var out = "times in \(unit.rawValue)s; queue, busy: the resource's after the event; drawn: the duration drawn at it;\n"
            + "next: the earliest event still to come\n"
        out += row(["time", "event", "patient", "class", "resource", "queue", "busy", "drawn", "next"], "detail")
        for r in records {
            let next = r.nextTime.map { TraceRecord.format($0) + " " + (r.nextEvent ?? "") } ?? "-"
            out += row([TraceRecord.format(r.time), r.event, r.patient.map(String.init) ?? "-", r.className ?? "-",
                        r.resource ?? "-", r.queue.map(String.init) ?? "-", r.busy.map(String.init) ?? "-",
                        r.drawn.map(TraceRecord.format) ?? "", next], r.detail)
        }
        return out
    }

    public static func csv(_ records: [TraceRecord]) -> String {
        var out = "time,event,patient,class,resource,queue,busy,detail,drawn,next_time,next_event,from\n"
        for r in records {
            func int(_ x: Int?) -> String { x.map(String.init) ?? "" }
            func number(_ x: Double?) -> String { x.map(JSON.number) ?? "" }
            let fields: [String] = [JSON.number(r.time), CSV.field(r.event), int(r.patient), CSV.field(r.className ?? ""),
                                    CSV.field(r.resource ?? ""), int(r.queue), int(r.busy), CSV.field(r.detail),
                                    number(r.drawn), number(r.nextTime), CSV.field(r.nextEvent ?? ""), int(r.from)]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// One sentence per event saying what happened and why, for the first `limit` rows; `cut`:
    /// the trace stopped after its first rows, so more events followed (how many is unknown).
    public static func explain(_ records: [TraceRecord], unit: TimeUnit, limit: Int, cut: Bool = false) -> String {
        func t(_ x: Double) -> String { TraceRecord.format(x) }
        func d(_ x: Double) -> String { "\(t(x)) \(unit.rawValue)\(x == 1 ? "" : "s")" }
        func units(_ n: Int) -> String { n == 0 ? "no unit" : n == 1 ? "1 unit" : "\(n) units" }
        var arrivals: [Int: Double] = [:]
        var out = "Times are in \(unit.rawValue)s from the start of the replication.\n"
        for r in records.prefix(limit) {
            let who = r.patient.map { "Patient \($0)" + (r.className.map { $0 == "all" ? "" : " (\($0))" } ?? "") } ?? ""
            let res = r.resource ?? "the resource"
            let unitText = r.detail.hasPrefix("unit ") ? r.detail.split(separator: " ").prefix(2).joined(separator: " ") : ""
            var sentence: String
            // When each patient came in (or was placed), for the time it spent inside at its departure.
            if r.event == "arrival" || r.event == "placed", let p = r.patient { arrivals[p] = r.time }
            switch r.event {
            case "arrival" where r.detail.contains("appointment"):
                let appointment = r.detail.split(separator: " ").last.flatMap { Double($0) }
                let early = appointment.map { a in a > r.time ? ", \(d(a - r.time)) early" : a < r.time ? ", \(d(r.time - a)) late" : ", on time" } ?? ""
                sentence = "\(who) arrives for a booked appointment (\(r.detail)\(early))."
            case "booked":
                sentence = "The day's clinic session is booked: \(r.detail) (the others did not show, or their slots were not booked); each booked patient's arrival is drawn now."
            case "arrival":
                sentence = "\(who) arrives." + (r.drawn.map { " The gap to the next arrival of its stream is drawn now: \(d($0)), so the next arrives at \(t(r.time + $0))." } ?? " No further arrival of its stream falls before the end of the trace.")
            case "seize":
                sentence = "\(who) finds \(unitText.isEmpty ? "a unit" : unitText) of \(res) free and takes it at once (\(r.busy.map(units) ?? "?") now busy)."
                if let s = r.drawn { sentence += " Its service time is drawn: \(d(s)), so it ends at \(t(r.time + s))." }
            case "handover":
                sentence = "Patient \(r.from.map(String.init) ?? "?") finishes with \(unitText.isEmpty ? "a unit" : unitText) of \(res), and \(who.lowercasedFirst) takes it at the same instant: it was the patient the policy chose from the queue, so the unit never stands idle (\(r.queue ?? 0) still waiting)."
                if let s = r.drawn { sentence += " Its service time is drawn: \(d(s)), so it ends at \(t(r.time + s))." }
            case "resume":
                sentence = "\(who) gets \(unitText.isEmpty ? "a unit" : unitText) of \(res) back after being preempted" + (r.drawn.map { " and resumes its remaining service of \(d($0))." } ?? ".")
            case "wait":
                let busy = r.busy == 1 ? "its only unit on duty is busy" : "all \(r.busy.map(units) ?? "its units") on duty are busy"
                sentence = "\(who) needs \(res), but \(busy), so it joins the queue (\(r.queue ?? 0) waiting now)."
                if let patience = r.drawn { sentence += " Its patience left is \(d(patience)): it will leave unseen at \(t(r.time + patience)) if not called by then." }
            case "preempted":
                sentence = "\(who) is pushed off \(res) by a more urgent patient and goes back to the head of its queue with its remaining service."
            case "release":
                sentence = "\(who) is done with \(unitText.isEmpty ? res : "\(unitText) of \(res)")" + ((r.queue ?? 0) == 0 ? "; nobody is waiting, so the unit stands idle (\(r.busy.map(units) ?? "?") busy)." : "; \(r.queue!) still waiting but none it may serve now.")
            case "turnaround":
                sentence = "\(unitText.isEmpty ? "The unit" : unitText.uppercasedFirst) of \(res) is being made ready (turnaround)" + (r.drawn.map { " for \(d($0)), drawn now; nobody can take it until \(t(r.time + $0))." } ?? ".")
            case "await turnaround":
                sentence = "\(unitText.isEmpty ? "A unit" : unitText.uppercasedFirst) of \(res) is released but must be turned around first, and \(r.detail.split(separator: " ").dropFirst(2).joined(separator: " ")): none is free, so it waits."
            case "ready":
                sentence = "\(unitText.isEmpty ? "A unit" : unitText.uppercasedFirst) of \(res) is ready again after its turnaround and is offered to the queue."
            case "await discharge":
                sentence = "\(who)'s stay on \(res) is over, but it is outside the discharge hours, so it keeps its unit \(r.detail)."
            case "consume":
                sentence = "\(who) takes \(r.detail) (stock on hand was enough, and nobody was waiting for it)."
            case "note":
                sentence = "\(who) passes the note \"\(r.detail)\" in its pathway (a marker only: no time passes, nothing is drawn)."
            case "wait for stock":
                sentence = "\(who) needs \(r.detail): not enough, so it waits for a delivery, holding what it holds."
            case "stock-out":
                sentence = "\(who) finds the stock short and \(r.detail) (the item's on_stockout is skip); the stock-out is counted."
            case "order":
                sentence = "An order is placed for \(r.detail)" + (r.drawn.map { " (lead time drawn now: \(d($0)))." } ?? ".")
            case "delivery":
                sentence = "A delivery arrives: \(r.detail)."
            case "depart", "leave":
                let inside = r.patient.flatMap { arrivals[$0] }.map { " after \(d(r.time - $0)) in the hospital" } ?? ""
                sentence = r.event == "depart" ? "\(who) has finished its pathway and leaves\(inside)."
                    : "\(who) leaves by a leave step of its pathway\(inside), counted as left, not completed."
            case "census":
                sentence = "Midnight census of \(res): \(r.detail)."
            case "placed":
                sentence = "\(who) is placed as the forecast's census says (\(r.detail))" + (r.drawn.map { "; what is left of its step, given the time already spent, is drawn: \(d($0))." } ?? ".")
            case "delay":
                sentence = "\(who) spends time away from any resource" + (r.drawn.map { " for \(d($0)) (drawn now), until \(t(r.time + $0))." } ?? ".")
            case "renege":
                sentence = "\(who) has waited as long as its patience allowed and leaves \(res)'s queue without being seen."
            case "blocked":
                sentence = "\(who) is turned away: \(res) has no free unit and its queue is full."
            case "roster":
                sentence = "The roster of \(res) changes: \(r.detail)."
            case "surge starts", "surge ends":
                sentence = "\(res): \(r.event)\(r.detail.isEmpty ? "" : " (\(r.detail))"), because the queue crossed its surge threshold."
            default:
                sentence = "\(who.isEmpty ? res : who): \(r.event) \(r.detail)."
            }
            out += "\(t(r.time).leftPadded(to: 10))  \(sentence)\n"
        }
        if records.count > limit {
            out += "... \(cut ? "more than " : "")\(records.count - limit) more events (--limit)\n"
        } else if cut {
            out += "... more events (--limit)\n"
        }
        return out
    }
}

extension String {
    fileprivate var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
    fileprivate var uppercasedFirst: String { prefix(1).uppercased() + dropFirst() }
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
