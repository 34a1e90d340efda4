import Foundation
import SimKernel

/// A scenario as read from its file: validated, with every time in the scenario's time unit.
/// `CompiledModel` turns it into the flat arrays the simulation runs on.
public struct Scenario: Sendable {
    public var name: String
    public var description: String?
    public var timeUnit: TimeUnit
    public var run: RunSettings
    public var arrivals: [ArrivalStream]
    public var classes: [PatientClass]
    public var resources: [Resource]
    /// The shared pathway (empty when every class has its own).
    public var pathway: [Step]
    public var policy: PolicySpec?
    /// Times of day (and week) with metrics of their own (`windows:`).
    public var windows: [TimeWindow] = []
    /// Stocked items that `consume` steps draw on (`supplies:`).
    public var supplies: [SupplyItem] = []
    /// Outpatient clinics with booked appointments (`clinics:`).
    public var clinics: [Clinic] = []
    /// Where the file came from, for messages.
    public var file: String
    /// FNV-1a of the text the scenario was read from (after any `--set` patches).
    public var sourceHash: UInt64 = 0
    /// Keys read but overridden by others, by key path with list items by index
    /// (`resources.1.capacity`, as `ScenarioPatch.canonical` writes it), each with why: changing
    /// one (`--set`, a sweep, a sensitivity study) would change nothing.
    public var unusedKeys: [String: String] = [:]

    /// Why the key at `path` (as `unusedKeys` writes paths), or a key inside it, is not used;
    /// nil when it is.
    public func unusedReason(_ path: String) -> String? {
        var key = Substring(path)
        while true {
            if let why = unusedKeys[String(key)] { return why }
            guard let dot = key.lastIndex(of: ".") else { return nil }
            key = key[..<dot]
        }
    }

    /// What this scenario simulates, as 16 hex digits: its source text, its run settings after
    /// command-line flags, and the model version. Checkpoints, partial results and baselines
    /// carry it, so that results of a different scenario are never joined with these.
    public var identity: String {
        var settings = "\(sourceHash)|\(run.horizon)|\(run.warmup)|\(run.replications)|\(run.seed)|\(ModelVersion.current)"
        if run.antithetic { settings += "|antithetic" }
        let hex = String(StreamSeed.fnv1a64(settings), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The version of the model's behaviour: raised whenever the same scenario and seed would give
/// different numbers (random-number use, metric definitions), so that stored results of an
/// older model are not mixed with new ones.
public enum ModelVersion {
    public static let current = 4
}

/// A replication stops, and its run fails with a message, when it simulates more than `events`
/// events or holds more than `patients` patients at once (a queue growing without bound).
public struct RunLimits: Sendable, Equatable {
    public static let defaultEvents = 1_000_000_000
    public static let defaultPatients = 2_000_000
    public var events = RunLimits.defaultEvents
    public var patients = RunLimits.defaultPatients
    public init() {}
}

/// What a resource costs the hospital (`staffedPerHour`, `busyPerHour`: wages) and what it
/// charges patients (`perUse` at each seize, `perDay` for each midnight a unit is held): the
/// charges are income, apart from the cost.
public struct Cost: Sendable, Equatable {
    public var staffedPerHour: Double = 0
    public var busyPerHour: Double = 0
    public var perUse: Double = 0
    public var perDay: Double = 0
}

