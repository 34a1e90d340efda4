import Foundation
import XCTest

/// A study spread over a real (single-node) SLURM job array merges into exactly the local run.
/// The script installs slurm and munge from Debian's packages when they are absent, so it needs
/// root; elsewhere the test is skipped.
final class MergeCommandSlurmTests: XCTestCase {
    func testJobArrayMergesIntoTheLocalRunByteForByte() throws {
        guard getuid() == 0 else { throw XCTSkip("the SLURM integration test needs root (it installs and starts daemons)") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") || FileManager.default.isExecutableFile(atPath: "/usr/sbin/slurmctld") else {
            throw XCTSkip("neither slurm nor apt-get is available")
        }
        let script = SimrunProcess.packageRoot.appendingPathComponent("scripts/slurm-integration-test.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("equals the local run byte for byte"), text)
    }
}
