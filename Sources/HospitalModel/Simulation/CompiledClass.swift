import HospitalScenario
import HospitalPolicies
import SimKernel

public struct CompiledClass: Sendable {
    public var name: String
    public var priority: Int
    /// Index of this class's priority among the distinct priorities, most urgent 0.
    public var level: Int
    public var target: Double?
    public var patience: Distribution?
    public var program: [Op]
    /// Time-in-system target, if any.
    public var stayTarget: Double? = nil
    /// Whether the pathway has a treatment step (a `use`), whose start time to treatment measures.
    public var hasTreatment: Bool { program.contains { if case .use(_, _, true) = $0 { true } else { false } } }
    public var branches: [BranchTable]
    public var draws: [DrawSpec]
    /// Resources this class's pathway may use or seize.
    public var resourcesUsed: Set<Int>
    /// For each op: the mean time the unit it asks for will be held (0 for other ops).
    public var expectedHold: [Double]
    /// For each op: the skill its unit must have (an index into the resource's skills), or -1.
    public var skills: [Int32]
    /// The op each step of the pathway as written starts at, by its place: [i] for the i-th
    /// step, [i, a, j] for the j-th step of arm a of the branch at step i (all from 0).
    public var stepStarts: [[Int]: Int32] = [:]
    /// The texts of the pathway's `note:` steps, by their ops' index.
    public var notes: [String] = []
}
