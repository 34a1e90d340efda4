import Foundation
import XCTest

/// Runs the `simrun` built beside the tests as a user would, from the package root.
enum SimrunProcess {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The simrun built alongside this test bundle.
    static let simrun: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("simrun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        for config in ["release", "debug"] {
            let candidate = packageRoot.appendingPathComponent(".build/\(config)/simrun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        fatalError("simrun was not built next to the tests")
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func simrun(_ arguments: [String]) throws -> Outcome { try execute(Self.simrun, arguments) }

    /// Runs a program from the package root and collects its output and status.
    static func execute(_ program: URL, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = Self.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                       stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs simrun with `arguments`, sends it SIGTERM after `after` seconds, and returns its
    /// exit status and standard error once it has stopped.
    static func interrupted(_ arguments: [String], after: TimeInterval = 0.8, signals: Int = 1) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = simrun
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let err = Pipe()
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: after)
        for _ in 0..<signals { process.terminate() }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    /// The example scenarios, as paths from the package root.
    static var scenarioFiles: [String] {
        let dir = Self.packageRoot.appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "scenarios/" + $0 }
    }
}

/// A test case that runs `simrun` and has a fresh temporary folder, `dir`, removed afterwards.
class SimrunTestCase: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-test-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Another fresh folder, removed after the test (for a test that needs several).
    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-test-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    @discardableResult
    func simrun(_ arguments: [String]) throws -> SimrunProcess.Outcome { try SimrunProcess.simrun(arguments) }

    var scenarioFiles: [String] { SimrunProcess.scenarioFiles }
}
