// swift-tools-version:6.0
import PackageDescription

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
            dependencies: ["CGSL"]
        ),
        // SQLite, for the results database.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "HospitalModel",
            dependencies: ["SimKernel", "CGSL", "CSQLite", .product(name: "Yams", package: "Yams")],
            // Each folder's README says what lives there and what it may import.
            exclude: ["Scenario/README.md", "Simulation/README.md", "Policies/README.md", "Formats/README.md", "Analysis/README.md"]
        ),
        .executableTarget(
            name: "simrun",
            dependencies: [
                "HospitalModel", "SimKernel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "HospsimBench",
            dependencies: [
                "SimKernel", "HospitalModel",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            path: "Benchmarks/HospsimBench"
        ),
        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel", "CGSL"]),
        .testTarget(name: "HospitalModelTests", dependencies: ["HospitalModel", "SimKernel"]),
        .testTarget(name: "SimrunTests", dependencies: ["simrun", "CSQLite"]),
    ]
)
