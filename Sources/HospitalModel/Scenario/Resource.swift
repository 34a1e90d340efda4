import Foundation
import SimKernel

public struct Resource: Sendable {
    public var name: String
    /// Units, or nil for infinite capacity.
    public var capacity: Int?
    /// Daily roster, replacing `capacity`.
    public var shifts: [Shift]?
    /// The most patients that may wait; nil for no limit.
    public var queueCapacity: Int?
    /// The allocation policy of this resource, when the file names one.
    public var discipline: PolicySpec?
    public var cost: Cost
    /// Extra units called in while the queue stays long (`surge:`), whatever the discipline.
    public var surge: SurgeRule? = nil
    /// After each release, how long a unit is out of use before it is free again (cleaning a bed).
    public var turnaround: Distribution? = nil
    /// The resource (by index) one of whose units the turnaround needs too (a cleaner), if any.
    public var turnaroundBy: Int? = nil
    /// The hours within which a unit may be released (discharges), in minutes from midnight;
    /// a release due outside them waits for the next opening. Nil: any time.
    public var dischargeHours: ClockWindow? = nil
    /// Named groups of units with skills (`units:`), numbered in order; `capacity` is their sum.
    public var groups: [UnitGroup]? = nil
    /// Whether the scenario's `policy` (or a comparison's `--policy`) decides who this resource
    /// serves: it has no discipline of its own and units to queue for.
    public var followsScenarioPolicy: Bool { discipline == nil && capacity != nil }
    /// Every skill some group has, in the order first named.
    public var skills: [String] { groups.map { gs in gs.flatMap(\.skills).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } } ?? [] }
}
