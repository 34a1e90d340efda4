import Foundation
import HospitalModel

/// The key numbers of a scenario that the what-if page lets a planner change: each arrival
/// stream's constant rate, each resource's capacity or its shifts' capacities, and the policy.
/// A field's name is the key path `--set` takes (`resources.doctor.capacity`), and only the
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
            }
        }
        for resource in scenario.resources {
            let path = "resources.\(resource.name).capacity"
            if let value = ScenarioPatch.value(at: path, in: source.text) {
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

    static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60 % 24, minutes % 60) }

    /// The changes a submitted form asks for: the fields whose value differs from the file's.
    /// A value must be a short line of text (the scenario reader then checks it like any file).
    public func changes(_ form: FormData) throws(FormData.Failure) -> [ScenarioPatch.Assignment] {
        var out: [ScenarioPatch.Assignment] = []
        for field in fields {
            guard let value = form[field.path]?.trimmingCharacters(in: .whitespaces) else { continue }
            guard !value.isEmpty, value.count <= 64, !value.contains(where: { $0.isNewline }) else {
                throw FormData.Failure(description: "\(field.label): give a value of at most 64 characters on one line")
            }
            if value != field.value { out.append(ScenarioPatch.Assignment(path: field.path, value: value)) }
        }
        return out
    }
}
