import Foundation
import HospitalModel
import HospitalReport

/// The teaching page's single station: patients arrive at `rate` per hour (Poisson), `servers`
/// staff treat them for exponential times of mean `service` minutes, first come first served.
/// The simulation runs 30 replications of about 20,000 arrivals each (after a tenth as warm-up:
/// long runs, so that the replications' means are near normal and the 95% intervals honest),
/// on fixed seeds, so that a class moving the same numbers sees the same answer; beside it are
/// the exact M/M/c values. Results are kept for the last 64 inputs.
public final class TeachingStation: Sendable {
    public struct Inputs: Hashable, Sendable {
        public var rate: Double
        public var service: Double
        public var servers: Int

        public static let rateRange = 0.01...600.0
        public static let serviceRange = 0.1...600.0
        public static let serversRange = 1...50
    }

    public struct Outcome: Sendable {
        public var inputs: Inputs
        public var result: RunResult
        /// The offered load per server, rate x service / servers.
        public var utilisation: Double { inputs.rate * inputs.service / 60 / Double(inputs.servers) }
        /// The report page of the run (its charts draw the exact waits beside the simulated).
        public var report: String
    }

    let cache = Cache()
    /// At most this many teaching runs at once: a class pressing the button together waits its turn.
    let slots = DispatchSemaphore(value: max(1, ProcessInfo.processInfo.activeProcessorCount))

    final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var outcomes: [Inputs: Outcome] = [:]
        var order: [Inputs] = []
        func get(_ i: Inputs) -> Outcome? { lock.withLock { outcomes[i] } }
        func put(_ o: Outcome) {
            lock.withLock {
                if outcomes[o.inputs] == nil { order.append(o.inputs) }
                outcomes[o.inputs] = o
                while order.count > 64 { outcomes[order.removeFirst()] = nil }
            }
        }
    }

    public init() {}

    /// The scenario of these inputs, as a file would say it.
    public static func scenario(_ i: Inputs) -> String {
        // About 20,000 arrivals per replication, from 1 to 365 days.
        let hours = min(max(20_000 / i.rate, 24), 365 * 24)
        return """
            name: "Teaching station: M/M/\(i.servers)"
            time_unit: minute
            run: {horizon: "\(Self.number(hours)) hour", warmup: "\(Self.number(hours / 10)) hour", replications: 30, seed: 2026}
            arrivals: [{name: patients, rate: "\(Self.number(i.rate)) per hour"}]
            resources: [{name: station, capacity: \(i.servers)}]
            pathway: [{use: station, duration: {exponential: {mean: "\(Self.number(i.service)) min"}}}]
            """
    }

    static func number(_ x: Double) -> String { String(format: "%.6g", x) }

    /// Runs (or recalls) the station; blocking: call it off the threads that serve requests.
    public func run(_ i: Inputs) throws -> Outcome {
        if let kept = cache.get(i) { return kept }
        slots.wait()
        defer { slots.signal() }
        if let kept = cache.get(i) { return kept }
        let source = ScenarioSource(file: "teaching.yaml", text: Self.scenario(i))
        var plan = ReplicationPlan(threads: 1)
        // An unstable queue still runs: its numbers grow with the horizon, and the page says so.
        plan.acceptEmpty = true
        let study = Study(plan: plan)
        let result = try study.run(try source.load().scenario).result
        let report = (try? Report.fromDocument(Data(ResultsDocument.json(result).utf8), file: "teaching").html()) ?? ""
        let outcome = Outcome(inputs: i, result: result, report: report)
        cache.put(outcome)
        return outcome
    }
}
