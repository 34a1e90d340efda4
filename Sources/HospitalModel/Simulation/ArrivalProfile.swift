import HospitalScenario
import HospitalPolicies
import SimKernel

/// Non-homogeneous Poisson arrivals with a piecewise-constant rate that repeats every day
/// (24 hourly rates) or every week (168, from Monday 00:00; simulated day 1 is a Monday), and
/// over a span of dated hours takes the dated rates instead.
enum ArrivalProfile {
    /// The first arrival after `t`, exactly, by inversion: `need`, a unit-mean exponential draw,
    /// is the amount of cumulative intensity laid along the hourly rates.
    /// - Complexity: O(hours crossed until the arrival).
    static func nextArrival(after t: Double, rates: UnsafeBufferPointer<Double>, dated: UnsafeBufferPointer<Double>, fromHour: Int,
                            hour: Double, need: Double) -> Double {
        var need = need
        var now = t
        var index = (now / hour).roundedDownInline
        while true {
            var boundary = (index + 1) * hour
            if boundary <= now {  // rounding put `now` on the boundary
                index += 1
                boundary = (index + 1) * hour
            }
            let i = Int(index)
            let rate = i &- fromHour >= 0 && i &- fromHour < dated.count
                ? dated[i &- fromHour]
                : rates[HourCycle.index(ofHour: i, in: rates.count)]
            let available = rate * (boundary - now)
            if rate > 0, available >= need { return now + need / rate }
            need -= available
            now = boundary
            index += 1
        }
    }
}
