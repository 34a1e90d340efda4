import HospitalScenario
import HospitalPolicies
import SimKernel

/// What one replication measures, apart from the state its event loop changes: the counts,
/// tallies and time averages its metrics (`Metric`) are computed from at the end. Only patients
/// arriving after the warm-up are counted; time averages restart at the end of the warm-up.
struct ReplicationStatistics {
    /// One class's counts and tallies.
    struct ClassStatistics {
        var arrived = 0
        var left = 0
        var reneged = 0
        var blocked = 0
        var wait = MeanTally()
        var timeInSystem = MeanTally()
        var targetCounted = 0
        var targetMet = 0
        /// Completed patients' waits (kept for classes; windows leave it empty).
        var waitQuantiles = QuantileCounter()
        /// From arrival to the start of the treatment step, for every patient whose treatment
        /// started (kept for classes, as the waits).
        var timeToTreatment = MeanTally()
        var treatmentQuantiles = QuantileCounter()
        /// Completed patients' times in system (classes only).
        var stayQuantiles = QuantileCounter()
        /// Patients who left (completed, by a leave step, or reneged) within the stay target.
        var stayCounted = 0
        var stayMet = 0
    }

    /// One resource's time averages, tallies and counts.
    struct ResourceStatistics {
        var busyTime: TimeAverage
        var queueTime: TimeAverage
        var staffedTime: TimeAverage
        var surgeTime: TimeAverage
        /// Units in turnaround, and units held by patients waiting for discharge hours.
        var turnaroundTime = TimeAverage(value: 0, at: 0)
        var dischargeWaitTime = TimeAverage(value: 0, at: 0)
        var wait = MeanTally()
        var classWait: UnsafeMutablePointer<MeanTally>
        var requests = 0
        var blocked = 0
        var uses = 0
    }

    var arrived = 0, completed = 0, left = 0, reneged = 0, blocked = 0, inside = 0
    var wait = MeanTally()
    var timeInSystem = MeanTally()
    /// Completed patients' bills, and every charge to patients after the warm-up (income).
    var bill = MeanTally()
    var revenue = 0.0
    var targetCounted = 0, targetMet = 0
    var timeToTreatment = MeanTally()
    var stayCounted = 0, stayMet = 0
    let classes: UnsafeMutablePointer<ClassStatistics>
    /// Per window: its patients' counts and tallies, overall (`all`) and by class.
    struct WindowStatistics {
        var all = ClassStatistics()
        var completed = 0
        var classes: UnsafeMutablePointer<ClassStatistics>
    }
    let windows: UnsafeMutablePointer<WindowStatistics>
    /// Per supply item: demands and stock-outs of counted patients, orders and their cost after
    /// the warm-up, and the stock on hand over time.
    struct SupplyStatistics {
        var demands = 0, stockouts = 0, orders = 0
        var cost = 0.0
        var stock: TimeAverage
    }
    var supplies: [SupplyStatistics]
    /// Per clinic, over its sessions starting after the warm-up: bookings, who came, the waits
    /// from the later of arrival and appointment to the consultation, and each finished
    /// session's doctor time, idle time and overtime.
    struct ClinicStatistics {
        var booked = 0, attended = 0, noShows = 0, sessions = 0
        var wait = MeanTally()
        var waitQuantiles = QuantileSketch()
        var doctorTime = 0.0, idleTime = 0.0
        var overtime = MeanTally()
    }
    var clinics: [ClinicStatistics]
    var noShows = 0
    /// Busy units of each skill group over time (as `LinkedProgram.groupFirst`), and waits by
    /// the skill asked for (resource r's skills from `skillFirst[r]`).
    var groupBusy: [TimeAverage]
    var groupStaffed: [TimeAverage]
    var skillWait: [MeanTally]
    let skillFirst: [Int]
    let windowCount: Int
    /// At fixed addresses, like the resources' state.
    let resources: UnsafeMutablePointer<ResourceStatistics>
    let resourceTable: OwnedTable<ResourceStatistics>

    init(model: CompiledModel, storage: ReplicationStorage) {
        let classes = storage.allocate(ClassStatistics.self, count: model.classes.count, value: ClassStatistics())
        self.classes = classes
        let counted = model.classes.count
        storage.atRelease {
            for c in 0..<counted {
                classes[c].waitQuantiles.free()
                classes[c].treatmentQuantiles.free()
                classes[c].stayQuantiles.free()
            }
        }
        let hour = model.timeUnit.hour
        let classCount = model.classes.count
        let windowCount = model.scenario.windows.count
        self.windowCount = windowCount
        let windowTable = storage.allocate(WindowStatistics.self, count: windowCount,
                                           value: WindowStatistics(classes: UnsafeMutablePointer(bitPattern: 1)!))
        for w in 0..<windowCount {
            windowTable[w].classes = storage.allocate(ClassStatistics.self, count: classCount, value: ClassStatistics())
        }
        windows = windowTable
        // Windows need the hour of the week (some days only) and staffed time by the hour.
        let cycle = windowCount > 0 ? 168 : 24
        resourceTable = OwnedTable(model.resources.map { r in
            let initial = r.initialUnits
            return ResourceStatistics(
                busyTime: TimeAverage(value: 0, at: 0, hourLength: hour, cycle: cycle),
                queueTime: TimeAverage(value: 0, at: 0, hourLength: hour, cycle: cycle),
                staffedTime: TimeAverage(value: Double(r.units == nil ? 0 : initial), at: 0,
                                         hourLength: windowCount > 0 ? hour : nil, cycle: cycle),
                surgeTime: TimeAverage(value: 0, at: 0),
                classWait: storage.allocate(MeanTally.self, count: classCount, value: MeanTally()))
        })
        resources = resourceTable.items
        supplies = model.scenario.supplies.map { SupplyStatistics(stock: TimeAverage(value: Double($0.initial), at: 0)) }
        clinics = Array(repeating: ClinicStatistics(), count: model.scenario.clinics.count)
        groupBusy = Array(repeating: TimeAverage(value: 0, at: 0), count: model.resources.reduce(0) { $0 + $1.groups.count })
        groupStaffed = model.resources.flatMap { $0.groups.map { TimeAverage(value: Double($0.initialUnits), at: 0) } }
        var first: [Int] = []
        var skills = 0
        for r in model.resources {
            first.append(skills)
            if !r.groups.isEmpty { skills += r.skills.count }
        }
        skillFirst = first
        skillWait = Array(repeating: MeanTally(), count: skills)
    }
}

/// Values at fixed addresses, owned for as long as a replication lives: mutated in place through
/// `items`, with no copy-on-write check of an array on every change.
final class OwnedTable<Item> {
    let items: UnsafeMutablePointer<Item>
    let count: Int

    init(_ values: [Item]) {
        count = values.count
        items = .allocate(capacity: max(count, 1))
        items.initialize(from: values, count: count)
    }

    deinit {
        items.deinitialize(count: count)
        items.deallocate()
    }
}
