import SimKernel

/// One resource during a replication: its units (on shift, busy, turning around, held for
/// discharge), its queue and its surge. Its handlers are in `Simulation+Resources.swift`
/// (requests, queues, hand-overs) and `Simulation+Rosters.swift` (shifts and surges).
struct ResourceState {
    var rostered: Int  // capacity the roster staffs now
    var surgeExtra = 0  // units called in by a surge, while active
    var infinite: Bool
    var present = 0  // units on shift, plus busy ones finishing after their shift ended
    var busy = 0
    var turning = 0  // units in turnaround
    var awaitingDischarge = 0  // units held by patients waiting for discharge hours
    var owner: UnsafeMutableBufferPointer<Int32>  // patient using each unit, or -1
    var free: FreeUnits  // free units on shift
    var offShift: ContiguousArray<Int32> = []  // free units off shift, lowest number last
    /// Units of other resources waiting for one of these units to turn them around (beds
    /// waiting for a cleaner), first come first served, ahead of patients.
    var turnaroundQueue = RingBuffer<(resource: Int32, unit: Int32)>(capacity: 4)
    /// For each unit in a turnaround that needs another resource: the unit of it doing the work.
    var turnedBy: UnsafeMutableBufferPointer<Int32> = UnsafeMutableBufferPointer(start: nil, count: 0)
    var queue: WaitQueue
    var surge = SurgeState.idle

    var capacity: Int { infinite ? Int.max : rostered + surgeExtra }
}

/// Where a resource's surge staffing stands.
enum SurgeState {
    case idle
    /// The queue is over the threshold; the call goes out when this event fires.
    case pending(EventHandle)
    /// Called in, on the way.
    case called
    case active
}
