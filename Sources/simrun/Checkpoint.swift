import ArgumentParser
import Foundation
import HospitalModel

/// Interrupt and resume for commands that run several models on common replications (the
/// variants of `compare`, the points of `sweep`): SIGINT or SIGTERM stops after the
/// replications in flight, keeps every finished one in a checkpoint, and `--resume` runs only
/// what is missing, so the output is byte for byte that of an uninterrupted run.
struct Checkpointed {
    let options: RunOptions
    let kind: PartialResult.Kind

    /// Runs replications 0..<total of every model; on interruption writes the checkpoint and
    /// exits with 128 + the signal.
    func run(_ models: [(label: String, model: CompiledModel)], total: Int, points: [[ScenarioPatch.Assignment]]? = nil,
             shown: [String] = []) throws -> [RunResult] {
        var kept = Array(repeating: [ReplicationResult](), count: models.count)
        if let resume = options.resume { kept = try load(resume, models: models, total: total, points: points) }
        let interruption = Interruption()
        let bar = ProgressBar(total: total * models.count)
        var offset = kept.reduce(0) { $0 + $1.count }
        var results: [RunResult] = []
        for (i, (_, model)) in models.enumerated() {
            let have = Set(kept[i].map(\.replication))
            let todo = (0..<total).filter { !have.contains($0) }
            let done = offset
            let r = todo.isEmpty || interruption.stop.isSet
                ? RunResult(model: model, replications: [], seconds: 0)
                : Runner.run(model, threads: options.threads, indices: todo, stop: interruption.stop) { bar.update(done + $0) }
            offset += r.replications.count
            let all = (kept[i] + r.replications).sorted { $0.replication < $1.replication }
            let merged = RunResult(model: model, replications: all, seconds: r.seconds)
            if r.stopped != nil { try SimulationOptions.failIfStopped(merged, file: models[i].label) }
            results.append(merged)
        }
        bar.finish()
        if results.contains(where: { $0.replications.count < total }) {
            let partial = makePartial(models.map(\.label), results, total: total, points: points, shown: shown)
            try Output.write(partial.json(), to: options.checkpointPath)
            let done = results.reduce(0) { $0 + $1.replications.count }
            printError("interrupted: \(done) of \(total * models.count) replications done, kept in \(options.checkpointPath); "
                       + "finish with the same command and --resume \(options.checkpointPath)")
            throw ExitCode(128 + (interruption.receivedSignal ?? SIGINT))
        }
        return results
    }

    /// After the output is written: the finished checkpoint is no longer needed.
    func finish() {
        if let resume = options.resume { try? FileManager.default.removeItem(atPath: resume) }
    }

    func makePartial(_ labels: [String], _ results: [RunResult], total: Int, points: [[ScenarioPatch.Assignment]]?,
                     shown: [String]) -> PartialResult {
        var partial = PartialResult(kind: kind, format: options.format.rawValue, shard: 0, shards: 1, totalReplications: total,
                                    theory: nil, results: Array(zip(labels, results)).map { (label: $0, result: $1) })
        if let points { for i in partial.parts.indices { partial.parts[i].point = points[i] } }
        partial.shownMetrics = shown
        return partial
    }

    func load(_ path: String, models: [(label: String, model: CompiledModel)], total: Int,
              points: [[ScenarioPatch.Assignment]]?) throws -> [[ReplicationResult]] {
        let partial = try readPartial(path)
        let expected = makePartial(models.map(\.label), models.map { RunResult(model: $0.model, replications: [], seconds: 0) },
                                   total: total, points: points, shown: [])
        if let difference = partial.difference(from: expected) {
            printError("\(path):1:1: error: this checkpoint belongs to another run: \(difference)")
            throw ExitCode(2)
        }
        return partial.parts.map(\.replications)
    }
}
