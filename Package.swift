// swift-tools-version:6.0
import PackageDescription

/// Every layer of the hospital model, for the tests (which may reach into any of them).
let hospitalLayers: [Target.Dependency] = ["HospitalService", "HospitalReport", "HospitalModel", "HospitalFormats", "HospitalAnalysis", "HospitalSimulation", "HospitalPolicies", "HospitalScenario", "SimKernel"]

let package = Package(
    name: "hospsim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "simrun", targets: ["simrun"]),
        .library(name: "SimKernel", targets: ["SimKernel"]),
        .library(name: "HospitalModel", targets: ["HospitalModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // A small HTTP/1.1 server on Swift concurrency, without SwiftNIO: the web service's
        // whole build cost is about 15 s (Hummingbird with a PostgreSQL driver: about 5 minutes).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // GNU Scientific Library, found through pkg-config.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "SimKernel",
            dependencies: ["CGSL"],
            exclude: ["README.md"]
        ),
        // SQLite, for the results database.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // PostgreSQL's client library, for results kept in a PostgreSQL server and the hospital's
        // database: its header only; the library is opened at first use (Formats/LibPQ.swift).
        .systemLibrary(
            name: "CLibPQ",
            providers: [.apt(["libpq-dev"])]
        ),
        // Argon2 (the reference library), for the web service's password hashes (Argon2id).
        .systemLibrary(
            name: "CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"])]
        ),
        // The GNU Linear Programming Kit, for integer covering programs (rosters from a staffing
        // requirement). Debian ships no pkg-config file for it: the module map links it by name.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // The hospital model in layers, each a module that may import only the ones below it
        // (docs/architecture.md): scenario <- policies <- simulation <- analysis <- formats <- study.
        .target(
            name: "HospitalScenario",
            dependencies: ["SimKernel", .product(name: "Yams", package: "Yams")],
            path: "Sources/HospitalModel/Scenario",
            exclude: ["README.md"]
        ),
        .target(
            name: "HospitalPolicies",
            dependencies: ["HospitalScenario", "SimKernel"],
            path: "Sources/HospitalModel/Policies",
            exclude: ["README.md"]
        ),
        .target(
            name: "HospitalSimulation",
            dependencies: ["HospitalPolicies", "HospitalScenario", "SimKernel", "CGSL"],
            path: "Sources/HospitalModel/Simulation",
            exclude: ["README.md"]
        ),
        .target(
            name: "HospitalAnalysis",
            dependencies: ["HospitalSimulation", "HospitalPolicies", "HospitalScenario", "SimKernel", "CGLPK"],
            path: "Sources/HospitalModel/Analysis",
            exclude: ["README.md"]
        ),
        .target(
            name: "HospitalFormats",
            dependencies: ["HospitalAnalysis", "HospitalSimulation", "HospitalPolicies", "HospitalScenario", "SimKernel", "CSQLite", "CLibPQ"],
            path: "Sources/HospitalModel/Formats",
            exclude: ["README.md"]
        ),
        // The study layer: what every front end calls. Importing it brings in the layers below.
        .target(
            name: "HospitalModel",
            dependencies: ["HospitalFormats", "HospitalAnalysis", "HospitalSimulation", "HospitalPolicies", "HospitalScenario", "SimKernel"],
            path: "Sources/HospitalModel/Study",
            exclude: ["README.md"]
        ),
        // What front ends show: the HTML report and its SVG charts, the decision brief.
        .target(
            name: "HospitalReport",
            dependencies: ["HospitalModel", "SimKernel"],
            path: "Sources/HospitalModel/Report",
            exclude: ["README.md"]
        ),
        // The web service (`simrun serve`): pages, accounts, sessions, the study queue, the
        // operations board over the hospital's own database. A front end: it calls the Study API.
        .target(
            name: "HospitalService",
            dependencies: ["HospitalReport", "HospitalModel", "SimKernel", "CArgon2", "CLibPQ",
                           .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "Yams", package: "Yams")],
            path: "Sources/HospitalModel/Service",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "simrun",
            dependencies: [
                "HospitalReport", "HospitalModel", "SimKernel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md", "Serve"],
            // The Swift runtime and Foundation linked in: the process starts in half the time (no
            // toolchain libraries to load and bind). The modules are compiled as for the tests,
            // against the shared Foundation, so the libraries it depends on are named here. Its
            // symbols are not exported (the driver's default): 17,873 dynamic symbols that the
            // runtime's start-up `dladdr` scanned, 0.1-0.2 ms of every process.
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--start-group", "-Xlinker", "-lFoundation",
                                           "-Xlinker", "-lFoundationInternationalization", "-Xlinker", "-lFoundationEssentials",
                                           "-Xlinker", "-lCoreFoundation", "-Xlinker", "-l_FoundationICU",
                                           "-Xlinker", "-l_FoundationCShims", "-Xlinker", "-l_FoundationCollections",
                                           "-Xlinker", "--end-group", "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))]
        ),
        // `simrun serve`: the web service as a program of its own (simrun hands it its arguments),
        // linked against the shared Swift libraries, so that simrun stays small and quick to start.
        .executableTarget(
            name: "simrun-serve",
            dependencies: [
                "HospitalService", "HospitalModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/simrun/Serve",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "HospsimBench",
            dependencies: [
                "SimKernel", "HospitalModel",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            path: "Benchmarks/HospsimBench"
        ),
        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel", "CGSL"], exclude: ["README.md"]),
        // The tests mirror the targets: a type's tests are in Tests/<Target>Tests/<Type>Tests.swift.
        // What they share (scenarios from text, theory against an interval) is a library of its own.
        .target(name: "HospitalTestSupport", dependencies: hospitalLayers, path: "Tests/HospitalTestSupport", exclude: ["README.md"]),
        // A real PostgreSQL server for the tests, apart from the model so the command-line tests can use it.
        .target(name: "PostgresTestSupport", dependencies: ["CLibPQ"], path: "Tests/PostgresTestSupport", exclude: ["README.md"],
                linkerSettings: [.linkedLibrary("pq")]),
        .testTarget(name: "HospitalScenarioTests", dependencies: ["HospitalTestSupport"] + hospitalLayers, exclude: ["README.md"]),
        .testTarget(name: "HospitalPoliciesTests", dependencies: ["HospitalTestSupport"] + hospitalLayers, exclude: ["README.md"]),
        .testTarget(name: "HospitalSimulationTests", dependencies: ["HospitalTestSupport"] + hospitalLayers, exclude: ["README.md"]),
        .testTarget(name: "HospitalAnalysisTests", dependencies: ["HospitalTestSupport"] + hospitalLayers, exclude: ["README.md"]),
        .testTarget(name: "HospitalFormatsTests", dependencies: ["HospitalTestSupport", "PostgresTestSupport"] + hospitalLayers, exclude: ["README.md"]),
        .testTarget(name: "HospitalReportTests", dependencies: ["HospitalTestSupport"] + hospitalLayers, exclude: ["README.md"]),
        .testTarget(name: "HospitalServiceTests", dependencies: ["HospitalTestSupport", "PostgresTestSupport"] + hospitalLayers, exclude: ["README.md"]),
        .testTarget(name: "HospitalModelTests", dependencies: ["HospitalTestSupport"] + hospitalLayers, exclude: ["README.md"]),
        // Runs the simrun binary as a user would (built with every target), so it does not link its code.
        .testTarget(name: "SimrunTests", dependencies: ["CSQLite", "PostgresTestSupport"], exclude: ["README.md"]),
    ]
)
