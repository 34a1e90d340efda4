/// One replication's forecast: at each hour mark after the start, each resource's busy units,
/// queue and whether it was full (no free unit), and the arrivals of the hour before.
public struct ForecastSeries: Sendable {
    /// [resource][hour], hour 0 being the first hour mark.
    public var occupancy: [[Double]]
    public var queue: [[Double]]
    public var full: [[Double]]
    public var arrivals: [Double]

    /// Empty series for `resources` resources.
    init(resources: Int) {
        occupancy = Array(repeating: [], count: resources)
        queue = Array(repeating: [], count: resources)
        full = Array(repeating: [], count: resources)
        arrivals = []
    }
}
