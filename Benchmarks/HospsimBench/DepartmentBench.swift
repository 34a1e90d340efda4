import Foundation
import HospitalModel
import SimKernel

/// One year of `scenarios/emergency-department.yaml` (one replication, one thread), timed in
/// process: the figure `Benchmarks/peers/compare-simpy.sh` sets beside SimPy's.
enum DepartmentBench {
    static func run(days: Double = 365, repeats: Int = 5) {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios/emergency-department.yaml").path
        var s: Scenario
        do {
            s = try ScenarioLoader.load(path: path).scenario
        } catch {
            fatalError("\(error)")
        }
        s.run.replications = 1
        s.run.horizon = days * 1440
        let model = CompiledModel(s)
        var best = Double.infinity
        var result: RunResult?
        for _ in 0..<repeats {
            let r = Runner.run(model, threads: 1)
            best = min(best, r.seconds)
            result = r
        }
        guard let result else { return }
        print("Emergency department, one replication of \(Int(days)) days after a warm-up of \(Int(s.run.warmup / 1440)) days, best of \(repeats)")
        print(String(format: "  arrived %.0f, completed %.0f, wait.mean %.3f, target_met.fraction %.4f",
                     result.metric("patients.arrived")?.mean ?? .nan, result.metric("patients.completed")?.mean ?? .nan,
                     result.metric("wait.mean")?.mean ?? .nan, result.metric("target_met.fraction")?.mean ?? .nan))
        print(String(format: "  simulated in %.4f s (%.2f M events/s)", best, Double(result.events) / best / 1e6))
    }
}
