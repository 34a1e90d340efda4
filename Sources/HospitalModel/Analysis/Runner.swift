import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Dispatch
import Foundation
import SimKernel
import Synchronization

/// Runs a model's replications, in parallel, and summarises them.
///
/// Replication k always uses the streams derived from (seed, k), whichever thread runs it,
/// and results are kept by replication index, so any thread count gives identical numbers.
///
/// ```swift
/// let result = Runner.run(model, threads: 8)
/// result.metric("wait.mean")?.mean
/// ```
public enum Runner {
    /// Runs replications `replications` (all of them when nil) on `threads` threads.
    /// `progress` is called after each replication with the number done (from any thread).
    public static func run(_ model: CompiledModel, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           replications: Range<Int>? = nil,
                           progress: (@Sendable (Int) -> Void)? = nil) -> RunResult {
        let indices = Array(replications ?? 0..<model.run.replications)
        return run(model, threads: threads, indices: indices, stop: nil, progress: progress)
    }

    /// Runs the replications with the given indices, in any order on `threads` threads, and
    /// returns those completed, by index. Once `stop` is set no new replication starts, and
    /// those in flight are abandoned within a few milliseconds (their results dropped). With
    /// `eventLog`, replication k writes its event log, as it runs, to the sink made for k; with
    /// `watch`, each replication fills a copy of it.
    public static func run(_ model: CompiledModel, threads: Int, indices: [Int], stop: StopFlag?,
                           recordPatients: Bool = false, eventLog: EventLogSinks? = nil, seriesBin: Double? = nil,
                           forecast: ForecastPlan? = nil, watch: HourlyWatch? = nil,
                           progress: (@Sendable (Int) -> Void)? = nil) -> RunResult {
        let count = indices.count
        let results = Mutex<[ReplicationResult?]>(Array(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let workers = max(1, min(threads, count))
        let start = DispatchTime.now().uptimeNanoseconds
        let failed = StopFlag()  // a replication hit a limit: the run has failed, start no more
        let catalog = MetricCatalog(model)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while stop?.isSet != true, !failed.isSet {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                var sim = Simulation(model: model, replication: indices[i])
                if recordPatients { sim.recording.patientLog = PatientLog() }
                sim.forecast.plan = forecast
                sim.recording.hourly = watch
                sim.cancellation = stop
                if let seriesBin { sim.recording.warmupSeries = WarmupSeries(origin: model.run.warmup, binLength: seriesBin) }
                var logFailure: String?
                if let eventLog {
                    do { sim.recording.eventLog = EventLogRecorder(sink: try eventLog.make(indices[i]), resourceCount: model.resources.count) }
                    catch { logFailure = "\(error)" }
                }
                var r = logFailure == nil ? sim.run() : ReplicationResult(
                    replication: indices[i], metrics: Array(repeating: .nan, count: catalog.names.count),
                    profiles: Array(repeating: Array(repeating: .nan, count: 24), count: catalog.profileNames.count), events: 0)
                if logFailure == nil, let log = sim.recording.eventLog { logFailure = log.sink.finish() }
                sim.recording.eventLog = nil
                if let logFailure { r.stopped = logFailure }
                r.forecast = sim.forecast.series
                if forecast != nil {
                    // A forecast reads only its series: the wait sketches of thousands of
                    // replications would be most of its memory.
                    r.waits = []
                    r.treatments = []
                }
                if sim.recording.warmupSeries != nil { r.series = sim.recording.warmupSeries!.finish(at: model.run.warmup + model.run.horizon) }
                // Abandoned part-way by a stop: nothing of it is kept (a resumed run draws it again).
                if sim.cancelled { return }
                if r.stopped != nil { failed.set() }
                results.withLock { $0[i] = r }
                let finished = done.wrappingAdd(1, ordering: .relaxed).newValue
                progress?(finished)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let all = results.withLock { $0.compactMap { $0 } }.sorted { $0.replication < $1.replication }
        return RunResult(model: model, replications: all, seconds: seconds)
    }
}
