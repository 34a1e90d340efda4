import HospitalScenario
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
        guard let order = arguments.word("order", among: ["priority", "fifo"], default: "priority"), let rule else { return nil }
        self.rule = rule
        fifo = order == "fifo"
    }

    public func next(for unit: Int32, in resource: ResourceView) -> Int? {
        fifo ? resource.earliestHead() : resource.mostUrgentHead()
    }

    public var surge: SurgeRule? { rule }
}
