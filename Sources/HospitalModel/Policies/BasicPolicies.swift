import HospitalScenario
/// First come, first served, whatever the class.
public struct FIFOPolicy: AllocationPolicy {
    public static let name = "fifo"
    public static let summary = "first come, first served, whatever the class"
    public static let parameterKeys: [String] = []
    public init?(_ arguments: PolicyArguments) {}
    public init() {}
    public func next(for unit: Int32, in resource: ResourceView) -> Int? { resource.earliestHead() }
}

/// Non-preemptive priority: the most urgent class waiting is served next, first come first
/// served within a class.
public struct PriorityPolicy: AllocationPolicy {
    public static let name = "priority"
    public static let summary = "most urgent class first (non-preemptive), first come first served within a class"
    public static let parameterKeys: [String] = []
    public init?(_ arguments: PolicyArguments) {}
    public init() {}
    public func next(for unit: Int32, in resource: ResourceView) -> Int? { resource.mostUrgentHead() }
}

/// Preemptive-resume priority: as `priority`, and an arrival more urgent than a patient in
/// service interrupts the least urgent one, who later resumes its remaining service.
public struct PreemptivePolicy: AllocationPolicy {
    public static let name = "preemptive"
    public static let summary = "priority, and a more urgent arrival interrupts the least urgent patient in service (preemptive-resume)"
    public static let parameterKeys: [String] = []
    public init?(_ arguments: PolicyArguments) {}
    public init() {}
    public func next(for unit: Int32, in resource: ResourceView) -> Int? { resource.mostUrgentHead() }
    public var preemptive: Bool { true }
}
