import Foundation
import HospitalAnalysis
import HospitalScenario
import SimKernel

extension ResultsDocument {
    /// A metric over replications: mean, half width of the 95% interval, sd, min, max, and n,
    /// the replications in which it was defined; undefined numbers are null.
    public struct SummaryEntry: Codable, Sendable {
        public var mean: DocumentNumber
        public var halfWidth: DocumentNumber
        public var sd: DocumentNumber
        public var min: DocumentNumber
        public var max: DocumentNumber
        public var n: Int

        enum CodingKeys: String, CodingKey { case mean, halfWidth = "half_width", sd, min, max, n }

        public init(_ s: Summary) {
            mean = DocumentNumber(s.mean)
            halfWidth = DocumentNumber(s.halfWidth)
            sd = DocumentNumber(s.sd)
            min = DocumentNumber(s.min)
            max = DocumentNumber(s.max)
            n = s.n
        }

        /// Only `mean` and `n` are needed: documents written by hand or by older versions may
        /// lack the rest (sd is null for a single replication and reads as 0).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func optional(_ key: CodingKeys, _ missing: Double) throws -> DocumentNumber {
                guard c.contains(key), !(try c.decodeNil(forKey: key)) else { return DocumentNumber(missing) }
                return try c.decode(DocumentNumber.self, forKey: key)
            }
            mean = try c.decode(DocumentNumber.self, forKey: .mean)
            n = try c.decode(Int.self, forKey: .n)
            halfWidth = try optional(.halfWidth, .nan)
            sd = try optional(.sd, 0)
            min = try optional(.min, .nan)
            max = try optional(.max, .nan)
        }
    }

    /// One hour of a profile.
    public struct HourEntry: Codable, Sendable {
        public var mean: DocumentNumber
        public var halfWidth: DocumentNumber

        enum CodingKeys: String, CodingKey { case mean, halfWidth = "half_width" }

        public init(mean: Double, halfWidth: Double) {
            self.mean = DocumentNumber(mean)
            self.halfWidth = DocumentNumber(halfWidth)
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            mean = try c.decodeIfPresent(DocumentNumber.self, forKey: .mean) ?? DocumentNumber(.nan)
            halfWidth = try c.decodeIfPresent(DocumentNumber.self, forKey: .halfWidth) ?? DocumentNumber(.nan)
        }
    }

    /// The percentiles 0, 1, ..., 100 of pooled waits (or times to treatment), and the class's target.
    public struct Distribution: Codable, Sendable {
        public var n: Int
        public var target: Double?
        public var percentiles: [DocumentNumber]

        public init(n: Int, target: Double?, percentiles: [DocumentNumber]) {
            self.n = n
            self.target = target
            self.percentiles = percentiles
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            n = try c.decode(Int.self, forKey: .n)
            target = try c.decodeIfPresent(DocumentNumber.self, forKey: .target)?.value
            percentiles = try c.decode([DocumentNumber].self, forKey: .percentiles)
            guard percentiles.count == ResultsDocument.percentiles.count else {
                throw DecodingError.dataCorruptedError(forKey: .percentiles, in: c,
                    debugDescription: "a distribution needs \(ResultsDocument.percentiles.count) \"percentiles\" (0, 1, ..., 100), not \(percentiles.count)")
            }
        }
    }

    /// All patients, and each class.
    public struct Distributions: Codable, Sendable {
        public var all: Distribution
        public var classes: DocumentMap<Distribution>
    }

    /// The exact values of a single-station model.
    public struct TheoryEntry: Codable, Sendable {
        public struct WaitDistributionEntry: Codable, Sendable {
            public struct Part: Codable, Sendable {
                public var weight: Double
                public var shape: Int
                public var rate: Double
            }
            public var noWait: Double
            public var parts: [Part]
            enum CodingKeys: String, CodingKey { case noWait = "no_wait", parts }
        }
        public var model: String
        public var parameters: String
        public var values: DocumentMap<DocumentNumber>
        public var waitDistribution: WaitDistributionEntry?

        enum CodingKeys: String, CodingKey { case model, parameters, values, waitDistribution = "wait_distribution" }

        public init(_ t: TheoryResult) {
            model = t.model
            parameters = t.parameters
            values = DocumentMap(t.values.map { ($0.metric, DocumentNumber($0.value)) })
            waitDistribution = t.waitDistribution.map { w in
                WaitDistributionEntry(noWait: w.noWait, parts: w.parts.map { .init(weight: $0.weight, shape: $0.shape, rate: $0.rate) })
            }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            model = try c.decode(String.self, forKey: .model)
            parameters = try c.decodeIfPresent(String.self, forKey: .parameters) ?? ""
            values = try c.decode(DocumentMap<DocumentNumber>.self, forKey: .values)
            waitDistribution = try? c.decodeIfPresent(WaitDistributionEntry.self, forKey: .waitDistribution)
        }

        public var result: TheoryResult {
            var t = TheoryResult(model: model, parameters: parameters, values: values.entries.map { ($0.key, $0.value.value) })
            if let w = waitDistribution {
                t.waitDistribution = WaitDistribution(noWait: w.noWait, parts: w.parts.filter { $0.shape >= 1 }.map { ($0.weight, $0.shape, $0.rate) })
            }
            return t
        }
    }

    /// What a precision goal reached: the goals, whether they were reached, and the metric that decided.
    public struct PrecisionEntry: Codable, Sendable {
        public var goals: DocumentMap<Double>
        public var reached: Bool
        public var replications: Int
        public var decidedBy: String
        public var relativeHalfWidth: DocumentNumber

        enum CodingKeys: String, CodingKey {
            case goals, reached, replications, decidedBy = "decided_by", relativeHalfWidth = "relative_half_width"
        }

        public init(_ verdict: PrecisionVerdict, goals: [(metric: String, goal: Double)]) {
            self.goals = DocumentMap(goals.map { ($0.metric, $0.goal) })
            reached = verdict.reached
            replications = verdict.replications
            decidedBy = verdict.decidedBy
            relativeHalfWidth = DocumentNumber(verdict.relativeHalfWidth)
        }
    }
}
