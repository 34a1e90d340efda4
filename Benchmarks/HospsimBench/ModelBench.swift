import Foundation
import HospitalModel
import SimKernel

/// The full scenario machinery on `scenarios/mmc.yaml` (M/M/c, c = 10, rho = 0.9).
enum ModelBench {
    static func load() -> Scenario {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios/mmc.yaml").path
        do {
            return try ScenarioLoader.load(path: path).scenario
        } catch {
            fatalError("\(error)")
        }
    }

    /// Single-thread events per second, one replication of about `customers` patients.
    static func throughput(customers: Int, repeats: Int) -> Double {
        var s = load()
        s.run.replications = 1
        s.run.warmup = 0
        s.run.horizon = Double(customers) / 9  // 9 arrivals per hour
        let model = CompiledModel(s)
        var best = Double.infinity
        var events = 0
        for _ in 0..<repeats {
            let r = Runner.run(model, threads: 1)
            best = min(best, r.seconds)
            events = r.events
        }
        let rate = Double(events) / best
        print(String(format: "  one replication, %d patients:  %6.2f M events/s  (%d events in %.3f s)",
                     customers, rate / 1e6, events, best))
        return rate
    }

    /// Wall-clock speed-up of `replications` replications on 2 threads over 1, `runs` times: the
    /// parallel part is long (about 2 s on one thread) so that scheduling noise matters less.
    static func parallel(replications: Int, customers: Int, runs: Int) {
        var s = load()
        s.run.replications = replications
        s.run.horizon = Double(customers) / 9
        let model = CompiledModel(s)
        var speedUps: [Double] = []
        for _ in 0..<runs {
            let one = Runner.run(model, threads: 1)
            let two = Runner.run(model, threads: 2)
            precondition(ResultsDocument.json(one) == ResultsDocument.json(two))
            speedUps.append(one.seconds / two.seconds)
            print(String(format: "  %d replications: 1 thread %.3f s, 2 threads %.3f s, speed-up %.2f (identical results)",
                         replications, one.seconds, two.seconds, one.seconds / two.seconds))
        }
        let sorted = speedUps.sorted()
        print(String(format: "  2-thread speed-up over %d runs: median %.2f, range %.2f-%.2f", runs, sorted[runs / 2], sorted[0], sorted[runs - 1]))
    }

    static func peakResidentKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    /// Peak memory after runs of growing length: it should not grow with patients simulated.
    static func memory() {
        for customers in [100_000, 1_000_000, 10_000_000] {
            var s = load()
            s.run.replications = 1
            s.run.horizon = Double(customers) / 9
            _ = Runner.run(CompiledModel(s), threads: 1)
            print("  after \(customers) patients: peak resident memory \(peakResidentKiB() / 1024) MiB")
        }
    }

    static func run() {
        print("Model benchmark: scenarios/mmc.yaml through the scenario machinery")
        // Both measured the same way: in process, best of five, the same million patients.
        let rate = throughput(customers: 1_000_000, repeats: 5)
        // The bare loop twice: on the project's EventList, and on swift-collections' Heap (the
        // textbook loop over a binary-style heap).
        let kernel = (0..<5).map { _ in KernelBench.eventList(customers: 1_000_000) }.map { Double($0.events) / $0.seconds }.max()!
        let textbook = (0..<5).map { _ in KernelBench.collectionsHeap(customers: 1_000_000) }.map { Double($0.events) / $0.seconds }.max()!
        print(String(format: "  ratio to the bare loop on EventList (%.2f M events/s, best of 5): %.2f", kernel / 1e6, rate / kernel))
        print(String(format: "  ratio to the bare loop on swift-collections' Heap (%.2f M events/s, best of 5): %.2f", textbook / 1e6, rate / textbook))
        parallel(replications: 16, customers: 500_000, runs: 5)
        memory()
    }
}
