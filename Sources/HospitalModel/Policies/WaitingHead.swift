import HospitalScenario
import SimKernel

/// The longest-waiting patient of one class in a resource's queue.
public struct WaitingHead: Sendable {
    public var patient: Int32
    public var classIndex: Int
    public var priority: Int
    /// When it joined this queue.
    public var since: Double
    /// Order of joining, across classes: smaller joined earlier.
    public var sequence: UInt64
    /// Mean duration of the step it waits for.
    public var expectedService: Double

    @inlinable
    public init(patient: Int32, classIndex: Int, priority: Int, since: Double, sequence: UInt64, expectedService: Double) {
        self.patient = patient
        self.classIndex = classIndex
        self.priority = priority
        self.since = since
        self.sequence = sequence
        self.expectedService = expectedService
    }
}
