/// Surge staffing: when more than `threshold` patients have waited continuously for `after`,
/// `extra` units are called in, arriving `delay` later and costing `premiumPerHour` each on top
/// of the resource's `staffed_per_hour`; they go (finishing their patients first) once the
/// queue falls below `releaseBelow`.
public struct SurgeRule: Sendable, Equatable {
    public var threshold: Int
    public var after: Double
    public var delay: Double
    public var extra: Int
    public var premiumPerHour: Double
    public var releaseBelow: Int

    public init(threshold: Int, after: Double, delay: Double, extra: Int, premiumPerHour: Double, releaseBelow: Int) {
        self.threshold = threshold
        self.after = after
        self.delay = delay
        self.extra = extra
        self.premiumPerHour = premiumPerHour
        self.releaseBelow = releaseBelow
    }

    /// The keys of a surge rule, as a resource's `surge:` or the surge-staffing policy take them.
    public static let parameterKeys = ["threshold", "after", "delay", "extra", "premium_per_hour", "release_below"]

    /// Reads a surge rule; problems are reported through `arguments`.
    public init?(_ arguments: PolicyArguments) {
        let threshold = arguments.integer("threshold", minimum: 1)
        let after = arguments.time("after", default: 0)
        let delay = arguments.time("delay", default: 0)
        let extra = arguments.integer("extra", minimum: 1)
        let premium = arguments.number("premium_per_hour", default: 0)
        let release = arguments.integer("release_below", minimum: 1, default: max(1, (threshold ?? 2) / 2))
        guard let threshold, let after, let delay, let extra, let premium, let release else { return nil }
        if release > threshold {
            arguments.fail("release_below", "release_below (\(release)) must not exceed threshold (\(threshold))")
            return nil
        }
        self.init(threshold: threshold, after: after, delay: delay, extra: extra, premiumPerHour: premium, releaseBelow: release)
    }
}
