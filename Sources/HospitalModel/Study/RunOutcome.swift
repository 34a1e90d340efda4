import HospitalAnalysis

/// What `Study.run` returns: the run's results, and what a precision goal reached.
public struct RunOutcome: Sendable {
    public var result: RunResult
    public var precision: PrecisionReport?
}
