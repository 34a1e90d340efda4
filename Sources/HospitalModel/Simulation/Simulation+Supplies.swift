import HospitalScenario
import HospitalPolicies
import CGSL
import SimKernel

/// One supply item's stock during a replication.
struct SupplyState {
    var onHand: Int
    /// Units ordered and not yet delivered.
    var onOrder = 0
    /// Units owed to patients waiting for stock.
    var owed = 0
    /// Patients waiting for stock, first come first served from `head`.
    var waiting: ContiguousArray<(patient: Int32, units: Int32)> = []
    var head = 0

    /// On hand plus on order minus owed: what reorder rules look at.
    var position: Int { onHand + onOrder - owed }
}

/// Supplies: consume steps, stock-outs, reorders and deliveries.
extension Simulation {
    /// Stock at time 0: each item's initial stock, a first continuous-review check and the first
    /// periodic review.
    mutating func startSupplies() {
        for (i, item) in model.scenario.supplies.enumerated() {
            switch item.reorder {
            case .pointQuantity: checkReorder(i)
            case .periodic: events.schedule(at: 0, kind: EventKind.review.rawValue, subject: Int32(i))
            case nil: break
            }
        }
    }

    /// Patient `p` takes `units` of item `i`: returns true when it goes on, false when it waits.
    mutating func consume(_ p: Int, item i: Int, units: Int) -> Bool {
        let counted = patients[p].counted
        if counted { stats.supplies[i].demands += 1 }
        // Patients already waiting come first: stock does not jump the queue.
        if supplies[i].head == supplies[i].waiting.count, supplies[i].onHand >= units {
            supplies[i].onHand -= units
            stats.supplies[i].stock.update(to: Double(supplies[i].onHand), at: events.now)
            if traceLog != nil {
                let detail = "\(units) \(model.scenario.supplies[i].name), \(supplies[i].onHand) left"
                note("consume", patient: p, resource: nil, detail: detail)
            }
            checkReorder(i)
            return true
        }
        if counted { stats.supplies[i].stockouts += 1 }
        if model.scenario.supplies[i].skipWhenShort {
            if traceLog != nil {
                let detail = "goes on without \(model.scenario.supplies[i].name)"
                note("stock-out", patient: p, resource: nil, detail: detail)
            }
            return true
        }
        supplies[i].waiting.append((Int32(p), Int32(units)))
        supplies[i].owed += units
        if traceLog != nil {
            let detail = "\(units) \(model.scenario.supplies[i].name), \(supplies[i].onHand) on hand"
            note("wait for stock", patient: p, resource: nil, detail: detail)
        }
        checkReorder(i)
        return false
    }

    /// Continuous review: orders `quantity` as often as needed to lift the position above `point`.
    mutating func checkReorder(_ i: Int) {
        guard case .pointQuantity(let point, let quantity) = model.scenario.supplies[i].reorder else { return }
        while supplies[i].position <= point { placeOrder(i, quantity: quantity) }
    }

    /// Periodic review: orders up to the level, and schedules the next review.
    mutating func review(_ i: Int) {
        guard case .periodic(let every, let upTo) = model.scenario.supplies[i].reorder else { return }
        let gap = upTo - supplies[i].position
        if gap > 0 { placeOrder(i, quantity: gap) }
        let next = events.now + every
        if next <= end { events.schedule(at: next, kind: EventKind.review.rawValue, subject: Int32(i)) }
    }

    mutating func placeOrder(_ i: Int, quantity: Int) {
        let item = model.scenario.supplies[i]
        supplies[i].onOrder += quantity
        if events.now >= warmup {
            stats.supplies[i].orders += 1
            stats.supplies[i].cost += item.orderCost + item.unitCost * Double(quantity)
        }
        let lead = program.leadTimeSampler[i].sample(rngs[Int(program.leadTimeStream[i])])
        let slot: Int
        if let free = freeOrders.popLast() {
            slot = Int(free)
            orders[slot] = (Int32(i), Int32(quantity))
        } else {
            slot = orders.count
            orders.append((Int32(i), Int32(quantity)))
        }
        if traceLog != nil {
            let detail = "\(quantity) \(item.name), due at \(TraceRecord.format(events.now + lead))"
            note("order", patient: nil, resource: nil, detail: detail, drawn: lead)
        }
        events.schedule(at: events.now + lead, kind: EventKind.delivery.rawValue, subject: Int32(slot))
    }

    /// An order arrives: the stock goes first to the patients waiting for it, in order.
    mutating func deliver(order slot: Int) {
        let (item, quantity) = orders[slot]
        freeOrders.append(Int32(slot))
        let i = Int(item)
        supplies[i].onOrder -= Int(quantity)
        supplies[i].onHand += Int(quantity)
        var served: [Int] = []
        while supplies[i].head < supplies[i].waiting.count, supplies[i].onHand >= Int(supplies[i].waiting[supplies[i].head].units) {
            let (p, units) = supplies[i].waiting[supplies[i].head]
            supplies[i].head += 1
            supplies[i].onHand -= Int(units)
            supplies[i].owed -= Int(units)
            served.append(Int(p))
        }
        if supplies[i].head == supplies[i].waiting.count {
            supplies[i].waiting.removeAll(keepingCapacity: true)
            supplies[i].head = 0
        }
        stats.supplies[i].stock.update(to: Double(supplies[i].onHand), at: events.now)
        if traceLog != nil {
            let detail = "\(quantity) \(model.scenario.supplies[i].name), \(supplies[i].onHand) on hand after \(served.count) waiting served"
            note("delivery", patient: nil, resource: nil, detail: detail)
        }
        checkReorder(i)
        for p in served {
            patients[p].pc += 1
            advance(p)
        }
    }
}
