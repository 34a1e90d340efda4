import Foundation
import SimKernel

/// A scenario as read from its file: validated, with every time in the scenario's time unit.
/// `CompiledModel` turns it into the flat arrays the simulation runs on.
public struct Scenario: Sendable {
    public var name: String
    public var description: String?
    public var timeUnit: TimeUnit
    public var run: RunSettings
    public var arrivals: [ArrivalStream]
    public var classes: [PatientClass]
    public var resources: [Resource]
    /// The shared pathway (empty when every class has its own).
    public var pathway: [Step]
    public var policy: PolicySpec?
    /// Times of day (and week) with metrics of their own (`windows:`).
    public var windows: [TimeWindow] = []
    /// Stocked items that `consume` steps draw on (`supplies:`).
    public var supplies: [SupplyItem] = []
    /// Outpatient clinics with booked appointments (`clinics:`).
    public var clinics: [Clinic] = []
    /// Where the file came from, for messages.
    public var file: String
    /// FNV-1a of the text the scenario was read from (after any `--set` patches).
    public var sourceHash: UInt64 = 0

    /// What this scenario simulates, as 16 hex digits: its source text, its run settings after
    /// command-line flags, and the model version. Checkpoints, partial results and baselines
    /// carry it, so that results of a different scenario are never joined with these.
    public var identity: String {
        var settings = "\(sourceHash)|\(run.horizon)|\(run.warmup)|\(run.replications)|\(run.seed)|\(ModelVersion.current)"
        if run.antithetic { settings += "|antithetic" }
        return String(format: "%016llx", StreamSeed.fnv1a64(settings))
    }
}

/// The version of the model's behaviour: raised whenever the same scenario and seed would give
/// different numbers (random-number use, metric definitions), so that stored results of an
/// older model are not mixed with new ones.
public enum ModelVersion {
    public static let current = 4
}

public enum TimeUnit: String, Sendable, CaseIterable {
    case minute, hour, day
    /// Minutes in one unit.
    public var minutes: Double {
        switch self {
        case .minute: 1
        case .hour: 60
        case .day: 1440
        }
    }
    /// The length of one hour in this unit.
    public var hour: Double { 60 / minutes }
}

public struct RunSettings: Sendable, Equatable {
    /// Simulated time per replication, counted after warm-up.
    public var horizon: Double
    public var warmup: Double
    public var replications: Int
    public var seed: UInt64
    /// Replications run in antithetic pairs: replication 2j+1 mirrors replication 2j (every
    /// uniform u as 1 - u), and intervals are taken over the pairs' means.
    public var antithetic = false
    /// Bounds that stop a runaway replication cleanly (not part of the file: flags set them).
    public var limits = RunLimits()

    public init(horizon: Double, warmup: Double, replications: Int, seed: UInt64) {
        self.horizon = horizon
        self.warmup = warmup
        self.replications = replications
        self.seed = seed
    }
}

/// A replication stops, and its run fails with a message, when it simulates more than `events`
/// events or holds more than `patients` patients at once (a queue growing without bound).
public struct RunLimits: Sendable, Equatable {
    public static let defaultEvents = 1_000_000_000
    public static let defaultPatients = 2_000_000
    public var events = RunLimits.defaultEvents
    public var patients = RunLimits.defaultPatients
    public init() {}
}

public struct ArrivalStream: Sendable {
    public enum Process: Sendable {
        /// Poisson with this rate per time unit.
        case poisson(rate: Double)
        /// Renewal with these gaps.
        case renewal(Distribution)
        /// Non-homogeneous Poisson, piecewise constant: one rate per hour (per time unit),
        /// 24 values repeating daily or 168 repeating weekly from Monday 00:00.
        case profile(ratesPerHour: [Double])
    }
    public var name: String
    public var process: Process
    /// This stream's own class mix (one probability per class), or nil for the classes' shares.
    public var classMix: [Double]?

    /// The long-run mean arrival rate per time unit.
    public func meanRate(timeUnit: TimeUnit) -> Double {
        switch process {
        case .poisson(let rate): rate
        case .renewal(let d): 1 / d.mean
        case .profile(let rates): rates.reduce(0, +) / Double(rates.count)
        }
    }
}

/// A time of day, on some days of the week, whose patients and hours have metrics of their own
/// (`window.NAME.*`). Boundaries fall on the hour; a window whose end is not after its start
/// runs past midnight, and `days` are the days it starts on (all when nil).
public struct TimeWindow: Sendable, Equatable {
    public static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    public var name: String
    /// Start and end, in minutes from midnight.
    public var from: Int
    public var to: Int
    /// Days it starts on, 0 = Monday (day 1 of a run is a Monday); nil: every day.
    public var days: Set<Int>?

    public init(name: String, from: Int, to: Int, days: Set<Int>?) {
        self.name = name
        self.from = from
        self.to = to
        self.days = days
    }

    /// Whether the minute `m` of the week (0 = Monday 00:00) lies in the window.
    public func contains(minuteOfWeek m: Int) -> Bool {
        let day = m / 1440, minute = m % 1440
        let starts = { (d: Int) in self.days?.contains((d + 7) % 7) ?? true }
        if from < to { return minute >= from && minute < to && starts(day) }
        // Past midnight (or the whole day when from == to): the evening part starts today, the
        // morning part started yesterday.
        return (minute >= from && starts(day)) || (minute < to && starts(day - 1))
    }

    /// The hours of the week (0 = Monday 00:00-01:00) in the window.
    public var hoursOfWeek: [Int] { (0..<168).filter { contains(minuteOfWeek: $0 * 60) } }
}

public struct PatientClass: Sendable {
    public var name: String
    public var share: Double
    /// Smaller is more urgent.
    public var priority: Int
    /// Time-to-treatment target, if any.
    public var target: Double?
    public var patience: Distribution?
    /// This class's own pathway, replacing the shared one.
    public var pathway: [Step]?
    /// Time-in-system target (such as the four-hour standard), if any.
    public var stayTarget: Double? = nil
}

public struct Shift: Sendable, Equatable {
    /// Start and end as minutes after midnight (end may be <= start: the shift runs overnight).
    public var from: Int
    public var to: Int
    public var capacity: Int
    /// The days it starts on, 0 = Monday; nil: every day. A roster with any such shift repeats
    /// weekly instead of daily.
    public var days: Set<Int>? = nil
}

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
    /// Every skill some group has, in the order first named.
    public var skills: [String] { groups.map { gs in gs.flatMap(\.skills).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } } ?? [] }
}

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

/// A daily window of clock time, from `from` to `to` minutes after midnight (past midnight
/// when `to` is not after `from`).
public struct ClockWindow: Sendable, Equatable {
    public var from: Int
    public var to: Int

    public init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }

    /// Whether `minute` (of the day, 0..<1440) is inside.
    public func contains(minute m: Int) -> Bool { from < to ? m >= from && m < to : m >= from || m < to }
}

/// What a resource costs the hospital (`staffedPerHour`, `busyPerHour`: wages) and what it
/// charges patients (`perUse` at each seize, `perDay` for each midnight a unit is held): the
/// charges are income, apart from the cost.
public struct Cost: Sendable, Equatable {
    public var staffedPerHour: Double = 0
    public var busyPerHour: Double = 0
    public var perUse: Double = 0
    public var perDay: Double = 0
}

/// One step of a pathway, as written (branches hold their arms' steps).
public indirect enum Step: Sendable {
    /// `skill`: the index of the skill (in the resource's `skills`) a unit must have, if any.
    case use(resource: Int, duration: Distribution, byClass: [Int: Distribution], treatment: Bool?, id: String, skill: Int? = nil)
    case seize(resource: Int, skill: Int? = nil)
    case release(resource: Int)
    case delay(duration: Distribution, byClass: [Int: Distribution], id: String)
    /// Each arm: the probability for each class, and its steps.
    case branch(arms: [BranchArm], id: String)
    case leave
    /// Take `units` of each supply item (by index), in order, waiting for stock (or not).
    case consume(items: [(item: Int, units: Int)])
}

/// A stocked item: what is on hand at the start, when and how much is ordered, how long orders
/// take, what they cost, and what a patient does when the stock is short.
public struct SupplyItem: Sendable {
    public enum Reorder: Sendable, Equatable {
        /// Continuous review: whenever the inventory position (on hand + on order - owed) is at
        /// most `point`, order `quantity`.
        case pointQuantity(point: Int, quantity: Int)
        /// Periodic review: every `every` time units from time 0, order up to `upTo`.
        case periodic(every: Double, upTo: Int)
    }
    public var name: String
    public var initial: Int
    public var reorder: Reorder?
    public var leadTime: Distribution
    public var unitCost: Double
    public var orderCost: Double
    /// Go on without the item (counted) instead of waiting for it.
    public var skipWhenShort: Bool

    public init(name: String, initial: Int, reorder: Reorder?, leadTime: Distribution, unitCost: Double = 0,
                orderCost: Double = 0, skipWhenShort: Bool = false) {
        self.name = name
        self.initial = initial
        self.reorder = reorder
        self.leadTime = leadTime
        self.unitCost = unitCost
        self.orderCost = orderCost
        self.skipWhenShort = skipWhenShort
    }
}

public struct BranchArm: Sendable {
    /// Probability of this arm, per class index.
    public var probabilities: [Double]
    public var steps: [Step]
    /// The `otherwise` arm: taken whenever no other arm is; its probabilities are the rest.
    public var isOtherwise = false

    public init(probabilities: [Double], steps: [Step], isOtherwise: Bool = false) {
        self.probabilities = probabilities
        self.steps = steps
        self.isOtherwise = isOtherwise
    }
}

/// An outpatient clinic: sessions on some days, each with booked appointments; booked patients
/// of `classIndex` arrive at their appointment (give or take their lateness) unless they do not
/// show, and then follow that class's pathway.
public struct Clinic: Sendable {
    public enum Booking: Sendable, Equatable {
        /// One patient per slot, at the slot's start.
        case individual
        /// Two patients at the start of the session, then one per slot (the last slot left free).
        case baileyWelch
        /// Appointment times after the session's start, one per booking.
        case offsets([Double])
    }
    public struct Session: Sendable, Equatable {
        /// The days it is held, 0 = Monday; nil: every day.
        public var days: Set<Int>?
        /// Start in minutes after midnight.
        public var start: Int
        public var slots: Int
        /// In the scenario's time unit.
        public var slotLength: Double

        public init(days: Set<Int>?, start: Int, slots: Int, slotLength: Double) {
            self.days = days
            self.start = start
            self.slots = slots
            self.slotLength = slotLength
        }

        /// The session's length: its slots end to end.
        public var length: Double { Double(slots) * slotLength }
    }
    /// Arrival minus appointment time: may be negative (early), so not a `Distribution`.
    public enum Lateness: Sendable {
        case normal(mean: Double, sd: Double)
        case uniform(min: Double, max: Double)
        case fixed(Double)
        /// A distribution of non-negative lateness (always late or on time).
        case distribution(Distribution)

        public var mean: Double {
            switch self {
            case .normal(let m, _): m
            case .uniform(let a, let b): (a + b) / 2
            case .fixed(let x): x
            case .distribution(let d): d.mean
            }
        }
    }

    public var name: String
    public var classIndex: Int
    public var sessions: [Session]
    public var booking: Booking
    /// Extra bookings per session, doubled up on slots spread evenly over the session.
    public var overbook: Int
    /// The probability that a booked patient does not come.
    public var noShow: Double
    /// Nil: punctual.
    public var lateness: Lateness?
    /// The probability that each slot's booking is made (1: every session fully booked).
    public var fill: Double
    /// Clinicians holding each session: the doctor time its idle fraction is measured against.
    public var doctors: Int

    public init(name: String, classIndex: Int, sessions: [Session], booking: Booking = .individual, overbook: Int = 0,
                noShow: Double = 0, lateness: Lateness? = nil, fill: Double = 1, doctors: Int = 1) {
        self.name = name
        self.classIndex = classIndex
        self.sessions = sessions
        self.booking = booking
        self.overbook = overbook
        self.noShow = noShow
        self.lateness = lateness
        self.fill = fill
        self.doctors = doctors
    }

    /// Booked patients who come, per time unit, in the long run: each week's sessions' bookings
    /// (`fill` of the regular ones, every overbooked one) less the no-shows.
    public func meanRate(timeUnit: TimeUnit) -> Double {
        let perWeek = sessions.reduce(0.0) { total, s in
            let bookings = appointmentOffsets(s).reduce(0.0) { $0 + ($1.overbooked ? 1 : fill) }
            return total + bookings * Double(s.days?.count ?? 7)
        }
        return perWeek * (1 - noShow) / (7 * 1440 / timeUnit.minutes)
    }

    /// The appointment times of one session's bookings after its start, in order, before `fill`
    /// thins the regular ones: the booking rule's, and the overbooked ones on slots spread evenly.
    public func appointmentOffsets(_ session: Session) -> [(offset: Double, overbooked: Bool)] {
        var base: [Double]
        switch booking {
        case .individual: base = (0..<session.slots).map { Double($0) * session.slotLength }
        case .baileyWelch: base = [0] + (0..<max(session.slots - 1, 0)).map { Double($0) * session.slotLength }
        case .offsets(let offsets): base = offsets
        }
        let n = base.count
        let extra = n == 0 ? [] : (0..<overbook).map { (offset: base[$0 * n / overbook], overbooked: true) }
        // Stable: at equal times the regular booking comes first.
        return (base.map { (offset: $0, overbooked: false) } + extra).enumerated()
            .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
    }
}
