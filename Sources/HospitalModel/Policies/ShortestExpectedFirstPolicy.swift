import HospitalScenario

/// Shortest expected service first: the waiting patient whose step has the shortest mean
/// duration (its class's mean, not its own draw, which nobody knows in advance) is served next.
/// It minimises the mean wait when durations differ by class, at the cost of long jobs.
///
/// Parameters: `respect_priority` (default false): when true, only within the most urgent
/// class waiting.
public struct ShortestExpectedFirstPolicy: AllocationPolicy {
    public static let name = "shortest-expected-first"
    public static let summary = "the patient with the shortest expected service goes first"
    public static let parameterKeys = ["respect_priority"]

    public let respectPriority: Bool

    public init?(_ arguments: PolicyArguments) {
        guard let respect = arguments.flag("respect_priority", default: false) else { return nil }
        respectPriority = respect
    }

    public func next(for unit: Int32, in resource: ResourceView) -> Int? {
        if respectPriority {
            return resource.firstHead {
                ($0.priority, $0.expectedService, $0.sequence) < ($1.priority, $1.expectedService, $1.sequence)
            }
        }
        return resource.firstHead { ($0.expectedService, $0.sequence) < ($1.expectedService, $1.sequence) }
    }
}
