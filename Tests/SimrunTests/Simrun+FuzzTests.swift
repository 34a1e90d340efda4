import Foundation
import Synchronization
import XCTest

/// A seeded mutation fuzzer over the example scenarios: every mutant must make `simrun` exit 0
/// with a whole output file in which every patient is accounted for, or exit 2 with a located
/// message and no output file, within a time budget; never crash, hang or leave half a file.
///
/// The suite runs `SimrunFuzzTests.defaultCases` mutants; `HOSPSIM_FUZZ_CASES=N` (and optionally
/// `HOSPSIM_FUZZ_SEED=S`) runs more, as `scripts/fuzz` does. Failing mutants are kept in
/// `.build/fuzz-failures/` to reproduce.
final class SimrunFuzzTests: XCTestCase {
    static let defaultCases = 160
    /// Far above what any valid mutant needs (they run with bounded events), far below a hang.
    static let budgetSeconds = 60.0

    struct Verdict {
        var name: String
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var stderr: String
        var outputExists: Bool
        var outputIsJSON: Bool
        var seconds: Double
        /// For a run's results: whether arrivals equal completed, left, reneged, blocked and
        /// still inside (the means over replications of counts that add up in each).
        var conserved: Bool? = nil
    }

    /// Conservation of patients in a results document, nil when it has no patient counts.
    static func conserved(_ data: Data) -> Bool? {
        guard let doc = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let metrics = doc["metrics"] as? [String: Any] else { return nil }
        func mean(_ name: String) -> Double? { ((metrics[name] as? [String: Any])?["mean"] as? NSNumber)?.doubleValue }
        guard let arrived = mean("patients.arrived"), let completed = mean("patients.completed"), let reneged = mean("patients.reneged"),
              let blocked = mean("patients.blocked"), let inside = mean("patients.in_system.end") else { return nil }
        let total = completed + (mean("patients.left") ?? 0) + reneged + blocked + inside
        return abs(arrived - total) <= 1e-9 * max(1, arrived)
    }

    /// SplitMix64: the same seed gives the same mutants on every machine.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let extremes = ["0", "-1", "1e9", "1e308", "-1e308", "4294967296", "1e-300", ".nan", ".inf", "0.5", "99999999999999999999",
                           "\"1 hours\"", "\"3 fortnights\"", "[]", "{}", "~", "true", "\"\"", "*undefined", "&anchor 1",
                           // Distributions with a parameter missing (a clinic's lateness trapped on one).
                           "{normal: {sd: 1}}", "{uniform: {min: 5}}", "{exponential: {}}", "{lognormal: {mean: 1}}",
                           String(repeating: "x", count: 100_000)]

    /// One mutation of `text`, by an operator chosen from `g`.
    static func mutate(_ text: String, _ g: inout Generator) -> String {
        var lines = text.components(separatedBy: "\n")
        let i = g.below(lines.count)
        switch g.below(12) {
        case 0, 1:  // a number replaced by an extreme value
            let numbers = lines.indices.filter { lines[$0].range(of: #"-?[0-9]+(\.[0-9]+)?"#, options: .regularExpression) != nil }
            guard let j = numbers.isEmpty ? nil : g.pick(numbers),
                  let r = lines[j].range(of: #"-?[0-9]+(\.[0-9]+)?"#, options: .regularExpression) else { break }
            lines[j].replaceSubrange(r, with: g.pick(extremes))
        case 2: lines.remove(at: i)
        case 3: lines.insert(lines[i], at: i)
        case 4: lines.swapAt(i, g.below(lines.count))
        case 5: lines[i] = "\t" + lines[i]
        case 6:  // a typo: one character dropped
            if !lines[i].isEmpty { lines[i].remove(at: lines[i].index(lines[i].startIndex, offsetBy: g.below(lines[i].count))) }
        case 7:  // cut off anywhere
            return String(text.prefix(g.below(text.count)))
        case 8:  // bytes that are not text
            let junk = String(decoding: (0..<8).map { _ in UInt8(truncatingIfNeeded: g.next()) }, as: UTF8.self)
            lines[i] += junk + (g.below(2) == 0 ? "\u{0}" : "\u{1}")
        case 9:  // indentation off by two
            if lines[i].hasPrefix("  ") { lines[i].removeFirst(2) } else { lines[i] = "  " + lines[i] }
        case 10:  // a value replaced by another kind of node
            if let colon = lines[i].firstIndex(of: ":") {
                lines[i] = String(lines[i][...colon]) + " " + g.pick(extremes)
            }
        default:  // a value copied from elsewhere in the file
            let j = g.below(lines.count)
            if let colon = lines[i].firstIndex(of: ":"), let other = lines[j].firstIndex(of: ":") {
                lines[i] = String(lines[i][...colon]) + lines[j][lines[j].index(after: other)...]
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Runs simrun with a time budget; a run past it is killed and reported as a hang.
    static func run(_ arguments: [String], budget: Double) throws -> (status: Int32, signalled: Bool, timedOut: Bool, stderr: String, seconds: Double) {
        let process = Process()
        process.executableURL = SimrunProcess.simrun
        process.arguments = arguments
        process.currentDirectoryURL = SimrunProcess.packageRoot
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let start = Date()
        try process.run()
        let errors = Mutex(Data())
        let read = DispatchSemaphore(value: 0)
        Thread {
            errors.withLock { $0 = err.fileHandleForReading.readDataToEndOfFile() }
            read.signal()
        }.start()
        let timedOut = done.wait(timeout: .now() + budget) == .timedOut
        if timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        }
        read.wait()
        let text = String(decoding: errors.withLock { $0 }, as: UTF8.self)
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, timedOut, text, Date().timeIntervalSince(start))
    }

    func testMutatedScenariosExitCleanlyWithLocatedMessages() throws {
        let environment = ProcessInfo.processInfo.environment
        if environment["HOSPSIM_FUZZ_TARGET"] != nil { return }  // a long run of another target
        let cases = environment["HOSPSIM_FUZZ_CASES"].flatMap(Int.init) ?? Self.defaultCases
        let seed = environment["HOSPSIM_FUZZ_SEED"].flatMap(UInt64.init) ?? 2026
        let root = SimrunProcess.packageRoot
        let examples = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
            .map { try String(contentsOf: root.appendingPathComponent("scenarios/" + $0), encoding: .utf8) }
        XCTAssertFalse(examples.isEmpty)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-fuzz-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let verdicts = Mutex<[Verdict]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for k in stride(from: worker, to: cases, by: 2) {
                var g = Generator(state: seed &+ UInt64(k) &* 0x1000_0001)
                var text = g.pick(examples)
                for _ in 0..<(g.below(4) == 0 ? 2 : 1) { text = Self.mutate(text, &g) }
                let name = "case-\(k).yaml"
                let file = dir.appendingPathComponent(name).path
                let out = dir.appendingPathComponent("case-\(k).json").path
                XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(text.utf8)), file)
                // Half the mutants run as written; half with a short horizon, so that more of them
                // reach the simulation. Events are bounded either way.
                var arguments = ["run", file, "--replications", "2", "--threads", "1", "--max-events", "300000",
                                 "--max-patients", "20000", "--format", "json", "--out", out]
                if k % 2 == 1 { arguments += ["--horizon", "2 day", "--warmup", "0"] }
                guard let r = try? Self.run(arguments, budget: Self.budgetSeconds) else { continue }
                let data = FileManager.default.contents(atPath: out)
                let isJSON = data.flatMap { try? JSONSerialization.jsonObject(with: $0) } != nil
                verdicts.withLock {
                    $0.append(Verdict(name: name, status: r.status, signalled: r.signalled, timedOut: r.timedOut, stderr: r.stderr,
                                      outputExists: data != nil, outputIsJSON: isJSON, seconds: r.seconds,
                                      conserved: isJSON ? data.flatMap(Self.conserved) : nil))
                }
                if r.status != 0 && r.status != 2 || r.signalled || r.timedOut {
                    let keep = root.appendingPathComponent(".build/fuzz-failures")
                    try? FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true)
                    try? FileManager.default.copyItem(atPath: file, toPath: keep.appendingPathComponent("seed\(seed)-\(name)").path)
                }
                try? FileManager.default.removeItem(atPath: out)
            }
        }
        let all = verdicts.withLock { $0 }
        XCTAssertEqual(all.count, cases, "every mutant ran")
        let located = try NSRegularExpression(pattern: #"case-[0-9]+\.yaml(:[0-9]+:[0-9]+)?: error: "#)
        for v in all {
            let context = "\(v.name): status \(v.status)\n\(v.stderr.prefix(600))"
            XCTAssertFalse(v.signalled, "crash: \(context)")
            XCTAssertFalse(v.timedOut, "hang past \(Self.budgetSeconds) s: \(context)")
            XCTAssertTrue(v.status == 0 || v.status == 2, "exit status: \(context)")
            XCTAssertLessThan(v.stderr.utf8.count, 20_000, "a flood of messages: \(context)")
            if v.status == 0 {
                XCTAssertTrue(v.outputIsJSON, "exit 0 without a whole output file: \(context)")
                XCTAssertNotEqual(v.conserved, false, "patients not accounted for: \(context)")
            } else if v.status == 2 {
                XCTAssertFalse(v.outputExists, "exit 2 left an output file: \(context)")
                let range = NSRange(v.stderr.startIndex..., in: v.stderr)
                XCTAssertNotNil(located.firstMatch(in: v.stderr, range: range), "no located message: \(context)")
            }
        }
        let ok = all.filter { $0.status == 0 }.count
        if environment["HOSPSIM_FUZZ_VERBOSE"] != nil {
            for v in all where v.status == 2 { print("\(v.name): \(v.stderr.split(separator: "\n").first { $0.contains("error") } ?? "")") }
        }
        let slowest = all.map(\.seconds).max() ?? 0
        print("fuzz: \(all.count) mutants (seed \(seed)): \(ok) ran, \(all.count - ok) rejected; "
              + "\(all.filter(\.signalled).count) crashes, \(all.filter(\.timedOut).count) hangs; slowest \(String(format: "%.2f", slowest)) s")
    }

    // MARK: The newer surfaces: fit CSVs, census files, command-line values, documents read back

    /// One mutant of a campaign: the arguments, the output it may write, and the input file a
    /// refusal must name (nil: a command-line refusal, which names the option instead).
    struct Mutant {
        var arguments: [String]
        var output: String?
        var located: String?
        /// `check` exits 1 when the run regressed against the (mutated) baseline: a verdict.
        var verdictStatus: Int32? = nil
    }

    /// Runs `cases` mutants made by `make` (two at a time) and checks each as the scenario
    /// campaign does: exit 0 with a whole output or 2 with a message and no output, no crash,
    /// no hang, no flood of messages.
    func campaign(_ name: String, defaultCases: Int, _ make: @escaping @Sendable (Int, inout Generator, URL) throws -> Mutant) throws {
        let environment = ProcessInfo.processInfo.environment
        if let only = environment["HOSPSIM_FUZZ_TARGET"], only != name { return }
        let cases = environment["HOSPSIM_FUZZ_CASES"].flatMap(Int.init) ?? defaultCases
        let seed = environment["HOSPSIM_FUZZ_SEED"].flatMap(UInt64.init) ?? 2026
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-fuzz-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let verdicts = Mutex<[(Verdict, Mutant)]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for k in stride(from: worker, to: cases, by: 2) {
                var g = Generator(state: seed &+ UInt64(k) &* 0x2000_0003)
                guard let mutant = try? make(k, &g, dir), let r = try? Self.run(mutant.arguments, budget: Self.budgetSeconds) else { continue }
                let data = mutant.output.flatMap { FileManager.default.contents(atPath: $0) }
                let whole = data.map { d in
                    mutant.output!.hasSuffix(".json") ? (try? JSONSerialization.jsonObject(with: d)) != nil : !d.isEmpty
                } ?? false
                let v = Verdict(name: "\(name) case \(k): simrun " + mutant.arguments.map { $0.count > 80 ? String($0.prefix(80)) + "…" : $0 }.joined(separator: " "),
                                status: r.status, signalled: r.signalled, timedOut: r.timedOut, stderr: r.stderr,
                                outputExists: data != nil, outputIsJSON: whole, seconds: r.seconds)
                verdicts.withLock { $0.append((v, mutant)) }
                if r.status != 0 && r.status != 2 || r.signalled || r.timedOut {
                    let keep = SimrunProcess.packageRoot.appendingPathComponent(".build/fuzz-failures/\(name)-seed\(seed)-case\(k)")
                    try? FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true)
                    for file in mutant.arguments where file.hasPrefix(dir.path) && FileManager.default.fileExists(atPath: file) {
                        try? FileManager.default.copyItem(atPath: file, toPath: keep.appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent).path)
                    }
                    try? (mutant.arguments.joined(separator: "\n") + "\n").write(to: keep.appendingPathComponent("arguments.txt"), atomically: true, encoding: .utf8)
                }
                if let out = mutant.output { try? FileManager.default.removeItem(atPath: out) }
            }
        }
        let all = verdicts.withLock { $0 }
        XCTAssertEqual(all.count, cases, "every mutant ran")
        for (v, mutant) in all {
            let context = "\(v.name): status \(v.status)\n\(v.stderr.prefix(600))"
            XCTAssertFalse(v.signalled, "crash: \(context)")
            XCTAssertFalse(v.timedOut, "hang past \(Self.budgetSeconds) s: \(context)")
            XCTAssertTrue(v.status == 0 || v.status == 2 || v.status == mutant.verdictStatus, "exit status: \(context)")
            XCTAssertLessThan(v.stderr.utf8.count, 20_000, "a flood of messages: \(context)")
            if v.status == 0, mutant.output != nil {
                XCTAssertTrue(v.outputIsJSON, "exit 0 without a whole output file: \(context)")
            } else if v.status == 2 {
                XCTAssertFalse(v.outputExists, "exit 2 left an output file: \(context)")
                if let located = mutant.located {
                    XCTAssertTrue(v.stderr.contains(URL(fileURLWithPath: located).lastPathComponent) || v.stderr.contains("rror"),
                                  "no message naming the file: \(context)")
                } else {
                    XCTAssertTrue(v.stderr.contains("rror"), "no message: \(context)")
                }
            }
        }
        let ok = all.filter { $0.0.status == 0 }.count
        for (v, _) in all where v.seconds > 5 { print("slow (\(String(format: "%.1f", v.seconds)) s): \(v.name)") }
        if environment["HOSPSIM_FUZZ_VERBOSE"] != nil {
            for (v, _) in all where v.status == 2 { print("\(v.name)\n  \(v.stderr.split(separator: "\n").first ?? "")") }
        }
        print("fuzz \(name): \(all.count) mutants (seed \(seed)): \(ok) ran, \(all.count - ok) rejected; "
              + "\(all.filter(\.0.signalled).count) crashes, \(all.filter(\.0.timedOut).count) hangs; "
              + "slowest \(String(format: "%.2f", all.map(\.0.seconds).max() ?? 0)) s")
    }

    /// `text` mutated once to three times, written as `name` in `dir`; returns the path.
    static func mutatedFile(_ text: String, _ name: String, _ g: inout Generator, in dir: URL) throws -> String {
        var text = text
        for _ in 0..<(1 + g.below(3)) { text = mutate(text, &g) }
        let file = dir.appendingPathComponent(name).path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static func repositoryText(_ path: String) throws -> String {
        try String(contentsOf: SimrunProcess.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The episode extract's first 400 lines, mutated, fitted.
    func testMutatedEpisodeCSVsExitCleanly() throws {
        let lines = try Self.repositoryText("scenarios/data/ed-episodes.csv").split(separator: "\n", omittingEmptySubsequences: false)
        let extract = lines.prefix(400).joined(separator: "\n") + "\n"
        try campaign("fit", defaultCases: 40) { k, g, dir in
            let file = try Self.mutatedFile(extract, "episodes-\(k).csv", &g, in: dir)
            let out = dir.appendingPathComponent("fit-\(k).json").path
            var arguments = ["fit", file, "--arrival", "arrived_at", "--class", "triage", "--duration", "doctor_minutes",
                             "--duration", "stay_hours:hour", "--format", "json", "--out", out]
            if g.below(3) == 0 { arguments += ["--branch", "admitted", "--by-class"] }
            return Mutant(arguments: arguments, output: out, located: file)
        }
    }

    /// The example census, mutated, forecast for a day.
    func testMutatedCensusFilesExitCleanly() throws {
        let census = try Self.repositoryText("scenarios/data/ed-census.csv")
        try campaign("census", defaultCases: 40) { k, g, dir in
            let file = try Self.mutatedFile(census, "census-\(k).csv", &g, in: dir)
            let out = dir.appendingPathComponent("forecast-\(k).json").path
            return Mutant(arguments: ["forecast", "scenarios/ed-weekend-roster.yaml", "--census", file, "--now", "2025-06-07T08:00",
                                      "--hours", "24", "--replications", "4", "--threads", "1", "--format", "json", "--out", out],
                          output: out, located: file)
        }
    }

    static let valueExtremes = ["0", "-1", "-5", "1e-300", "1e-10", "1e300", "1e308", "nan", "inf", "-inf", "9223372036854775807",
                                "99999999999999999999", "100000000", "0.5", "", " ", "x", "1..9999", "1..0", "0..2:0", "1e300..1e301:1e299",
                                "-9223372036854775808..9223372036854775807", "\"1 hours\"", "3 fortnight", String(repeating: "9", count: 400),
                                // Plausible values too, so that many mutants get past the checks and run.
                                "1", "2", "3", "10", "0.1", "0.01", "2 day", "30 min", "5..7", "1..4:1"]

    /// Commands of the newer surfaces with one value (or two) replaced by an extreme.
    func testExtremeCommandLineValuesExitCleanly() throws {
        let templates: [[String]] = [
            ["optimize", "scenarios/mmc.yaml", "--vary", "resources.clinician.capacity=9..11", "--minimize", "wait.mean",
             "--budget", "60", "--first-stage", "5", "--replications", "3", "--horizon", "5 day"],
            ["sweep", "scenarios/mm1.yaml", "--set", "resources.server.capacity=1..3", "--replications", "2", "--horizon", "2 day"],
            ["warmup", "scenarios/mm1.yaml", "--replications", "3", "--after", "1 day", "--bin", "2 hour", "--horizon", "5 day"],
            ["forecast", "scenarios/ed-weekend-roster.yaml", "--census", "scenarios/data/ed-census.csv", "--now", "2025-06-07T08:00",
             "--hours", "24", "--replications", "4"],
            ["run", "scenarios/mm1.yaml", "--precision", "0.05", "--max-replications", "20", "--horizon", "2 day"],
            ["staff", "scenarios/mmc.yaml", "--resource", "clinician", "--target", "wait.mean <= 5 min", "--shifts", "start=any;length=8h",
             "--night-premium", "25%", "--max-iterations", "5", "--replications", "3", "--horizon", "5 day"],
            // A trace to an extreme --until once ran out of memory.
            ["trace", "scenarios/emergency-department.yaml", "--until", "600", "--limit", "50", "--format", "csv"],
        ]
        try campaign("cli", defaultCases: 40) { k, g, dir in
            var arguments = g.pick(templates)
            let values = arguments.indices.filter { $0 >= 2 && !arguments[$0].hasPrefix("--") && arguments[$0 - 1].hasPrefix("--") }
            for _ in 0..<(1 + g.below(2)) {
                let i = g.pick(values)
                let value = g.pick(Self.valueExtremes)
                // A range key keeps its key half and takes the extreme as its values.
                if let eq = arguments[i].firstIndex(of: "="), g.below(2) == 0 {
                    arguments[i] = String(arguments[i][...eq]) + value
                } else {
                    arguments[i] = value
                }
            }
            if arguments[0] == "trace" {
                let out = dir.appendingPathComponent("out-\(k).csv").path
                return Mutant(arguments: arguments + ["--out", out], output: out, located: nil)
            }
            let out = dir.appendingPathComponent("out-\(k).json").path
            return Mutant(arguments: arguments + ["--threads", "1", "--format", "json", "--out", out], output: out, located: nil)
        }
    }

    /// Documents as simrun writes them, mutated, read back by report, merge and check.
    func testMutatedDocumentsReadBackExitCleanly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("simrun-fuzz-docs-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var sources: [(kind: String, text: String)] = []
        for (kind, arguments) in [("results", ["run", "scenarios/mm1.yaml", "--replications", "3", "--horizon", "2 day"]),
                                  ("partial", ["run", "scenarios/mm1.yaml", "--replications", "4", "--horizon", "2 day", "--shard", "0/2"]),
                                  ("comparison", ["compare", "scenarios/mm1.yaml", "--replications", "2", "--horizon", "2 day", "--policy", "priority"]),
                                  ("sweep", ["sweep", "scenarios/mm1.yaml", "--set", "resources.server.capacity=1..2", "--replications", "2",
                                             "--horizon", "2 day"])] {
            let out = dir.appendingPathComponent("\(kind).json").path
            let r = try SimrunProcess.simrun(arguments + ["--format", "json", "--out", out])
            XCTAssertEqual(r.status, 0, r.stderr)
            sources.append((kind, try String(contentsOfFile: out, encoding: .utf8)))
        }
        let documents = sources
        try campaign("documents", defaultCases: 40) { k, g, dir in
            let source = g.pick(documents)
            let file = try Self.mutatedFile(source.text, "document-\(k).json", &g, in: dir)
            switch source.kind {
            case "partial":
                return Mutant(arguments: ["merge", file, "--format", "json"], output: nil, located: file)
            case "results" where g.below(2) == 0:
                return Mutant(arguments: ["check", "scenarios/mm1.yaml", "--baseline", file], output: nil, located: file, verdictStatus: 1)
            default:
                let out = dir.appendingPathComponent("report-\(k).html").path
                return Mutant(arguments: ["report", file, "-o", out], output: out, located: file)
            }
        }
    }
}
