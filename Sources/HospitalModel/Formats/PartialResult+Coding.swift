import Foundation
import HospitalScenario
import HospitalSimulation
import HospitalAnalysis
import SimKernel

/// A partial result's wire form. Every per-replication value is a string holding the shortest
/// decimal that reads back to the same double ("nan" for NaN), so merged shards rebuild the
/// unsharded document bit for bit.
extension PartialResult: Codable {
    /// A double written exactly, as a string.
    struct Exact: Codable {
        var value: Double

        init(_ value: Double) { self.value = value }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(value.isNaN ? "nan" : String(value))
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            guard let x = Double(try c.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a number written as a string")
            }
            value = x
        }
    }

    /// `[metric, value]` and `[class, target or null]`, written as arrays.
    struct Pair<A: Codable, B: Codable>: Codable {
        var first: A
        var second: B

        init(_ first: A, _ second: B) { (self.first, self.second) = (first, second) }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(first)
            try c.encode(second)
        }

        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            first = try c.decode(A.self)
            second = try c.decode(B.self)
            guard c.isAtEnd else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected two items") }
        }
    }

    /// `[weight, shape, rate]` and a sketch's `[zeros, offset, [counts]]`, written as arrays.
    struct Triple<A: Codable, B: Codable, C: Codable>: Codable {
        var first: A
        var second: B
        var third: C

        init(_ first: A, _ second: B, _ third: C) { (self.first, self.second, self.third) = (first, second, third) }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(first)
            try c.encode(second)
            try c.encode(third)
        }

        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            first = try c.decode(A.self)
            second = try c.decode(B.self)
            third = try c.decode(C.self)
            guard c.isAtEnd else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected three items") }
        }
    }

    struct Theory: Codable {
        struct Waits: Codable {
            var noWait: Exact
            var parts: [Triple<Exact, Int, Exact>]
            enum CodingKeys: String, CodingKey { case noWait = "no_wait", parts }
        }
        var model: String
        var parameters: String
        var values: [Pair<String, Exact>]
        var waitDistribution: Waits?
        enum CodingKeys: String, CodingKey { case model, parameters, values, waitDistribution = "wait_distribution" }
    }

    struct Replication: Codable {
        var index: Int
        var events: Int
        var metrics: [Exact]
        var profiles: [[Exact]]
        var waits: [Triple<Int, Int, [Int]>]?
        var treatments: [Triple<Int, Int, [Int]>]?
    }

    struct WirePart: Codable {
        var label: String
        var policy: String
        var scenarioHash: String?
        var point: [[String]]?
        var metrics: [String]
        var profiles: [String]
        var classes: [Pair<String, Exact?>]?
        var replications: [Replication]
        enum CodingKeys: String, CodingKey { case label, policy, scenarioHash = "scenario_hash", point, metrics, profiles, classes, replications }
    }

    enum CodingKeys: String, CodingKey {
        case hospsimPartial = "hospsim_partial", modelVersion = "model_version", kind, format, shard, shards, scenario, seed
        case replications, antithetic, horizon, warmup, timeUnit = "time_unit", theory, shown, parts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(1, forKey: .hospsimPartial)
        try c.encode(modelVersion, forKey: .modelVersion)
        try c.encode(kind.rawValue, forKey: .kind)
        try c.encode(format, forKey: .format)
        try c.encode(shard, forKey: .shard)
        try c.encode(shards, forKey: .shards)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(seed, forKey: .seed)
        try c.encode(totalReplications, forKey: .replications)
        if antithetic { try c.encode(true, forKey: .antithetic) }
        try c.encode(Exact(horizon), forKey: .horizon)
        try c.encode(Exact(warmup), forKey: .warmup)
        try c.encode(timeUnit.rawValue, forKey: .timeUnit)
        if let theory {
            try c.encode(Theory(model: theory.model, parameters: theory.parameters, values: theory.values.map { Pair($0.metric, Exact($0.value)) },
                                waitDistribution: theory.waitDistribution.map { w in
                                    Theory.Waits(noWait: Exact(w.noWait), parts: w.parts.map { Triple(Exact($0.weight), $0.shape, Exact($0.rate)) })
                                }), forKey: .theory)
        }
        if !shownMetrics.isEmpty { try c.encode(shownMetrics, forKey: .shown) }
        func sketches(_ list: [QuantileSketch]) -> [Triple<Int, Int, [Int]>]? {
            list.isEmpty ? nil : list.map { let b = $0.buckets; return Triple(b.zeroCount, b.offset, b.counts) }
        }
        try c.encode(parts.map { p in
            WirePart(label: p.label, policy: p.policy, scenarioHash: p.identity, point: p.point.isEmpty ? nil : p.point.map { [$0.path, $0.value] },
                     metrics: p.catalog.names, profiles: p.catalog.profileNames,
                     classes: p.catalog.classes.map { Pair($0.name, $0.target.map(Exact.init)) },
                     replications: p.replications.map { r in
                         Replication(index: r.replication, events: r.events, metrics: r.metrics.map(Exact.init),
                                     profiles: r.profiles.map { $0.map(Exact.init) }, waits: sketches(r.waits), treatments: sketches(r.treatments))
                     })
        }, forKey: .parts)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let kind = Kind(rawValue: try c.decode(String.self, forKey: .kind)) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "the kind is one of run, compare, sweep")
        }
        guard let unit = TimeUnit(rawValue: try c.decode(String.self, forKey: .timeUnit)) else {
            throw DecodingError.dataCorruptedError(forKey: .timeUnit, in: c, debugDescription: "not a time unit")
        }
        var theory: TheoryResult?
        if let t = try c.decodeIfPresent(Theory.self, forKey: .theory) {
            theory = TheoryResult(model: t.model, parameters: t.parameters, values: t.values.map { ($0.first, $0.second.value) })
            if let w = t.waitDistribution {
                theory?.waitDistribution = WaitDistribution(noWait: w.noWait.value, parts: try w.parts.map { p in
                    let (weight, shape, rate) = (p.first, p.second, p.third)
                    guard shape >= 1 else {
                        throw DecodingError.dataCorruptedError(forKey: .theory, in: c, debugDescription: "a wait distribution's shape is at least 1")
                    }
                    return (weight.value, shape, rate.value)
                })
            }
        }
        let wire = try c.decode([WirePart].self, forKey: .parts)
        let parts = try wire.enumerated().map { i, p in
            let replications = try p.replications.map { r in
                guard r.metrics.count == p.metrics.count, r.profiles.count == p.profiles.count, r.profiles.allSatisfy({ $0.count == 24 }) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.parts, DocumentMap<Int>.Key(stringValue: "[\(i)]")],
                                                            debugDescription: "a replication's values do not match its metric names"))
                }
                var replication = ReplicationResult(replication: r.index, metrics: r.metrics.map(\.value), profiles: r.profiles.map { $0.map(\.value) },
                                                    events: r.events)
                func sketches(_ list: [Triple<Int, Int, [Int]>]?) -> [QuantileSketch] {
                    (list ?? []).map { QuantileSketch(zeroCount: $0.first, offset: $0.second, counts: $0.third) }
                }
                replication.waits = sketches(r.waits)
                replication.treatments = sketches(r.treatments)
                return replication
            }
            // Parts are joined only when they ran the same scenario: without its hash a part
            // could not be told apart from one of an edited file.
            guard let hash = p.scenarioHash, !hash.isEmpty else {
                throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.parts, DocumentMap<Int>.Key(stringValue: "[\(i)]")],
                                                        debugDescription: "the part has no scenario_hash: it cannot be checked to have run the same scenario"))
            }
            let classes = (p.classes ?? []).map { (name: $0.first, target: $0.second?.value) }
            return Part(label: p.label, point: (p.point ?? []).compactMap { $0.count == 2 ? ScenarioPatch.Assignment(path: $0[0], value: $0[1]) : nil },
                        policy: p.policy, identity: hash,
                        catalog: MetricCatalog(names: p.metrics, profileNames: p.profiles, classes: classes), replications: replications)
        }
        self.init(kind: kind, format: try c.decode(String.self, forKey: .format), shard: try c.decode(Int.self, forKey: .shard),
                  shards: try c.decode(Int.self, forKey: .shards), scenario: try c.decode(String.self, forKey: .scenario),
                  seed: try c.decode(UInt64.self, forKey: .seed), totalReplications: try c.decode(Int.self, forKey: .replications),
                  horizon: try c.decode(Exact.self, forKey: .horizon).value, warmup: try c.decode(Exact.self, forKey: .warmup).value,
                  timeUnit: unit, theory: theory, parts: parts)
        antithetic = try c.decodeIfPresent(Bool.self, forKey: .antithetic) ?? false
        shownMetrics = try c.decodeIfPresent([String].self, forKey: .shown) ?? []
        modelVersion = try c.decodeIfPresent(Int.self, forKey: .modelVersion) ?? 0
    }
}
