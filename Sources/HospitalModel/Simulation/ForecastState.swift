/// A forecast during a replication: the plan it starts from, the series it records and the
/// arrivals counted since the last hour mark. Its handlers (placing the census, the hour
/// marks) are in `Simulation+Forecast.swift`.
public struct ForecastState {
    /// The forecast to make, or nil for an ordinary run.
    public var plan: ForecastPlan?
    /// What it has recorded, from its start on.
    public internal(set) var series: ForecastSeries?
    /// Arrivals (walk-in or booked) since the last hour mark.
    var arrivals = 0
    /// No arrival comes before this time: a forecast's start, else 0.
    var arrivalStart = 0.0

    public init(plan: ForecastPlan? = nil) { self.plan = plan }

    /// Counts an arrival, while a forecast is recording.
    @inline(__always)
    mutating func countArrival() {
        if series != nil { arrivals += 1 }
    }

    /// Resource `r`'s state at this hour mark.
    mutating func record(resource r: Int, busy: Int, queue: Int, full: Bool, capacity: Int?) {
        series!.occupancy[r].append(Double(busy))
        series!.queue[r].append(Double(queue))
        series!.full[r].append(full ? 1 : 0)
        series!.capacity[r].append(capacity.map(Double.init) ?? .nan)
    }

    /// Resource `r` has no free unit at `hours` after the start: the first time is kept.
    mutating func full(resource r: Int, at hours: Double) {
        if series!.firstFull[r].isInfinite { series!.firstFull[r] = hours }
    }

    /// Supply item `i`'s stock on hand at this hour mark.
    mutating func record(item i: Int, onHand: Int) {
        series!.stock[i].append(Double(onHand))
    }

    /// The hour mark is recorded: its arrivals are set down and counting starts again.
    mutating func endHour() {
        series!.arrivals.append(Double(arrivals))
        arrivals = 0
    }
}
