import Foundation
import SimKernel

public struct RunSettings: Sendable, Equatable {
    /// Simulated time per replication, counted after warm-up.
    public var horizon: Double
    public var warmup: Double
    public var replications: Int
    public var seed: UInt64
    /// Replications run in antithetic pairs: replication 2j+1 mirrors replication 2j (every
    /// uniform u as 1 - u), and intervals are taken over the pairs' means.
    public var antithetic = false
    /// The date of simulated time 0, a Monday, as days since 1970-01-01 (`run.start`): it places
    /// dated arrival rates (`by_date`); nil when the run is not tied to the calendar. A forecast
    /// sets it from its `now`.
    public var start: Int?
    /// Bounds that stop a runaway replication cleanly (not part of the file: flags set them).
    public var limits = RunLimits()

    public init(horizon: Double, warmup: Double, replications: Int, seed: UInt64) {
        self.horizon = horizon
        self.warmup = warmup
        self.replications = replications
        self.seed = seed
    }
}
