import HospitalScenario
import HospitalAnalysis
import Foundation
import SimKernel

/// The JSON document of `simrun sensitivity`: the inputs moved, and for each metric its value
/// as written and every input's effects, ranked by swing.
public struct SensitivityDocument: Codable, Sendable {
    public struct Input: Codable, Sendable {
        public var path: String
        public var value: String
        public var low: String
        public var high: String
    }
    public typealias Interval = DocumentInterval
    public struct Effect: Codable, Sendable {
        public var input: String
        public var low: Interval
        public var high: Interval
        public var swing: Interval
    }
    public struct Metric: Codable, Sendable {
        public var asWritten: Interval
        /// Largest swing first.
        public var effects: [Effect]

        enum CodingKeys: String, CodingKey { case asWritten = "as_written", effects }
    }

    public var kind = "sensitivity"
    public var scenario: String
    public var replications: Int
    public var seed: UInt64
    public var change: DocumentNumber
    public var inputs: [Input]
    public var metrics: DocumentMap<Metric>

    public init(scenario: String, replications: Int, seed: UInt64, change: Double, inputs: [(path: String, value: String, low: String, high: String)],
                metrics: [(name: String, asWritten: Summary, effects: [(input: String, low: Summary, high: Summary, swing: Summary)])]) {
        self.scenario = scenario
        self.replications = replications
        self.seed = seed
        self.change = DocumentNumber(change)
        self.inputs = inputs.map { Input(path: $0.path, value: $0.value, low: $0.low, high: $0.high) }
        self.metrics = DocumentMap(metrics.map { m in
            (m.name, Metric(asWritten: Interval(m.asWritten), effects: m.effects.map {
                Effect(input: $0.input, low: Interval($0.low), high: Interval($0.high), swing: Interval($0.swing))
            }))
        })
    }

    public var json: String { DocumentEncoder.json(self, layout: .expandedLayout) }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> SensitivityDocument {
        try DocumentReader.decode(SensitivityDocument.self, from: data, file: file, what: "a sensitivity study")
    }
}
