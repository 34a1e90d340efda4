import HospitalScenario
import HospitalPolicies
import CGSL
import SimKernel

/// Supplies: consume steps, stock-outs, reorders and deliveries.
extension Simulation {
    /// Stock at the start (time 0, or a forecast's start): a first continuous-review check and the
    /// first periodic review, now.
    mutating func startSupplies() {
        for (i, item) in model.scenario.supplies.enumerated() {
            switch item.reorder {
            case .pointQuantity: checkReorder(i)
            case .periodic: events.schedule(at: events.now, kind: EventKind.review.rawValue, subject: Int32(i))
            case nil: break
            }
        }
    }

    /// Patient `p` takes `units` of item `i`: returns true when it goes on, false when it waits.
    mutating func consume(_ p: Int, item i: Int, units: Int) -> Bool {
        let counted = patients[p].counted
        if counted { stats.supplies[i].demands += 1 }
        // Patients already waiting come first: stock does not jump the queue.
        if supplies.take(units, of: i) {
            stats.supplies[i].stock.update(to: Double(supplies.items[i].onHand), at: events.now)
            if recording.trace != nil {
                let detail = "\(units) \(model.scenario.supplies[i].name), \(supplies.items[i].onHand) left"
                note("consume", patient: p, resource: nil, detail: detail)
            }
            checkReorder(i)
            return true
        }
        if counted { stats.supplies[i].stockouts += 1 }
        if model.scenario.supplies[i].skipWhenShort {
            if recording.trace != nil {
                let detail = "goes on without \(model.scenario.supplies[i].name)"
                note("stock-out", patient: p, resource: nil, detail: detail)
            }
            return true
        }
        supplies.owe(units, of: i, to: p)
        if recording.trace != nil {
            let detail = "\(units) \(model.scenario.supplies[i].name), \(supplies.items[i].onHand) on hand"
            note("wait for stock", patient: p, resource: nil, detail: detail)
        }
        checkReorder(i)
        return false
    }

    /// Continuous review: orders `quantity` as often as needed to lift the position above `point`.
    mutating func checkReorder(_ i: Int) {
        guard case .pointQuantity(let point, let quantity) = model.scenario.supplies[i].reorder else { return }
        while supplies.items[i].position <= point { placeOrder(i, quantity: quantity) }
    }

    /// Periodic review: orders up to the level, and schedules the next review.
    mutating func review(_ i: Int) {
        guard case .periodic(let every, let upTo) = model.scenario.supplies[i].reorder else { return }
        let gap = upTo - supplies.items[i].position
        if gap > 0 { placeOrder(i, quantity: gap) }
        let next = events.now + every
        if next <= end { events.schedule(at: next, kind: EventKind.review.rawValue, subject: Int32(i)) }
    }

    mutating func placeOrder(_ i: Int, quantity: Int) {
        let item = model.scenario.supplies[i]
        if events.now >= warmup {
            stats.supplies[i].orders += 1
            stats.supplies[i].cost += item.orderCost + item.unitCost * Double(quantity)
        }
        let lead = program.leadTimeSampler[i].sample(rngs[Int(program.leadTimeStream[i])])
        let slot = supplies.order(quantity, of: i)
        if recording.trace != nil {
            let detail = "\(quantity) \(item.name), due at \(TraceRecord.format(events.now + lead))"
            note("order", patient: nil, resource: nil, detail: detail, drawn: lead)
        }
        events.schedule(at: events.now + lead, kind: EventKind.delivery.rawValue, subject: Int32(slot))
    }

    /// An order arrives: the stock goes first to the patients waiting for it, in order.
    mutating func deliver(order slot: Int) {
        let (i, quantity, served) = supplies.receive(order: slot)
        stats.supplies[i].stock.update(to: Double(supplies.items[i].onHand), at: events.now)
        if recording.trace != nil {
            let detail = "\(quantity) \(model.scenario.supplies[i].name), \(supplies.items[i].onHand) on hand after \(served.count) waiting served"
            note("delivery", patient: nil, resource: nil, detail: detail)
        }
        checkReorder(i)
        for p in served {
            patients[p].pc += 1
            advance(p)
        }
    }
}
