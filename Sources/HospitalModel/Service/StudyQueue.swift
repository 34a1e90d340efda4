import Foundation
import SimKernel

/// The studies people start from the pages, run in the background: at most `running` at once
/// (the rest wait their turn in order), at most `perUser` queued or running for any one person,
/// and at most `waiting` in the queue altogether. Each runs on a thread of its own (a study is
/// CPU work that must not hold up the threads serving pages), reports its progress, and can be
/// cancelled by its owner or an admin.
public actor StudyQueue {
    public enum State: String, Sendable { case queued, running, done, failed, cancelled }

    /// What a finished study shows: a summary (HTML fragment) and its full report page.
    public struct Output: Sendable {
        public var summary: String
        public var report: String
        public init(summary: String, report: String) {
            self.summary = summary
            self.report = report
        }
    }

    /// The work of a study: called on its own thread with the progress to report and the flag
    /// that asks it to stop.
    public typealias Work = @Sendable (_ progress: @escaping @Sendable (Int, Int) -> Void, _ stop: StopFlag) throws -> Output

    public struct Job: Sendable {
        public var id: Int
        public var owner: String
        public var title: String
        public var state: State
        public var done = 0
        public var total = 0
        public var message = ""
        public var output: Output?
        public var submitted: Date
        let stop: StopFlag
    }

    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    let running: Int
    let perUser: Int
    let waiting: Int
    var jobs: [Int: Job] = [:]
    var work: [Int: Work] = [:]
    var order: [Int] = []
    var next = 1
    /// Finished jobs kept for their pages; older ones are forgotten.
    static let keptFinished = 500

    public init(running: Int, perUser: Int, waiting: Int = 100) {
        self.running = running
        self.perUser = perUser
        self.waiting = waiting
    }

    /// Queues a study; refused when `owner` already has `perUser` queued or running, or the
    /// queue is full.
    public func submit(owner: String, title: String, _ study: @escaping Work) throws(Refusal) -> Int {
        let active = jobs.values.filter { $0.owner == owner && ($0.state == .queued || $0.state == .running) }.count
        guard active < perUser else {
            throw Refusal(description: "you have \(active) studies queued or running (the limit is \(perUser)); wait for one to finish or cancel it")
        }
        guard jobs.values.filter({ $0.state == .queued }).count < waiting else {
            throw Refusal(description: "the queue is full (\(waiting) studies waiting); try again later")
        }
        let id = next
        next += 1
        jobs[id] = Job(id: id, owner: owner, title: title, state: .queued, submitted: Date(), stop: StopFlag())
        work[id] = study
        order.append(id)
        startWaiting()
        return id
    }

    /// `submit` as a result, for callers that branch on it.
    public func submitting(owner: String, title: String, _ study: @escaping Work) -> Result<Int, Refusal> {
        do throws(Refusal) { return .success(try submit(owner: owner, title: title, study)) } catch { return .failure(error) }
    }

    public func job(_ id: Int) -> Job? { jobs[id] }

    /// Every job, newest first.
    public func all() -> [Job] { jobs.values.sorted { $0.id > $1.id } }

    public var counts: (running: Int, queued: Int) {
        (jobs.values.filter { $0.state == .running }.count, jobs.values.filter { $0.state == .queued }.count)
    }

    /// Asks a study to stop (a queued one never starts).
    public func cancel(_ id: Int) {
        guard var job = jobs[id] else { return }
        job.stop.set()
        if job.state == .queued {
            job.state = .cancelled
            job.message = "cancelled before it started"
            work[id] = nil
            order.removeAll { $0 == id }
        }
        jobs[id] = job
    }

    func startWaiting() {
        while jobs.values.filter({ $0.state == .running }).count < running, let id = order.first {
            order.removeFirst()
            guard var job = jobs[id], job.state == .queued, let study = work.removeValue(forKey: id) else { continue }
            job.state = .running
            jobs[id] = job
            let stop = job.stop
            let queue = self
            let thread = Thread {
                let outcome: Result<Output, any Error>
                do {
                    outcome = .success(try study({ done, total in
                        Task { await queue.progress(id, done, total) }
                    }, stop))
                } catch {
                    outcome = .failure(error)
                }
                Task { await queue.finish(id, outcome) }
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    func progress(_ id: Int, _ done: Int, _ total: Int) {
        guard var job = jobs[id], job.state == .running, done >= job.done else { return }
        (job.done, job.total) = (done, total)
        jobs[id] = job
    }

    func finish(_ id: Int, _ outcome: Result<Output, any Error>) {
        guard var job = jobs[id] else { return }
        switch outcome {
        case .success(let output):
            job.state = .done
            job.output = output
            job.done = max(job.done, job.total)
        case .failure(let error):
            job.state = job.stop.isSet ? .cancelled : .failed
            job.message = "\(error)"
        }
        jobs[id] = job
        let finished = jobs.values.filter { $0.state != .queued && $0.state != .running }.map(\.id).sorted()
        for old in finished.dropLast(Self.keptFinished) { jobs[old] = nil }
        startWaiting()
    }
}
