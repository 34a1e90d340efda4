import Foundation
import SimKernel

/// One patient of a census: its class, the step it is at, in service or queueing, the time
/// already spent there and the units it holds from earlier steps.
public struct CensusPatient: Sendable {
    public enum Status: String, Sendable, CaseIterable { case inService = "in_service", queued }
    public var id: String
    public var classIndex: Int
    /// The step's place in the class's pathway, from 0: [i], or [i, a, j] for step j of arm a
    /// of the branch at step i (the file says `i+1` or `i+1.a+1.j+1`).
    public var step: [Int]
    public var stepText: String { step.map { String($0 + 1) }.joined(separator: ".") }
    public var status: Status
    /// Time already spent in the step (in service, or queueing), in the scenario's time unit.
    public var elapsed: Double
    /// Queueing time so far (for patience).
    public var waited: Double
    /// Resources (by index) held from earlier steps.
    public var holds: [Int]
    /// For each held or used resource with skill groups: the group (by index) whose unit the
    /// patient has.
    public var groups: [Int: Int] = [:]
}
