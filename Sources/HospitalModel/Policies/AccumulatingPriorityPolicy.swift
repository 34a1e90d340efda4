import HospitalScenario
/// Accumulating priority (Stanford, Taylor and Ziedins, 2014): a waiting patient's priority
/// grows from zero at its class's rate, and a free unit goes to the highest accumulated
/// priority. Urgent classes gain priority fast, but a low-acuity patient who has waited long
/// enough overtakes them, so no class starves.
///
/// Parameters: `rates`, a rate per class (`{resus: 4, urgent: 2, minor: 1}`); classes not named
/// get 1 / priority.
public struct AccumulatingPriorityPolicy: AllocationPolicy {
    public static let name = "accumulating-priority"
    public static let summary = "priority grows with waiting time at a class-specific rate; the highest accumulated priority is served"
    public static let parameterKeys = ["rates"]

    public let rates: [Double]

    public init?(_ arguments: PolicyArguments) {
        guard var rates = arguments.perClass("rates", default: -1) else { return nil }
        for c in rates.indices where rates[c] < 0 {
            rates[c] = 1 / Double(max(arguments.classPriorities[c], 1))
        }
        self.rates = rates
    }

    public func next(for unit: Int32, in resource: ResourceView) -> Int? {
        let now = resource.now
        return resource.firstHead { a, b in
            let pa = rates[a.classIndex] * (now - a.since), pb = rates[b.classIndex] * (now - b.since)
            return pa > pb || (pa == pb && a.sequence < b.sequence)
        }
    }
}
