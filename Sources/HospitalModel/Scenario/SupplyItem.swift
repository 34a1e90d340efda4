import Foundation
import SimKernel

/// A stocked item: what is on hand at the start, when and how much is ordered, how long orders
/// take, what they cost, and what a patient does when the stock is short.
public struct SupplyItem: Sendable {
    public enum Reorder: Sendable, Equatable {
        /// Continuous review: whenever the inventory position (on hand + on order - owed) is at
        /// most `point`, order `quantity`.
        case pointQuantity(point: Int, quantity: Int)
        /// Periodic review: every `every` time units from time 0, order up to `upTo`.
        case periodic(every: Double, upTo: Int)
    }
    public var name: String
    public var initial: Int
    public var reorder: Reorder?
    public var leadTime: Distribution
    public var unitCost: Double
    public var orderCost: Double
    /// Go on without the item (counted) instead of waiting for it.
    public var skipWhenShort: Bool

    public init(name: String, initial: Int, reorder: Reorder?, leadTime: Distribution, unitCost: Double = 0,
                orderCost: Double = 0, skipWhenShort: Bool = false) {
        self.name = name
        self.initial = initial
        self.reorder = reorder
        self.leadTime = leadTime
        self.unitCost = unitCost
        self.orderCost = orderCost
        self.skipWhenShort = skipWhenShort
    }
}
