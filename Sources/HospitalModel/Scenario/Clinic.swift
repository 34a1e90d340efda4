import Foundation
import SimKernel

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
