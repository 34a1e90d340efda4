import HospitalScenario
import HospitalPolicies

/// One hour-of-day profile of a replication, named and computed from the same value.
public enum Profile: Sendable, Equatable {
    case busyByHour(Int), queueByHour(Int)

    public func name(in model: CompiledModel) -> String {
        switch self {
        case .busyByHour(let r): "resource.\(model.resources[r].name).busy.by_hour"
        case .queueByHour(let r): "resource.\(model.resources[r].name).queue.by_hour"
        }
    }

    public static func all(for model: CompiledModel) -> [Profile] {
        model.resources.indices.flatMap { [Profile.busyByHour($0), .queueByHour($0)] }
    }
}
