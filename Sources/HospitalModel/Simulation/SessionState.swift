/// One clinic session booked and not yet over: its clinic, scheduled times, the booked patients
/// still to come or in the building before their consultation ends, and its doctors' time.
struct SessionState {
    var clinic: Int32
    var start: Double
    var end: Double
    /// Started after the warm-up, so in the clinic's metrics.
    var counted: Bool
    var pending: Int32 = 0
    /// Consultation time of its patients within the session's hours.
    var consulting = 0.0
    /// When its last consultation ended.
    var lastEnd = 0.0
}
