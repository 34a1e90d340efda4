import SimKernel

/// One step of a pathway, as written (branches hold their arms' steps).
public indirect enum Step: Sendable {
    /// `skill`: the index of the skill (in the resource's `skills`) a unit must have, if any.
    case use(resource: Int, duration: Distribution, byClass: [Int: Distribution], treatment: Bool?, id: String, skill: Int? = nil)
    case seize(resource: Int, skill: Int? = nil)
    case release(resource: Int)
    case delay(duration: Distribution, byClass: [Int: Distribution], id: String)
    /// Each arm: the probability for each class, and its steps.
    case branch(arms: [BranchArm], id: String)
    case leave
    /// Take `units` of each supply item (by index), in order, waiting for stock (or not).
    case consume(items: [(item: Int, units: Int)])
    /// A marker in the event log and trace ("triage done"): takes no time, draws nothing.
    case note(text: String)

    /// The step's key in the scenario format ("use", "note"): how messages name its kind.
    public var kind: String {
        switch self {
        case .use: "use"
        case .seize: "seize"
        case .release: "release"
        case .delay: "delay"
        case .branch: "branch"
        case .leave: "leave"
        case .consume: "consume"
        case .note: "note"
        }
    }

    /// A marker only (a note): no time, no draw, nothing held. Analyses of a pathway's shape
    /// (single-station theory) look past markers.
    public var isMarker: Bool {
        if case .note = self { true } else { false }
    }
}
