import Foundation
import SimKernel

/// Units of a resource with a name and the skills they have (cardiologists, generalists).
public struct UnitGroup: Sendable {
    public var name: String
    /// Units in the group: the count written, or the most its roster staffs.
    public var count: Int
    public var skills: [String]
    /// The group's own daily roster, when it has one instead of a fixed count.
    public var shifts: [Shift]?

    public init(name: String, count: Int, skills: [String], shifts: [Shift]? = nil) {
        self.name = name
        self.count = count
        self.skills = skills
        self.shifts = shifts
    }
}
