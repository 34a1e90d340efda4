// Benchmarks, run in release mode: `swift run -c release HospsimBench [kernel|model|ed|all]`.
// They report events per second and ratios; no test asserts a time.
let what = CommandLine.arguments.dropFirst().first ?? "all"
if what == "kernel" || what == "all" {
    KernelBench.run(customers: 1_000_000, repeats: 5)
}
if what == "model" || what == "all" {
    ModelBench.run()
}
if what == "ed" || what == "all" {
    DepartmentBench.run()
}
