import Foundation
import Synchronization
import XCTest

/// A seeded mutation fuzzer over the example scenarios: every mutant must make `simrun` exit 0
/// with a whole output file, or exit 2 with a located message and no output file, within a
/// time budget; never crash, hang or leave half a file.
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
                                      outputExists: data != nil, outputIsJSON: isJSON, seconds: r.seconds))
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
}
