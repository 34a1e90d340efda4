import HospitalFormats
import HospitalPolicies
import HospitalScenario

/// A scenario file's text, kept so that studies can make variants of it: a key changed
/// (`--set`), every point of a grid. Each variant is read again from the changed text, so it is
/// checked exactly as a file would be, and its problems name the change
/// (`ed.yaml [resources.doctor.capacity=0]:...`).
public struct ScenarioSource: Sendable {
    public var file: String
    public var text: String

    public init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    /// The file at `path`, read as `ScenarioLoader.readText` reads it.
    public static func read(_ path: String) throws(ScenarioErrors) -> ScenarioSource {
        ScenarioSource(file: path, text: try ScenarioLoader.readText(path))
    }

    /// The scenario as written, with its warnings.
    public func load() throws(StudyError) -> (scenario: Scenario, warnings: [ScenarioError]) {
        do { return try ScenarioLoader.load(yaml: text, file: file) } catch { throw .scenario(error) }
    }

    /// The scenario with `settings` made and `overrides` applied. The text as written must be
    /// valid too (so that its own problems are reported at their own lines); its warnings come
    /// first, then those of the changed text.
    public func load(settings: [ScenarioPatch.Assignment], overrides: ScenarioOverrides = ScenarioOverrides())
        throws(StudyError) -> (scenario: Scenario, warnings: [ScenarioError]) {
        try overrides.check(settings.map(\.path))
        var (scenario, warnings) = try load()
        if !settings.isEmpty {
            let changed = try variant(settings)
            scenario = changed.scenario
            warnings += changed.warnings
        }
        try overrides.apply(to: &scenario)
        return (scenario, warnings)
    }

    /// The scenario at a grid point (or with some keys changed), named after the change; no
    /// check of the text as written (done once, by the caller).
    public func variant(_ settings: [ScenarioPatch.Assignment]) throws(StudyError) -> (scenario: Scenario, warnings: [ScenarioError]) {
        let patched: String
        switch ScenarioPatch.apply(settings, to: text) {
        case .success(let t): patched = t
        case .failure(let e):
            throw .scenario(ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: "", message: e.message)]))
        }
        let loaded: (scenario: Scenario, warnings: [ScenarioError])
        do { loaded = try ScenarioLoader.load(yaml: patched, file: "\(file) [\(Self.label(of: settings))]") } catch { throw .scenario(error) }
        // A change the model never reads would make every variant the same: refused, not run.
        // (Most scenarios have no unused key: then no path is resolved, which parses the text.)
        for a in settings where !loaded.scenario.unusedKeys.isEmpty {
            if let why = loaded.scenario.unusedReason(ScenarioPatch.canonical(a.path, in: patched)) {
                throw .scenario(ScenarioErrors(all: [ScenarioError(file: file, line: 1, column: 1, keyPath: a.path, message: "changing \(a.path) changes nothing: \(why)")]))
            }
        }
        return loaded
    }

    /// `inputs` without the keys `scenario` does not use (`Scenario.unusedKeys`): what a study
    /// may move by default.
    func used(_ inputs: [String], by scenario: Scenario) -> [String] {
        scenario.unusedKeys.isEmpty ? inputs : inputs.filter { scenario.unusedReason(ScenarioPatch.canonical($0, in: text)) == nil }
    }

    /// A grid point as people read it: `resources.doctor.capacity=4 run.seed=2`.
    public static func label(of settings: [ScenarioPatch.Assignment]) -> String {
        settings.map { "\($0.path)=\($0.value)" }.joined(separator: " ")
    }

    /// How many points the grid of `axes` has, counted without building it (a Double: five
    /// axes of 9,999 values hold more points than an Int counts).
    public static func gridSize(_ axes: [(path: String, values: [String])]) -> Double {
        axes.reduce(1.0) { $0 * Double($1.values.count) }
    }

    /// Refuses axes that name one key twice (`resources.doctor.capacity` and
    /// `resources.0.capacity` are one key): the later value would silently win at every point.
    public func checkDistinct(_ axes: [(path: String, values: [String])]) throws(StudyError) {
        var seen: [String: String] = [:]
        for axis in axes {
            let key = ScenarioPatch.canonical(axis.path, in: text)
            if let earlier = seen[key] {
                throw .unsupported(earlier == axis.path ? "\(axis.path) is varied twice; give its values once, as a list (3,4,5) or a range (3..5)"
                                   : "\(earlier) and \(axis.path) are one key; vary it once")
            }
            seen[key] = axis.path
        }
    }

    /// Every combination of the axes' values, the last axis varying fastest.
    public static func grid(_ axes: [(path: String, values: [String])]) -> [[ScenarioPatch.Assignment]] {
        var points: [[ScenarioPatch.Assignment]] = [[]]
        for axis in axes {
            points = points.flatMap { p in axis.values.map { p + [ScenarioPatch.Assignment(path: axis.path, value: $0)] } }
        }
        return points
    }
}
