import Foundation
import XCTest

/// Where output may and may not go: nothing but the named regular file is ever replaced, and a
/// failed write is a message and exit 2, never a crash or a half-written file.
final class OutputSafetyTests: SimrunTestCase {
    let quick = ["scenarios/mm1.yaml", "--replications", "2", "--horizon", "100"]

    /// The file type bits of `path` itself (a link is not followed).
    func fileType(_ path: String) -> mode_t? {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : nil
    }

    /// Linux's device number for a small major and minor.
    static func device(_ major: UInt, _ minor: UInt) -> dev_t { dev_t(major << 8 | minor) }

    /// The reproducer: `--out` naming a device replaced the device with a regular file. Here the
    /// device is our own copy of /dev/full (made with mknod, so as root only).
    func testOutToADeviceWritesIntoItAndNeverReplacesIt() throws {
        try XCTSkipUnless(getuid() == 0, "mknod needs root")
        let device = dir.appendingPathComponent("full").path
        XCTAssertEqual(mknod(device, S_IFCHR | 0o644, Self.device(1, 7)), 0)
        let results = dir.appendingPathComponent("r.json").path
        XCTAssertEqual(try simrun(["run"] + quick + ["--format", "json", "--out", results]).status, 0)
        for command in [["run"] + quick + ["--out", device], ["trace", "scenarios/mm1.yaml", "--until", "5", "--out", device],
                        ["report", results, "-o", device]] {
            let r = try simrun(command)
            XCTAssertEqual(r.status, 2, command.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains("No space left on device"), r.stderr)
            XCTAssertEqual(fileType(device), S_IFCHR, "the device is still a device")
        }
        let null = dir.appendingPathComponent("null").path
        XCTAssertEqual(mknod(null, S_IFCHR | 0o666, Self.device(1, 3)), 0)
        XCTAssertEqual(try simrun(["run"] + quick + ["--out", null]).status, 0, "writing into /dev/null works")
        XCTAssertEqual(fileType(null), S_IFCHR)
    }

    /// The reproducer: standard output that cannot be written crashed with "try!".
    func testAFullStandardOutputIsACleanError() throws {
        try XCTSkipUnless(FileManager.default.isWritableFile(atPath: "/dev/full"), "no /dev/full to read from")
        let process = Process()
        process.executableURL = SimrunProcess.simrun
        process.arguments = ["run"] + quick
        process.currentDirectoryURL = SimrunProcess.packageRoot
        // Opened for writing only: the test writes nothing to it, simrun's writes fail with ENOSPC.
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let err = Pipe()
        process.standardError = err
        try process.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "no crash")
        XCTAssertEqual(process.terminationStatus, 2)
        XCTAssertTrue(e.contains("cannot write standard output: No space left on device"), e)
    }

    func testANamedPipeIsWrittenIntoAndStaysAPipe() throws {
        let fifo = dir.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let reader = Thread {
            let fd = open(fifo, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(fd, &buffer, buffer.count) > 0 {}
            close(fd)
        }
        reader.start()
        let r = try simrun(["run"] + quick + ["--out", fifo])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(fileType(fifo), S_IFIFO)
    }

    func testASymlinkIsFollowedDeliberatelyAndKept() throws {
        let target = dir.appendingPathComponent("target.txt")
        try "old".write(to: target, atomically: false, encoding: .utf8)
        let link = dir.appendingPathComponent("link.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let r = try simrun(["run"] + quick + ["--out", link.path, "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(fileType(link.path), S_IFLNK, "the link is kept")
        XCTAssertTrue(try String(contentsOf: target, encoding: .utf8).hasPrefix("metric,"), "its target holds the output")
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)), ["target.txt", "link.txt"], "no temporary file left")
    }

    func testFoldersDanglingLinksAndMissingFoldersAreRefused() throws {
        let dangling = dir.appendingPathComponent("dangling")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: dir.appendingPathComponent("nowhere").path)
        for (out, words) in [(dir.path, "is a folder"), (dangling.path, "dangling"),
                             (dir.appendingPathComponent("no/such/folder.json").path, "does not exist"),
                             ("", "an empty file name")] {
            let r = try simrun(["run"] + quick + ["--out", out])
            XCTAssertEqual(r.status, 2, out)
            XCTAssertTrue(r.stderr.contains(words), r.stderr)
            XCTAssertTrue(r.stdout.isEmpty)
        }
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)), ["dangling"], "nothing created")
    }

    func testADashMeansStandardOutputAndAFileKeepsItsPermissions() throws {
        let printed = try simrun(["run"] + quick)
        XCTAssertEqual(try simrun(["run"] + quick + ["--out", "-"]).stdout, printed.stdout)
        let file = dir.appendingPathComponent("r.txt").path
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8), attributes: [.posixPermissions: 0o600]))
        XCTAssertEqual(try simrun(["run"] + quick + ["--out", file]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), printed.stdout)
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: file))[.posixPermissions] as? Int, 0o600)
    }

    /// `--export-csv` appears as a whole set or not at all, replaces an earlier export, and never
    /// mixes its files into a folder of other files.
    func testExportCSVIsOneSetRenamedIntoPlace() throws {
        let export = dir.appendingPathComponent("tables").path
        XCTAssertEqual(try simrun(["run"] + quick + ["--export-csv", export, "--patients", "--out", dir.appendingPathComponent("o").path]).status, 0)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: export)),
                       ["runs.csv", "replications.csv", "metrics.csv", "profiles.csv", "classes.csv", "waits.csv", "treatments.csv",
                        "patients.csv", "visits.csv", "billing.csv", "shifts.csv"])
        XCTAssertEqual(try simrun(["run"] + quick + ["--export-csv", export, "--out", dir.appendingPathComponent("o").path]).status, 0)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: export)),
                       ["runs.csv", "replications.csv", "metrics.csv", "profiles.csv", "classes.csv", "waits.csv", "treatments.csv"],
                       "the earlier export is replaced whole")
        try "mine".write(toFile: export + "/notes.txt", atomically: false, encoding: .utf8)
        let r = try simrun(["run"] + quick + ["--export-csv", export, "--out", dir.appendingPathComponent("p").path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("notes.txt"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: export + "/notes.txt", encoding: .utf8), "mine")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("p").path), "no output after a failure")
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)), ["tables", "o"], "no temporary folder left")
    }

    /// "1 hours" in a minutes file: patients arrive, none completes. An error unless asked for,
    /// and no output file; a runaway model stops at --max-events with a message.
    func testAnEmptyOrRunawayRunIsAnErrorWithoutOutput() throws {
        let text = try String(contentsOf: SimrunProcess.packageRoot.appendingPathComponent("scenarios/mm1.yaml"), encoding: .utf8)
        let file = dir.appendingPathComponent("slow.yaml").path
        try text.replacingOccurrences(of: "horizon: \"20 day\"", with: "horizon: \"1 hours\"")
            .replacingOccurrences(of: "mean: 1}", with: "mean: 600}").write(toFile: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("r.json").path
        let empty = try simrun(["run", file, "--replications", "2", "--out", out])
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.contains("slow.yaml: error: patients arrived but none completed"), empty.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertEqual(try simrun(["run", file, "--replications", "2", "--out", out, "--allow-empty"]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out))
        let runaway = try simrun(["run", "scenarios/mm1.yaml", "--max-events", "5000", "--out", dir.appendingPathComponent("x.json").path])
        XCTAssertEqual(runaway.status, 2)
        XCTAssertTrue(runaway.stderr.contains("passed 5000 events"), runaway.stderr)
        XCTAssertTrue(runaway.stderr.contains("--max-events raises the limit"), runaway.stderr)
        let flags = try simrun(["run", "scenarios/mm1.yaml", "--warmup", "1e308"])
        XCTAssertEqual(flags.status, 2)
        XCTAssertTrue(flags.stderr.contains("the limit is 100 years"), flags.stderr)
    }
}
