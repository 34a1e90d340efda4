import HospitalScenario
import SimKernel

/// Why a study gave no result. Front ends word these for their users; `description` is a
/// plain default.
public enum StudyError: Error, Sendable, CustomStringConvertible {
    /// A run setting the scenario cannot take: `setting` names it (nil: the combination).
    case invalidOverride(setting: String?, message: String)
    /// A scenario (or a variant, a grid point) the study made is not valid.
    case scenario(ScenarioErrors)
    /// A replication hit a run limit (events, patients inside) or its event log failed.
    /// `part` is the variant or grid point (nil: a single run).
    case limitReached(part: String?, message: String)
    /// Patients arrived but none completed in any replication: a time in the wrong unit, most
    /// likely. `acceptEmpty` in the plan lets such a run through.
    case nothingCompleted(part: String?, horizon: Double, warmup: Double, timeUnit: TimeUnit)
    /// A metric named in a goal that the scenario does not have.
    case unknownMetric(String, suggestion: String?)
    /// The checkpoint to resume from was written by another study.
    case checkpointMismatch(location: String, difference: String)
    /// The checkpoint could not be kept (the store said why, to whom it concerns).
    case checkpointFailed(location: String)
    /// The study is not possible as asked (a plan that contradicts itself, too large a grid).
    case unsupported(String)
    /// Cancelled: `done` of `total` replications are kept in the checkpoint store (when there
    /// is one); running the same study again with that store finishes it. `total` is nil when
    /// a precision goal decides it.
    case interrupted(done: Int, total: Int?)

    /// The variant or grid point the error is about (nil: the study as a whole).
    public var part: String? {
        switch self {
        case .limitReached(let part, _), .nothingCompleted(let part, _, _, _): part
        default: nil
        }
    }

    /// What went wrong, without the part it happened in.
    public var message: String {
        switch self {
        case .invalidOverride(_, let message): message
        case .scenario(let errors): errors.description
        case .limitReached(_, let message): message
        case .nothingCompleted(_, let horizon, let warmup, let unit):
            "patients arrived but none completed in any replication (horizon "
                + "\(NumberText.readable(horizon)) \(unit.rawValue)s after a warm-up of \(NumberText.readable(warmup))): is a time in the wrong unit?"
        case .unknownMetric(let name, let hint): "\(name) is not a metric of this scenario" + (hint.map { "; did you mean '\($0)'?" } ?? "")
        case .checkpointMismatch(let location, let difference): "\(location): this checkpoint belongs to another run: \(difference)"
        case .checkpointFailed(let location): "the finished replications could not be kept in \(location)"
        case .unsupported(let message): message
        case .interrupted(let done, let total): "interrupted: \(done)\(total.map { " of \($0)" } ?? "") replications done"
        }
    }

    public var description: String { (part.map { "[\($0)] " } ?? "") + message }
}
