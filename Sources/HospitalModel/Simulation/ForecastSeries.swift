/// One replication's forecast: at each hour mark after the start, each resource's busy units,
/// queue and whether it was full (no free unit), and the arrivals of the hour before.
public struct ForecastSeries: Sendable {
    /// [resource][hour], hour 0 being the first hour mark.
    public var occupancy: [[Double]]
    public var queue: [[Double]]
    public var full: [[Double]]
    /// [resource][hour]: the units the roster (and any surge) staffs at each hour mark; NaN for
    /// a resource of unlimited capacity.
    public var capacity: [[Double]]
    public var arrivals: [Double]
    /// [item][hour]: each supply item's stock on hand at each hour mark.
    public var stock: [[Double]]
    /// [resource]: hours after the start when the resource was first full (no free unit), at any
    /// moment, not only at hour marks; infinity when it never was.
    public var firstFull: [Double]

    /// Empty series for `resources` resources.
    init(resources: Int, items: Int) {
        occupancy = Array(repeating: [], count: resources)
        queue = Array(repeating: [], count: resources)
        full = Array(repeating: [], count: resources)
        capacity = Array(repeating: [], count: resources)
        arrivals = []
        stock = Array(repeating: [], count: items)
        firstFull = Array(repeating: .infinity, count: resources)
    }
}
