import Foundation
import HospitalScenario
import HospitalAnalysis

/// The JSON document of `simrun warmup`: both series, Welch's moving average and the cuts (what
/// `simrun report` draws). The CSV form (`csv`) has the number inside per bin.
public struct WarmupDocument: Codable, Sendable {
    public struct InSystem: Codable, Sendable {
        public var cutBins: Int
        public var cutTime: DocumentNumber
        public var window: Int
        public var mean: [DocumentNumber]
        public var welch: [DocumentNumber]

        enum CodingKeys: String, CodingKey { case cutBins = "cut_bins", cutTime = "cut_time", window, mean, welch }
    }

    public struct Waits: Codable, Sendable {
        public var cutPatients: Int
        public var cutTime: DocumentNumber
        public var mean: [DocumentNumber]

        enum CodingKeys: String, CodingKey { case cutPatients = "cut_patients", cutTime = "cut_time", mean }
    }

    /// Always 1: marks the document as a warm-up study.
    public var warmupStudy = 1
    public var scenario: String
    public var seed: UInt64
    public var replications: Int
    public var timeUnit: String
    public var origin: DocumentNumber
    public var horizon: DocumentNumber
    public var bin: DocumentNumber
    public var recommendedWarmup: DocumentNumber
    /// False when the number inside did not settle within the run (see `WarmupStudy.settled`);
    /// absent from documents of earlier versions.
    public var settled: Bool?
    public var inSystem: InSystem
    public var waits: Waits

    enum CodingKeys: String, CodingKey {
        case warmupStudy = "warmup_study", scenario, seed, replications, timeUnit = "time_unit", origin, horizon, bin
        case recommendedWarmup = "recommended_warmup", settled, inSystem = "in_system", waits
    }

    public static let layout = DocumentLayout(
        blocks: [[]], hanging: [["in_system"]: 2, ["waits"]: 2],
        lines: [["replications", "time_unit"], ["origin", "horizon", "bin"], ["cut_bins", "cut_time", "window"], ["cut_patients", "cut_time"]])

    public init(_ s: WarmupStudy) {
        scenario = s.scenario
        seed = s.seed
        replications = s.replications
        timeUnit = s.timeUnit.rawValue
        origin = DocumentNumber(s.origin)
        horizon = DocumentNumber(s.horizon)
        bin = DocumentNumber(s.binLength)
        recommendedWarmup = DocumentNumber(s.recommended)
        settled = s.settled
        inSystem = InSystem(cutBins: s.insideCut, cutTime: DocumentNumber(s.insideCutTime), window: s.window,
                            mean: s.inside.map { DocumentNumber($0) }, welch: Warmup.welch(s.inside, window: s.window).map { DocumentNumber($0) })
        waits = Waits(cutPatients: s.waitsCut, cutTime: DocumentNumber(s.waitsCutTime), mean: s.waits.map { DocumentNumber($0) })
    }

    public var json: String { DocumentEncoder.json(self, layout: Self.layout) }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> WarmupDocument {
        let doc = try DocumentReader.decode(WarmupDocument.self, from: data, file: file, what: "a warm-up study")
        try DocumentReader.require(doc.replications >= 1, in: data, file: file, at: "replications", "replications must be at least 1")
        return doc
    }

    /// One row per bin: its start, the mean number inside and Welch's average.
    public static func csv(_ s: WarmupStudy) -> String {
        let welch = Warmup.welch(s.inside, window: s.window)
        var out = "bin_start,in_system_mean,welch\n"
        for (i, x) in s.inside.enumerated() {
            out += "\(JSON.number(s.origin + Double(i) * s.binLength)),\(CSV.number(x)),\(i < welch.count ? CSV.number(welch[i]) : "")\n"
        }
        return out
    }
}
