import HospitalScenario

/// The skill groups of every resource during a replication (numbered as `program.groupFirst`):
/// busy units, the capacity their rosters staff now, units on shift, and free units off shift
/// (lowest number last). Their handlers are in `Simulation+Rosters.swift`.
struct SkillGroups {
    var busy: [Int]
    var rostered: [Int]
    var present: [Int]
    var offShift: [ContiguousArray<Int32>]

    /// At time 0: each group's first units on shift, as many as its roster says.
    init(_ groups: [CompiledGroup]) {
        busy = Array(repeating: 0, count: groups.count)
        rostered = groups.map(\.initialUnits)
        present = groups.map(\.initialUnits)
        offShift = groups.map { g in ContiguousArray((Int32(g.first + g.initialUnits)..<Int32(g.first + g.count)).reversed()) }
    }
}
