import HospitalScenario
/// Streaming, or fast track: the lowest-numbered `units` units of a staff resource serve only
/// the named classes (minors, say), and the other units serve the other classes, most urgent
/// first. With `help_main_queue: true` (the default), a fast-track unit with no fast-track
/// patient waiting takes the most urgent patient of the main queue; main units never take
/// fast-track patients.
///
/// Parameters: `units` (at least 1), `classes` (the fast-track classes), `help_main_queue`.
public struct FastTrackPolicy: AllocationPolicy {
    public static let name = "fast-track"
    public static let summary = "some units serve only the named classes; they may help the main queue when idle"
    public static let parameterKeys = ["units", "classes", "help_main_queue"]

    public let units: Int32
    public let classes: Set<Int>
    public let helpMainQueue: Bool

    public init?(_ arguments: PolicyArguments) {
        guard let units = arguments.integer("units", minimum: 1), let classes = arguments.classes("classes"),
              let help = arguments.flag("help_main_queue", default: true) else { return nil }
        self.units = Int32(units)
        self.classes = classes
        self.helpMainQueue = help
    }

    func fastTrackWaiting(_ resource: ResourceView) -> Bool {
        classes.contains { resource.waiting(ofClass: $0) > 0 }
    }

    public func unit(for applicant: Applicant, in resource: ResourceView) -> Int32? {
        if classes.contains(applicant.classIndex) {
            return resource.lowestFreeUnit(in: 0..<units)
        }
        if let main = resource.lowestFreeUnit(in: units..<Int32.max) { return main }
        return helpMainQueue && !fastTrackWaiting(resource) ? resource.lowestFreeUnit(in: 0..<units) : nil
    }

    public func next(for unit: Int32, in resource: ResourceView) -> Int? {
        let fastTrack = classes
        if unit < units {
            if let c = resource.mostUrgentHead(where: { fastTrack.contains($0) }) { return c }
            return helpMainQueue ? resource.mostUrgentHead(where: { !fastTrack.contains($0) }) : nil
        }
        return resource.mostUrgentHead(where: { !fastTrack.contains($0) })
    }
}
