import Foundation
import HospitalTestSupport
import XCTest
import HospitalModel

/// The example scenarios, each damaged in a few places as a careless edit would (a value
/// replaced by nonsense, a line deleted or doubled, a key misspelt, a number scaled wildly, an
/// indent moved), a few hundred times from fixed seeds. Every mutant must either be refused
/// with located errors or run to an answer in which every patient is accounted for: never a
/// trap, a hang or a silent loss. (This found a trap: a clinic's lateness with a parameter
/// missing.)
final class StudyMutantScenariosTests: XCTestCase {
    static let examples: [URL] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }()

    static let nonsense = ["0", "-1", "1e308", "-1e308", "1e-300", ".nan", ".inf", "\"\"", "abc", "1 banana", "-5 minute",
                           "0 minute", "1e999 hour", "[]", "{}", "~", "true", "9223372036854775807", "3.5", "0 per hour",
                           "1e9 per hour", "100000 day", "{exponential: {mean: \"0 minute\"}}", "{exponential: {mean: -1}}",
                           "{lognormal: {mean: \"1 minute\", sd: \"1e6 minute\"}}", "{uniform: {min: 5, max: 1}}",
                           "\"25:00\"", "[0, 0, 0]", "[-1, 2]", "{normal: {sd: 1}}", "[{}]", "\"a: b\"", "&x 1", "*x"]

    /// SplitMix64: the mutations are the same on every machine and every run.
    struct Dice {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static func mutate(_ text: String, dice: inout Dice) -> String {
        var lines = text.components(separatedBy: "\n")
        for _ in 0...dice.below(2) {
            let candidates = lines.indices.filter {
                let t = lines[$0].trimmingCharacters(in: .whitespaces)
                return !t.isEmpty && !t.hasPrefix("#")
            }
            guard !candidates.isEmpty else { break }
            let i = candidates[dice.below(candidates.count)]
            let line = lines[i]
            // Mostly numbers scaled, so that many mutants still run.
            switch [0, 0, 1, 2, 3, 4, 4, 4, 4, 5][dice.below(10)] {
            case 0:  // a value replaced
                if let colon = line.firstIndex(of: ":") {
                    lines[i] = String(line[...colon]) + " " + nonsense[dice.below(nonsense.count)]
                }
            case 1: lines.remove(at: i)
            case 2: lines.insert(line, at: i)
            case 3:  // a key misspelt
                let indent = line.prefix { $0 == " " || $0 == "-" }
                var rest = Array(line.dropFirst(indent.count))
                if let colon = rest.firstIndex(of: ":"), colon > 1 {
                    rest[dice.below(colon)] = "xqz".randomElement(using: &dice)!
                    lines[i] = String(indent) + String(rest)
                }
            case 4:  // the first number scaled
                if let range = line.range(of: "[0-9]+(\\.[0-9]+)?", options: .regularExpression), let x = Double(line[range]) {
                    let factor = [0, -1, 1000, 1e-3, 1e6][dice.below(5)]
                    lines[i] = line.replacingCharacters(in: range, with: String(format: "%g", x * factor))
                }
            default: lines[i] = dice.below(2) == 0 ? "  " + line : String(line.drop { $0 == " " })
            }
        }
        return lines.joined(separator: "\n")
    }

    func testDamagedExamplesAreRefusedInPlaceOrRunWithEveryPatientAccountedFor() throws {
        XCTAssertGreaterThanOrEqual(Self.examples.count, 10, "the examples were found")
        var refused = 0, ran = 0, stopped = 0
        for (e, url) in Self.examples.enumerated() {
            let original = try String(contentsOf: url, encoding: .utf8)
            for k in 0..<40 {
                var dice = Dice(state: UInt64(e * 1000 + k))
                let text = Self.mutate(original, dice: &dice)
                let label = "\(url.lastPathComponent), mutant \(k)"
                let source = ScenarioSource(file: url.path, text: text)
                var scenario: Scenario
                do {
                    scenario = try source.load().scenario
                } catch {
                    refused += 1
                    guard case .scenario(let problems) = error else {
                        XCTFail("\(label): refused for another reason: \(error)")
                        continue
                    }
                    XCTAssertFalse(problems.errors.isEmpty, "\(label): refused without an error")
                    for found in problems.errors {
                        XCTAssertGreaterThanOrEqual(found.line, 1, "\(label): \(found.description)")
                        XCTAssertFalse(found.message.isEmpty, label)
                    }
                    continue
                }
                // A short run: the point is the mechanics, not the figures.
                let day = scenario.timeUnit.hour * 24
                scenario.run.horizon = min(scenario.run.horizon, 3 * day)
                scenario.run.warmup = min(scenario.run.warmup, day)
                scenario.run.replications = 2
                do {
                    let result = try Study(plan: ReplicationPlan(threads: 2)).run(scenario).result
                    ran += 1
                    // patients.left is there only when a pathway has a leave step.
                    let left = result.values("patients.left") ?? Array(repeating: 0, count: result.replications.count)
                    guard let arrived = result.values("patients.arrived"), let completed = result.values("patients.completed"),
                          let reneged = result.values("patients.reneged"),
                          let blocked = result.values("patients.blocked"), let inside = result.values("patients.in_system.end") else {
                        XCTFail("\(label): the patient counts are missing")
                        continue
                    }
                    for r in arrived.indices {
                        XCTAssertEqual(arrived[r], completed[r] + left[r] + reneged[r] + blocked[r] + inside[r], "\(label), replication \(r)")
                    }
                } catch {
                    // A limit reached (a queue growing without bound), or nobody completed in
                    // three days: said in words.
                    stopped += 1
                    switch error {
                    case .limitReached, .nothingCompleted: XCTAssertFalse(error.description.isEmpty, label)
                    default: XCTFail("\(label): \(error)")
                    }
                }
            }
        }
        // Both outcomes were really exercised.
        XCTAssertGreaterThan(refused, 50)
        XCTAssertGreaterThan(ran, 50)
        print("mutants: \(refused) refused, \(ran) ran, \(stopped) stopped at a limit")
    }
}

extension StudyMutantScenariosTests.Dice: RandomNumberGenerator {}
