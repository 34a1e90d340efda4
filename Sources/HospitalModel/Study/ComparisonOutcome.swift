import HospitalAnalysis

/// What `Study.compare` returns: the variants' results and paired differences, and what a
/// precision goal reached.
public struct ComparisonOutcome: Sendable {
    public var comparison: Comparison
    public var precision: PrecisionReport?
}
