import Foundation
import SimKernel
import Yams

/// Sizes beyond which a run would not fit in memory: units are tracked one by one, and every
/// replication's results are kept until the end.
public enum Limits {
    public static let units = 100_000
    public static let replications = 1_000_000
    /// A scenario file larger than this is surely not one.
    public static let fileBytes = 64 << 20
    /// A queue longer than this is no hospital's (and exact M/M/c/K theory sums over it).
    public static let queueCapacity = 1_000_000
    /// Units of one supply item on hand, ordered or consumed at once.
    public static let stock = 100_000_000
    /// Orders one continuous-review check may place at once: each is an event and a slot, and
    /// a point far above the stock (or a consume far above the quantity) would place millions.
    public static let ordersAtOnce = 10_000
    /// Erlang phases: past a few thousand an Erlang is a fixed time in all but name.
    public static let erlangPhases = 10_000
    /// Warm-up plus horizon: 100 years of 365.25 days.
    public static let simulatedMinutes = 100 * 365.25 * 1440
    /// Expected arrivals per replication (rate x (warm-up + horizon)).
    public static let arrivalsPerReplication = 100_000_000.0

    /// What makes a scenario too large to run, as (key path, message): checked when a file is
    /// loaded and again after command-line flags change its run settings.
    public static func problems(_ scenario: Scenario) -> [(keyPath: String, message: String)] {
        var found: [(String, String)] = []
        let run = scenario.run
        if !(1...replications).contains(run.replications) {
            found.append(("run.replications", "\(run.replications) replications; the limit is \(replications)"))
        }
        if run.antithetic, run.replications % 2 != 0 {
            found.append(("run.replications", "antithetic replications come in pairs: \(run.replications) is odd; use \(run.replications + 1)"))
        }
        let minutes = (run.horizon + run.warmup) * scenario.timeUnit.minutes
        if !(minutes <= simulatedMinutes) {
            found.append(("run.horizon", "warm-up and horizon together come to \(NumberText.significant(minutes / 525_960, 4)) years; "
                          + "the limit is 100 years (\(readable(simulatedMinutes / scenario.timeUnit.minutes)) \(scenario.timeUnit.rawValue)s)"))
        } else {
            let rate = scenario.arrivals.reduce(0) { $0 + $1.meanRate(timeUnit: scenario.timeUnit) }
            let expected = rate * (run.horizon + run.warmup)
            if !(expected <= arrivalsPerReplication) {
                found.append(("arrivals", "the arrival streams bring about \(NumberText.significant(expected, 3)) patients per replication "
                              + "(mean rate \(readable(rate)) per \(scenario.timeUnit.rawValue) over warm-up and horizon); "
                              + "the limit is \(String(format: "%.0e", arrivalsPerReplication)): is a rate given per minute where per hour was meant?"))
            }
        }
        return found
    }

    /// Names of the scenario, classes, resources and streams: they head tables and columns.
    public static let nameLength = 200
    /// Other texts (a description).
    public static let textLength = 10_000
}
