import Foundation
import HospitalScenario

/// The JSON document of `simrun forecast`: for each hour ahead, each resource's occupancy and
/// queue (mean and 90% prediction band), the probability that it is full, and the arrivals.
public struct ForecastDocument: Codable, Sendable {
    /// The mean over replications and the 5th and 95th percentiles, hour by hour.
    public struct Band: Codable, Sendable {
        public var mean: [DocumentNumber]
        public var p05: [DocumentNumber]
        public var p95: [DocumentNumber]

        init(_ b: ForecastResult.Band) {
            mean = b.mean.map { DocumentNumber($0) }
            p05 = b.p05.map { DocumentNumber($0) }
            p95 = b.p95.map { DocumentNumber($0) }
        }
    }

    public struct Resource: Codable, Sendable {
        public var occupancy: Band
        public var queue: Band
        public var fullProbability: [DocumentNumber]
        /// Units staffed at each hour (null for unlimited capacity); absent in documents
        /// written before it was added.
        public var capacity: [DocumentNumber]?
        /// The probability of being full at some moment within each of the document's
        /// `within_hours`; absent in older documents.
        public var fullWithin: [DocumentNumber]?

        enum CodingKeys: String, CodingKey { case occupancy, queue, fullProbability = "full_probability", capacity, fullWithin = "full_within" }
    }

    /// Always "forecast".
    public var kind = "forecast"
    public var scenario: String
    /// The start as given (`--now`), and as a time of the model's week.
    public var now: String
    public var start: DocumentNumber
    public var timeUnit: String
    public var replications: Int
    /// Patients in the census the forecast starts from.
    public var census: Int
    /// 1, 2, ...: the hours ahead.
    public var hours: [Int]
    /// The horizons of each resource's `full_within`: 4, 8 and 24 hours where within the
    /// forecast, and its length.
    public var withinHours: [Int]?
    public var resources: DocumentMap<Resource>
    public var arrivals: Band
    /// Each supply item's stock on hand at each hour (mean and band), when the scenario has supplies.
    public var supplies: DocumentMap<Band>?

    enum CodingKeys: String, CodingKey {
        case kind, scenario, now, start, timeUnit = "time_unit", replications, census, hours, withinHours = "within_hours", resources, arrivals, supplies
    }

    public init(_ f: ForecastResult) {
        scenario = f.scenario
        now = f.now
        start = DocumentNumber(f.start)
        timeUnit = f.timeUnit.rawValue
        replications = f.replications
        census = f.censusPatients
        hours = Array((1...max(f.hours, 1)).prefix(f.hours))
        withinHours = f.withinHours
        resources = DocumentMap(f.resources.indices.map { r in
            (f.resources[r], Resource(occupancy: Band(f.occupancy[r]), queue: Band(f.queue[r]), fullProbability: f.full[r].map { DocumentNumber($0) },
                                      capacity: f.capacity[r].map { DocumentNumber($0) }, fullWithin: f.fullWithin[r].map { DocumentNumber($0) }))
        })
        arrivals = Band(f.arrivals)
        supplies = f.items.isEmpty ? nil : DocumentMap(zip(f.items, f.stock).map { ($0, Band($1)) })
    }

    public var json: String { DocumentEncoder.json(self, layout: .expandedLayout) }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> ForecastDocument {
        let doc = try DocumentReader.decode(ForecastDocument.self, from: data, file: file, what: "a forecast")
        try DocumentReader.require(!doc.hours.isEmpty && !doc.resources.isEmpty, in: data, file: file, at: "hours", "a forecast without hours or resources")
        try DocumentReader.require(doc.replications >= 1, in: data, file: file, at: "replications", "replications must be at least 1")
        return doc
    }
}
