import HospitalScenario
/// Trunk reservation: `reserve` units are kept for the named urgent classes. Another class may
/// take a unit only while more than `reserve` are free, so urgent patients are rarely turned
/// away or kept waiting (in a loss system, the others are blocked sooner). Among those allowed,
/// the most urgent class is served first.
///
/// Parameters: `reserve` (at least 1), `classes` (the classes the reserve is for).
public struct BedReservationPolicy: AllocationPolicy {
    public static let name = "bed-reservation"
    public static let summary = "keep some units free for the named urgent classes (trunk reservation)"
    public static let parameterKeys = ["reserve", "classes"]

    public let reserve: Int
    public let classes: Set<Int>

    public init?(_ arguments: PolicyArguments) {
        guard let reserve = arguments.integer("reserve", minimum: 1), let classes = arguments.classes("classes") else { return nil }
        self.reserve = reserve
        self.classes = classes
    }

    public func unit(for applicant: Applicant, in resource: ResourceView) -> Int32? {
        guard classes.contains(applicant.classIndex) || resource.freeUnits > reserve else { return nil }
        return resource.lowestFreeUnit()
    }

    public func next(for unit: Int32, in resource: ResourceView) -> Int? {
        let reserved = classes
        if let c = resource.mostUrgentHead(where: { reserved.contains($0) }) { return c }
        // `freeUnits` counts the unit on offer.
        return resource.freeUnits > reserve ? resource.mostUrgentHead() : nil
    }
}
