import HospitalScenario
import SimKernel

/// A patient asking for a unit.
public struct Applicant: Sendable {
    public var classIndex: Int
    public var priority: Int
    /// Mean duration of the step it requests the unit for (of the hold, for a seize).
    public var expectedService: Double

    @inlinable
    public init(classIndex: Int, priority: Int, expectedService: Double) {
        self.classIndex = classIndex
        self.priority = priority
        self.expectedService = expectedService
    }
}
