import Foundation
import HospitalModel

/// The key numbers of a scenario that the what-if page lets a planner change: each arrival
/// stream's constant rate, or for any stream a demand multiplier (profiles by hour scale as a
/// whole), each resource's capacity or its shifts' capacities, and the policy. A field's name is
/// the key path `--set` takes (`resources.doctor.capacity`) or `demand.STREAM`, and only the
/// fields offered are accepted back: a form cannot change any other key.
public struct WhatIfForm: Sendable {
    public struct Field: Sendable {
        public var path: String
        public var label: String
        public var value: String
    }

    public var fields: [Field]
    /// The policy as the file has it (nil: the default).
    public var policy: String?

    /// The fields of `source`, found by asking the text for each key path a scenario may hold.
    public init(_ source: ScenarioSource, scenario: Scenario) {
        var fields: [Field] = []
        for stream in scenario.arrivals {
            let path = "arrivals.\(stream.name).rate"
            if let value = ScenarioPatch.value(at: path, in: source.text) {
                fields.append(Field(path: path, label: "arrivals \(stream.name): rate", value: value))
            } else {
                fields.append(Field(path: Self.demandPrefix + stream.name, label: "arrivals \(stream.name): demand, times the file's", value: "1"))
            }
        }
        for resource in scenario.resources {
            let path = "resources.\(resource.name).capacity"
            // A capacity the roster overrides is not offered: changing it would change nothing.
            if let value = ScenarioPatch.value(at: path, in: source.text),
               scenario.unusedReason(ScenarioPatch.canonical(path, in: source.text)) == nil {
                fields.append(Field(path: path, label: "\(resource.name): capacity", value: value))
            }
            for (i, shift) in (resource.shifts ?? []).enumerated() {
                let path = "resources.\(resource.name).shifts.\(i).capacity"
                if let value = ScenarioPatch.value(at: path, in: source.text) {
                    fields.append(Field(path: path, label: "\(resource.name): shift \(i + 1) (\(Self.clock(shift.from))-\(Self.clock(shift.to))) staff", value: value))
                }
            }
        }
        self.fields = fields
        policy = scenario.policy?.name
    }

    static let demandPrefix = "demand."

    /// The demand multipliers a form asks for, by stream index (those other than 1).
    public func demand(_ form: FormData, scenario: Scenario) throws(FormData.Failure) -> [(stream: Int, multiplier: Double)] {
        var out: [(Int, Double)] = []
        for field in fields where field.path.hasPrefix(Self.demandPrefix) {
            guard let text = form[field.path]?.trimmingBlanks() else { continue }
            guard let m = Double(text), m.isFinite, (0.01...100).contains(m) else {
                throw FormData.Failure(description: "\(field.label): give a number from 0.01 to 100 (1 keeps the file's demand)")
            }
            let name = String(field.path.dropFirst(Self.demandPrefix.count))
            if m != 1, let i = scenario.arrivals.firstIndex(where: { $0.name == name }) { out.append((i, m)) }
        }
        return out
    }

    static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60 % 24, minutes % 60) }

    /// The changes a submitted form asks for: the fields whose value differs from the file's.
    /// A value must be a short line of text (the scenario reader then checks it like any file).
    public func changes(_ form: FormData) throws(FormData.Failure) -> [ScenarioPatch.Assignment] {
        var out: [ScenarioPatch.Assignment] = []
        for field in fields where !field.path.hasPrefix(Self.demandPrefix) {
            guard let value = form[field.path]?.trimmingBlanks() else { continue }
            guard !value.isEmpty, value.count <= 64, !value.contains(where: { $0.isNewline }) else {
                throw FormData.Failure(description: "\(field.label): give a value of at most 64 characters on one line")
            }
            if value != field.value { out.append(ScenarioPatch.Assignment(path: field.path, value: value)) }
        }
        return out
    }
}
