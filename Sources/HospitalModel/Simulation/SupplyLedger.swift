/// The supplies of a replication: each item's stock and waiting patients, and the orders on
/// their way (slots reused once delivered). Its handlers (consume steps, reorder rules,
/// deliveries) are in `Simulation+Supplies.swift`.
struct SupplyLedger {
    var items: [SupplyState]
    var orders: ContiguousArray<(item: Int32, quantity: Int32)> = []
    var freeOrders: [Int32] = []

    init(initial: [Int]) { items = initial.map { SupplyState(onHand: $0) } }

    var isEmpty: Bool { items.isEmpty }

    /// Takes `units` of item `i` when nobody waits for it and there are enough: stock does not
    /// jump the queue.
    mutating func take(_ units: Int, of i: Int) -> Bool {
        guard items[i].head == items[i].waiting.count, items[i].onHand >= units else { return false }
        items[i].onHand -= units
        return true
    }

    /// Patient `p` waits for `units` of item `i`.
    mutating func owe(_ units: Int, of i: Int, to p: Int) {
        items[i].waiting.append((Int32(p), Int32(units)))
        items[i].owed += units
    }

    /// An order of `quantity` of item `i` is placed: its slot, for the delivery event.
    mutating func order(_ quantity: Int, of i: Int) -> Int {
        items[i].onOrder += quantity
        if let free = freeOrders.popLast() {
            orders[Int(free)] = (Int32(i), Int32(quantity))
            return Int(free)
        }
        orders.append((Int32(i), Int32(quantity)))
        return orders.count - 1
    }

    /// Order `slot` arrives: its item and quantity, and the patients served from it, first
    /// come first served, while the stock lasts.
    mutating func receive(order slot: Int) -> (item: Int, quantity: Int, served: [Int]) {
        let (item, quantity) = orders[slot]
        freeOrders.append(Int32(slot))
        let i = Int(item)
        items[i].onOrder -= Int(quantity)
        items[i].onHand += Int(quantity)
        var served: [Int] = []
        while items[i].head < items[i].waiting.count, items[i].onHand >= Int(items[i].waiting[items[i].head].units) {
            let (p, units) = items[i].waiting[items[i].head]
            items[i].head += 1
            items[i].onHand -= Int(units)
            items[i].owed -= Int(units)
            served.append(Int(p))
        }
        if items[i].head == items[i].waiting.count {
            items[i].waiting.removeAll(keepingCapacity: true)
            items[i].head = 0
        }
        return (i, Int(quantity), served)
    }
}
