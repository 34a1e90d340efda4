import HospitalScenario
import SimKernel
/// An allocation policy: who gets a unit of a resource, and which unit.
///
/// The simulation asks a resource's policy at two moments:
/// - a patient requests the resource: `unit(for:in:)` names the free unit it takes, or nil to make
///   it wait (or be blocked, when the queue is full) although a unit may be free;
/// - a unit has just become free (or come on shift): `next(for:in:)` names the class whose
///   longest-waiting patient gets it, or nil to leave it idle.
///
/// Policies are immutable values, made once from their parameters when the scenario is loaded,
/// and shared by all replications; everything that changes lives in the simulation. Within a
/// class, patients are always served in order of arrival at the queue, so a policy only ever
/// chooses between the heads of the class queues (`ResourceView.head(ofClass:)`). That keeps each
/// decision O(classes) and free of allocation.
///
/// To add one: write a type conforming to this protocol in its own file under
/// `Sources/HospitalModel/Policies/`, and add it to `PolicyRegistry.types`. `docs/policies.md`
/// walks through an example.
public protocol AllocationPolicy: Sendable {
    /// The name a scenario uses (`policy: {name: ...}` or a resource's `discipline`).
    static var name: String { get }
    /// One line: what it models.
    static var summary: String { get }
    /// The parameter keys it accepts besides `name`.
    static var parameterKeys: [String] { get }

    /// Reads the policy's parameters. Report problems through `arguments` and return nil.
    init?(_ arguments: PolicyArguments)

    /// The free unit a requesting patient takes, or nil to wait. Default: the lowest free unit.
    func unit(for applicant: Applicant, in resource: ResourceView) -> Int32?

    /// The class whose head of queue gets `unit`, or nil to leave the unit idle.
    func next(for unit: Int32, in resource: ResourceView) -> Int?

    /// Whether an applicant more urgent than a patient in service may interrupt it
    /// (preemptive-resume). Default: false.
    var preemptive: Bool { get }

    /// Extra units called in while the queue stays long, or nil. Default: nil.
    var surge: SurgeRule? { get }
}

extension AllocationPolicy {
    public func unit(for applicant: Applicant, in resource: ResourceView) -> Int32? {
        resource.lowestFreeUnit()
    }
    public var preemptive: Bool { false }
    public var surge: SurgeRule? { nil }
    /// The policy's name, from an instance.
    public var name: String { Self.name }
}
