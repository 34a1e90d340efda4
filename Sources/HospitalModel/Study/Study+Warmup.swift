import HospitalAnalysis
import HospitalScenario
import HospitalSimulation

extension Study {
    /// Runs `scenario` from empty (or from the warm-up `after`) over its warm-up plus horizon,
    /// and finds where the number inside settles (MSER-5), with the waits' cut as a check.
    /// `bin` is the length of a bin of the number-inside series (default an hour), `window`
    /// Welch's moving-average window in bins (default a fortieth of the series).
    public func warmup(_ scenario: Scenario, after: String? = nil, bin: String? = nil, window: Int? = nil) throws(StudyError) -> WarmupStudy {
        var scenario = scenario
        let span = scenario.run.warmup + scenario.run.horizon
        scenario.run.warmup = try after.map { t throws(StudyError) in
            try ScenarioOverrides.time("after", t, unit: scenario.timeUnit, positive: false)
        } ?? 0
        scenario.run.horizon = span
        // The warm-up cut must keep the run within the run limits, as the file's own must.
        if let problem = Limits.problems(scenario).first { throw .invalidOverride(setting: "after", message: "after: " + problem.message) }
        let binLength = try bin.map { t throws(StudyError) in
            try ScenarioOverrides.time("bin", t, unit: scenario.timeUnit, positive: true)
        } ?? scenario.timeUnit.hour
        guard span / binLength >= 10 else { throw .unsupported("the run is only \(Int(span / binLength)) bins long; use a shorter bin") }
        guard span / binLength <= 10_000_000 else { throw .unsupported("the bin is too short for the run: more than 10^7 bins") }
        if let window, window < 1 { throw .unsupported("the moving-average window must be at least 1 bin") }
        let model = CompiledModel(scenario)
        let total = scenario.run.replications
        let progress = control.progress
        progress?(0, total)
        let result = Runner.run(model, threads: plan.threads, indices: Array(0..<total), stop: control.cancellation,
                                seriesBin: binLength) { progress?($0, total) }
        if result.stopped == nil, result.replications.count < total { throw .interrupted(done: result.replications.count, total: total) }
        try accept(result, part: nil)
        return WarmupStudy(result: result, origin: scenario.run.warmup, binLength: binLength, window: window)
    }
}
