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
