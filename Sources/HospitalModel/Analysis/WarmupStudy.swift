import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation

/// A warm-up study of one scenario: its series averaged over replications, MSER-5's cut of
/// each, and the recommendation.
public struct WarmupStudy: Sendable {
    public var scenario: String
    public var replications: Int
    public var seed: UInt64
    public var timeUnit: TimeUnit
    /// The time the series start (a warm-up already applied), and their length.
    public var origin: Double
    public var horizon: Double
    public var binLength: Double
    /// Mean number inside per bin, averaged over replications, and MSER-5's cut (in bins).
    public var inside: [Double]
    public var insideCut: Int
    /// Completed patients' waits in arrival order, averaged over replications; MSER-5's cut (in
    /// patients) and the mean arrival time of the patient at the cut.
    public var waits: [Double]
    public var waitsCut: Int
    public var waitsCutTime: Double
    /// Welch's window (bins) for the number inside.
    public var window: Int
    /// Whether the number inside settled within the run: false when MSER-5's cut is pressed
    /// against the end of its search (`Warmup.atSearchEnd`), and then `recommended` is no warm-up
    /// to use: the run is too short, or the model has no steady state.
    public var settled: Bool

    /// The cut of the number inside, as a time after `origin`.
    public var insideCutTime: Double { Double(insideCut) * binLength }
    /// The recommended warm-up after `origin`: the cut of the number inside. (The waits' series
    /// lines up the k-th patient of each replication, who come at different times, so in a
    /// model with daily cycles it is far noisier; its cut is reported as a check.)
    public var recommended: Double { insideCutTime }

    public init(result: RunResult, origin: Double, binLength: Double, window: Int?) {
        let samples = result.replications.compactMap(\.series)
        scenario = result.scenario
        replications = result.replications.count
        seed = result.seed
        timeUnit = result.timeUnit
        self.origin = origin
        horizon = result.horizon
        self.binLength = binLength
        inside = Warmup.average(samples.map(\.inside))
        insideCut = Warmup.mser5(inside).truncation
        settled = !Warmup.atSearchEnd(truncation: insideCut, count: inside.count)
        waits = Warmup.average(samples.map(\.waits))
        waitsCut = Warmup.mser5(waits).truncation
        let arrivals = Warmup.average(samples.map(\.arrivals))
        waitsCutTime = waitsCut > 0 && waitsCut < arrivals.count ? max(0, arrivals[waitsCut] - origin) : 0
        self.window = window ?? max(1, inside.count / 40)
    }
}
