// Benchmarks, run in release mode: `swift run -c release HospsimBench [kernel|model|parallel|all]`.
// They report events per second and ratios; no test asserts a time.
let args = CommandLine.arguments.dropFirst()
let what = args.first ?? "all"
if what == "kernel" || what == "all" {
    KernelBench.run(customers: 1_000_000, repeats: 5)
}
