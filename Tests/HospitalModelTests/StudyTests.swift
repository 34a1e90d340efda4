import SimKernel
import Synchronization
import HospitalTestSupport
import XCTest
import HospitalModel

/// The library's study API: what a front end gets when it runs, interrupts, resumes, shards and
/// compares through `Study` alone.
final class StudyTests: XCTestCase {
    static let queue = """
        name: study queue
        time_unit: minute
        run: {horizon: "2 day", warmup: "2 hour", replications: 12, seed: 5}
        arrivals: [{name: patients, rate: 0.8}]
        resources: [{name: server, capacity: 1}]
        pathway: [{use: server, duration: {exponential: {mean: 1}}}]
        """

    func source() -> ScenarioSource { ScenarioSource(file: "queue.yaml", text: Self.queue) }

    func means(_ r: RunResult) -> [Double] { r.metrics.map(\.summary.mean) }

    /// Cancelled part way, the study keeps every finished replication in the store; run again
    /// with that store it runs only the rest, and the result is bit for bit the uninterrupted one.
    func testInterruptedRunResumesToTheUninterruptedResult() throws {
        let scenario = try source().load().scenario
        let whole = try Study(plan: ReplicationPlan(threads: 2)).run(scenario).result
        let store = MemoryCheckpointStore()
        let stop = StopFlag()
        let cancelling = Study(plan: ReplicationPlan(threads: 2),
                               control: StudyControl(progress: { done, _ in if done >= 3 { stop.set() } }, cancellation: stop, checkpoints: store))
        XCTAssertThrowsError(try cancelling.run(scenario)) { error in
            guard case StudyError.interrupted(let done, let total) = error else { return XCTFail("\(error)") }
            XCTAssertGreaterThanOrEqual(done, 3)
            XCTAssertLessThan(done, 12)
            XCTAssertEqual(total, 12)
        }
        let kept = try XCTUnwrap(store.partial).parts[0].replications.count
        XCTAssertGreaterThanOrEqual(kept, 3)
        let calls = Mutex<[Int]>([])
        let resumed = try Study(plan: ReplicationPlan(threads: 2),
                                control: StudyControl(progress: { done, _ in calls.withLock { $0.append(done) } }, checkpoints: store))
            .run(scenario).result
        XCTAssertEqual(resumed.replications.map(\.replication), Array(0..<12))
        XCTAssertEqual(means(resumed), means(whole))
        // Progress starts from what the checkpoint held and ends at the total.
        XCTAssertEqual(calls.withLock { $0.min() }, kept)
        XCTAssertEqual(calls.withLock { $0.max() }, 12)
    }

    /// A checkpoint of another run (another seed) is refused, not mixed in.
    func testACheckpointOfAnotherRunIsRefused() throws {
        var scenario = try source().load().scenario
        let store = MemoryCheckpointStore()
        let stop = StopFlag()
        stop.set()
        XCTAssertThrowsError(try Study(control: StudyControl(cancellation: stop, checkpoints: store)).run(scenario))
        XCTAssertNotNil(store.partial)
        scenario.run.seed = 6
        XCTAssertThrowsError(try Study(control: StudyControl(checkpoints: store)).run(scenario)) { error in
            guard case StudyError.checkpointMismatch(_, let difference) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(difference.contains("seed"), difference)
        }
    }

    /// Shards run disjoint blocks that together are the whole run, replication for replication.
    func testShardsTogetherAreTheWholeRun() throws {
        let scenario = try source().load().scenario
        let whole = try Study(plan: ReplicationPlan(threads: 2)).run(scenario).result
        var pieces: [ReplicationResult] = []
        for k in 0..<3 {
            pieces += try Study(plan: ReplicationPlan(threads: 1, shard: ReplicationPlan.Shard(index: k, count: 3))).run(scenario).result.replications
        }
        XCTAssertEqual(pieces.map(\.replication), Array(0..<12))
        XCTAssertEqual(pieces.map(\.metrics), whole.replications.map(\.metrics))
    }

    /// A precision goal interrupted between batches resumes to the same decision and numbers.
    func testPrecisionInterruptedAndResumedReachesTheSameDecision() throws {
        let scenario = try source().load().scenario
        let goal = try PrecisionGoal.parse(["wait.mean=0.1"], maxReplications: 200).get()
        let whole = try Study(plan: ReplicationPlan(threads: 2, precision: goal)).run(scenario)
        let store = MemoryCheckpointStore()
        let stop = StopFlag()
        stop.set()  // stops before the first batch: nothing done, everything kept for later
        XCTAssertThrowsError(try Study(plan: ReplicationPlan(threads: 2, precision: goal),
                                       control: StudyControl(cancellation: stop, checkpoints: store)).run(scenario))
        let resumed = try Study(plan: ReplicationPlan(threads: 2, precision: goal), control: StudyControl(checkpoints: store)).run(scenario)
        XCTAssertEqual(resumed.precision?.verdict.replications, whole.precision?.verdict.replications)
        XCTAssertEqual(resumed.precision?.verdict.reached, whole.precision?.verdict.reached)
        XCTAssertEqual(means(resumed.result), means(whole.result))
        XCTAssertGreaterThan(whole.result.replications.count, 12, "the goal needs more than the first batch")
    }

    /// Variants see the same patients: a slower server can only make every patient wait longer
    /// (paired, the difference has no noise from arrivals), and a variant of other classes is refused.
    func testComparisonPairsVariantsOnTheSamePatients() throws {
        let base = try source().load().scenario
        let slower = try source().variant([ScenarioPatch.Assignment(path: "resources.server.capacity", value: "2")]).scenario
        let outcome = try Study(plan: ReplicationPlan(threads: 2)).compare([
            StudyVariant(label: "one", scenario: base), StudyVariant(label: "two", scenario: slower)])
        XCTAssertEqual(outcome.comparison.variants.map(\.label), ["one", "two"])
        let arrived = try XCTUnwrap(outcome.comparison.difference(variant: 1, metric: "patients.arrived"))
        XCTAssertEqual(arrived.summary.mean, 0, "both variants see the same arrivals")
        let wait = try XCTUnwrap(outcome.comparison.difference(variant: 1, metric: "wait.mean"))
        XCTAssertLessThan(wait.summary.mean + wait.summary.halfWidth, 0, "two servers wait less, significantly")

        var other = base
        other.classes[0].name = "someone else"
        XCTAssertThrowsError(try Study().compare([StudyVariant(label: "a", scenario: base), StudyVariant(label: "b", scenario: other)])) { error in
            guard case StudyError.unsupported(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("same patients"), message)
        }
    }

    /// A sweep builds each point from the text, names unknown metrics with a suggestion, and
    /// keeps the points in grid order.
    func testSweepPointsAndUnknownMetrics() throws {
        let axes = [(path: "resources.server.capacity", values: ["1", "2", "3"])]
        let outcome = try Study(plan: ReplicationPlan(threads: 2)).sweep(source(), axes: axes, shown: ["wait.mean"],
                                                                         overrides: ScenarioOverrides(replications: 4))
        XCTAssertEqual(outcome.points.map(ScenarioSource.label(of:)),
                       ["resources.server.capacity=1", "resources.server.capacity=2", "resources.server.capacity=3"])
        XCTAssertEqual(outcome.results.map(\.replications.count), [4, 4, 4])
        let waits = outcome.results.map { $0.metric("wait.mean")!.mean }
        XCTAssertGreaterThan(waits[0], waits[1])
        XCTAssertGreaterThanOrEqual(waits[1], waits[2])
        XCTAssertThrowsError(try Study().sweep(source(), axes: axes, shown: ["wait.maen"])) { error in
            guard case StudyError.unknownMetric(let name, let hint) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "wait.maen")
            XCTAssertEqual(hint, "wait.mean")
        }
    }

    /// A key the model never reads (the capacity of a resource whose shifts set its units) is a
    /// warning as written; changing it is refused in every study rather than run as variants
    /// that are all the same, and a sensitivity study leaves it out of the inputs it moves.
    func testChangingAKeyTheModelDoesNotReadIsRefused() throws {
        let rostered = ScenarioSource(file: "rostered.yaml", text: """
            name: rostered
            time_unit: minute
            run: {horizon: "2 day", replications: 4, seed: 5}
            arrivals: [{name: patients, rate: 0.1}]
            resources:
              - name: doctor
                capacity: 5
                shifts: [{from: "08:00", to: "20:00", capacity: 2}, {from: "20:00", to: "08:00", capacity: 1}]
            pathway: [{use: doctor, duration: {exponential: {mean: 5}}}]
            """)
        let (scenario, warnings) = try rostered.load()
        XCTAssertEqual(scenario.unusedKeys.keys.sorted(), ["resources.0.capacity"])
        XCTAssertEqual(warnings.map(\.keyPath), ["resources[0].capacity"])
        for attempt: () throws -> Any in [
            { try rostered.load(settings: [ScenarioPatch.Assignment(path: "resources.doctor.capacity", value: "9")]) },
            { try Study().sweep(rostered, axes: [(path: "resources.0.capacity", values: ["1", "2"])]) },
        ] {
            XCTAssertThrowsError(try attempt()) { error in
                XCTAssertTrue("\(error)".contains("changes nothing: the shifts of 'doctor' set its units on duty hour by hour"), "\(error)")
            }
        }
        let moved = try Study().sensitivity(rostered, metrics: ["wait.mean"]).inputs.map(\.path)
        XCTAssertFalse(moved.contains("resources.0.capacity"), "\(moved)")
        XCTAssertTrue(moved.contains("resources.0.shifts.0.capacity"), "\(moved)")
        // Class shares when every stream brings its own mix: written for the reader, never used.
        let mixed = ScenarioSource(file: "mixed.yaml", text: """
            name: mixed
            run: {horizon: "1 day", replications: 2}
            arrivals: [{name: a, rate: 0.1, classes: {x: 0.3, y: 0.7}}]
            classes: [{name: x, share: 0.5}, {name: y, share: 0.5}]
            resources: [{name: s, capacity: 1}]
            pathway: [{use: s, duration: 2}]
            """)
        XCTAssertEqual(try mixed.load().scenario.unusedKeys.keys.sorted(), ["classes.0.share", "classes.1.share"])
        XCTAssertThrowsError(try mixed.load(settings: [ScenarioPatch.Assignment(path: "classes.x.share", value: "0.9")])) { error in
            XCTAssertTrue("\(error)".contains("changing classes.x.share changes nothing: every arrival stream gives its own class mix"), "\(error)")
        }
        // A scenario policy no resource follows (each that queues has its own discipline), and a
        // queue limit on a resource nobody queues for.
        let disciplined = ScenarioSource(file: "disciplined.yaml", text: """
            name: disciplined
            run: {horizon: "1 day", replications: 2}
            arrivals: [{name: a, rate: 0.1, classes: {x: 0.5, y: 0.5}}]
            classes: [{name: x, priority: 1}, {name: y, priority: 2}]
            policy: fifo
            resources: [{name: s, capacity: 1, discipline: fifo}, {name: room, capacity: infinite, queue_capacity: 3}]
            pathway: [{use: s, duration: 9}, {use: room, duration: 5}]
            """)
        let (written, notes) = try disciplined.load()
        XCTAssertEqual(written.unusedKeys.keys.sorted(), ["policy", "resources.1.queue_capacity"])
        XCTAssertEqual(notes.map(\.keyPath), ["resources[1].queue_capacity"])
        for (path, value) in [("policy", "priority"), ("policy", "{name: accumulating-priority}"), ("resources.room.queue_capacity", "5")] {
            XCTAssertThrowsError(try disciplined.load(settings: [ScenarioPatch.Assignment(path: path, value: value)]), path) { error in
                XCTAssertTrue("\(error)".contains("changing \(path) changes nothing"), "\(error)")
            }
        }
        let policy = try ScenarioLoader.policy("priority", for: written)
        XCTAssertThrowsError(try Study().compare([StudyVariant(label: "fifo", scenario: written),
                                                  StudyVariant(label: "priority", scenario: written, policy: policy)])) { error in
            XCTAssertTrue("\(error)".contains("would change nothing: it replaces the scenario's policy, which no resource follows"), "\(error)")
        }
    }

    /// Overrides are checked against the scenario's unit and limits.
    func testOverridesAreCheckedNotTrusted() throws {
        XCTAssertThrowsError(try source().load(settings: [], overrides: ScenarioOverrides(horizon: "-3"))) { error in
            guard case StudyError.invalidOverride(let setting, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(setting, "horizon")
        }
        XCTAssertThrowsError(try source().load(settings: [], overrides: ScenarioOverrides(replications: 3, antithetic: true))) { error in
            guard case StudyError.invalidOverride(nil, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("pairs"), message)
        }
        let day = try source().load(settings: [], overrides: ScenarioOverrides(horizon: "1 day")).scenario
        XCTAssertEqual(day.run.horizon, 1440)
        // A key of the file that an override replaces at every point is refused, not run.
        XCTAssertThrowsError(try Study().sweep(source(), axes: [(path: "run.horizon", values: ["100", "200"])],
                                               overrides: ScenarioOverrides(horizon: "50"))) { error in
            guard case StudyError.invalidOverride("horizon", let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(message, "horizon replaces the file's run.horizon at every point, so changing run.horizon would change nothing; give one or the other")
        }
        XCTAssertThrowsError(try source().load(settings: [ScenarioPatch.Assignment(path: "run.seed", value: "4")], overrides: ScenarioOverrides(seed: 3)))
        XCTAssertNoThrow(try source().load(settings: [ScenarioPatch.Assignment(path: "run.seed", value: "4")], overrides: ScenarioOverrides(horizon: "1 day")))
    }

    /// A replication that hits a run limit fails the study with the limit's message, and a run
    /// in which nobody finished is refused unless the plan accepts it.
    func testLimitsAndEmptyRunsAreErrors() throws {
        let crowded = try source().load(settings: [], overrides: ScenarioOverrides(maxPatients: 1)).scenario
        XCTAssertThrowsError(try Study().run(crowded)) { error in
            guard case StudyError.limitReached(nil, let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("patients inside"), message)
        }
        // Treatment takes a day; the run lasts an hour: patients arrive, nobody leaves.
        let slow = ScenarioSource(file: "slow.yaml", text: Self.queue.replacingOccurrences(of: "{exponential: {mean: 1}}", with: "{deterministic: {value: 1 day}}"))
        let blink = try slow.load(settings: [], overrides: ScenarioOverrides(horizon: "1 hour", warmup: "0")).scenario
        XCTAssertThrowsError(try Study().run(blink)) { error in
            guard case StudyError.nothingCompleted = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try Study(plan: ReplicationPlan(acceptEmpty: true)).run(blink).result.metric("patients.completed")?.mean, 0)
    }

    /// Cancelled, an optimisation, a warm-up study and a forecast say so instead of returning
    /// what a cut-short run would suggest.
    func testCancelledSearchesAndSeriesAreInterruptions() throws {
        let stop = StopFlag()
        stop.set()
        let study = Study(plan: ReplicationPlan(threads: 2), control: StudyControl(cancellation: stop))
        let request = OptimizationRequest(axes: [(path: "resources.server.capacity", values: ["1", "2"])],
                                          objectives: [OptimizationGoal.Objective(metric: "wait.mean", maximize: false)], budget: 100)
        for attempt in [{ _ = try study.optimize(self.source(), request) },
                        { _ = try study.warmup(self.source().load().scenario) }] as [() throws -> Void] {
            XCTAssertThrowsError(try attempt()) { error in
                guard case StudyError.interrupted(let done, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(done, 0, "nothing starts once cancelled")
            }
        }
    }
}
