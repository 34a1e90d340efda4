import HospitalScenario
import HospitalPolicies
import Foundation
import SimKernel

/// One line of an event trace: what happened, to whom, and the state of the resource after.
public struct TraceRecord: Sendable, Equatable {
    public var time: Double
    public var event: String
    /// The patient's arrival number (from 1), or nil for events of a resource.
    public var patient: Int?
    public var className: String?
    public var resource: String?
    /// Patients waiting for the resource and its busy units, after the event.
    public var queue: Int?
    public var busy: Int?
    public var detail: String
    /// A random duration drawn at this event: the service time at a seize, a delay's length, the
    /// gap to the stream's next arrival at an arrival, the patience left when joining a queue.
    public var drawn: Double?
    /// The earliest event still to come after this one, and what it is ("arrival", "done 6").
    public var nextTime: Double?
    public var nextEvent: String?
    /// At a hand-over (a release and the seize it allows, shown as one row), the patient who
    /// released the unit.
    public var from: Int?

    public static func format(_ t: Double) -> String { NumberText.clock(t) }
}
