/// Surge staffing: when more than `threshold` patients have been waiting for `after` without a
/// break, `extra` units are called in; they arrive `delay` later, cost `premium_per_hour` each
/// on top of `staffed_per_hour`, and go home (finishing their patients first) once fewer than
/// `release_below` patients wait. Patients are served most urgent first, or first come first
/// served with `order: fifo`.
///
/// Parameters: `threshold`, `after`, `delay`, `extra`, `premium_per_hour`, `release_below`
/// (default: half the threshold, at least 1), `order` (`priority` or `fifo`).
public struct SurgeStaffingPolicy: AllocationPolicy {
    public static let name = "surge-staffing"
    public static let summary = "call in extra units at a premium when the queue stays long; release them when it falls"
    public static let parameterKeys = SurgeRule.parameterKeys + ["order"]

    public let rule: SurgeRule
    public let fifo: Bool

    public init?(_ arguments: PolicyArguments) {
        let rule = SurgeRule(arguments)
        var fifo = false
        if arguments.has("order") {
            switch arguments.values["order"]?.scalar?.string {
            case "fifo": fifo = true
            case "priority": fifo = false
            default:
                arguments.fail("order", "order must be priority or fifo")
                return nil
            }
        }
        guard let rule else { return nil }
        self.rule = rule
        self.fifo = fifo
    }

    public func next(for unit: Int32, in resource: ResourceView) -> Int? {
        fifo ? resource.earliestHead() : resource.mostUrgentHead()
    }

    public var surge: SurgeRule? { rule }
}

extension SurgeRule {
    /// The keys of a surge rule, as a resource's `surge:` or the surge-staffing policy take them.
    public static let parameterKeys = ["threshold", "after", "delay", "extra", "premium_per_hour", "release_below"]

    /// Reads a surge rule; problems are reported through `arguments`.
    init?(_ arguments: PolicyArguments) {
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
