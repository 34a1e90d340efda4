import Foundation
import HospitalTestSupport
import XCTest
@testable import HospitalAnalysis
@testable import HospitalFormats
import HospitalModel
@testable import HospitalPolicies
@testable import HospitalScenario
@testable import HospitalSimulation

/// The format guide (`docs/scenario-format.md`) against the loader's own key lists: a key the
/// loader accepts but the guide does not document fails here, and so does a documented key the
/// loader would reject.
final class ScenarioKeysTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func document(_ name: String) throws -> [Substring] {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/\(name)"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The lines under the first heading whose text starts with `title`, up to the next heading.
    func section(_ lines: [Substring], startingWith title: String) -> [Substring]? {
        func level(_ line: Substring) -> Int? {
            let hashes = line.prefix { $0 == "#" }.count
            return hashes > 0 && line.dropFirst(hashes).first == " " ? hashes : nil
        }
        guard let start = lines.firstIndex(where: { level($0) != nil && $0.drop { $0 == "#" }.dropFirst().hasPrefix(title) })
        else { return nil }
        let end = lines[(start + 1)...].firstIndex { level($0) != nil } ?? lines.endIndex
        return Array(lines[(start + 1)..<end])
    }

    /// The keys in the first column of the section's tables, written as `key`.
    func tableKeys(_ lines: [Substring]) -> [String] {
        lines.compactMap { line in
            guard line.hasPrefix("| `") else { return nil }
            let cell = line.dropFirst(3)
            return cell.firstIndex(of: "`").map { String(cell[..<$0]) }
        }
    }

    func testEveryKeyTheLoaderAcceptsIsDocumented() throws {
        let guide = try document("scenario-format.md")
        var undocumented: [String] = []
        for s in ScenarioKeys.sections {
            let title = s.path == "(top level)" ? "Top level" : "`\(s.path)`"
            guard let lines = section(guide, startingWith: title) else {
                XCTFail("docs/scenario-format.md has no section headed \(title) for the keys \(s.keys)")
                continue
            }
            let documented = tableKeys(lines)
            undocumented += s.keys.filter { !documented.contains($0) }.map { "\(s.path): \($0)" }
            let unknown = documented.filter { !s.keys.contains($0) }
            XCTAssertEqual(unknown, [], "the guide documents keys under \(title) that the loader does not accept")
        }
        XCTAssertEqual(undocumented, [], "keys the loader accepts that docs/scenario-format.md does not document")
    }

    func testEveryDistributionAndItsParametersAreDocumented() throws {
        let guide = try document("scenario-format.md")
        let lines = try XCTUnwrap(section(guide, startingWith: "Distributions"))
        XCTAssertEqual(Set(tableKeys(lines)), Set(ScenarioKeys.distributions))
        for name in ScenarioKeys.distributions {
            let row = try XCTUnwrap(lines.first { $0.hasPrefix("| `\(name)` |") })
            for p in ScenarioKeys.distributionParameters[name] ?? [] {
                XCTAssertTrue(row.contains("`\(p)`"), "the \(name) row does not name its parameter \(p)")
            }
        }
    }

    func testEveryPolicyAndItsParametersAreDocumented() throws {
        let guide = try document("policies.md")
        let lines = try XCTUnwrap(section(guide, startingWith: "Built-in policies"))
        for type in PolicyRegistry.types {
            let row = try XCTUnwrap(lines.first { $0.hasPrefix("| `\(type.name)` |") }, "docs/policies.md has no row for \(type.name)")
            for p in type.parameterKeys {
                XCTAssertTrue(row.contains("`\(p)`"), "the \(type.name) row does not name its parameter \(p)")
            }
        }
    }

    func testEveryTimeUnitWordIsDocumented() throws {
        let guide = try document("scenario-format.md").joined(separator: "\n")
        for unit in TimeText.unitMinutes.keys.sorted() {
            XCTAssertTrue(guide.contains("`\(unit)`"), "the time unit \(unit) is accepted but not documented")
        }
        for unit in TimeUnit.allCases {
            XCTAssertTrue(guide.contains("`\(unit.rawValue)`"), "time_unit \(unit.rawValue) is not documented")
        }
    }

    /// What the guide's first lines promise: a key it does not list is an error with a suggestion.
    func testAKeyOutsideTheGuideIsAnErrorWithASuggestion() {
        let yaml = """
            name: typo
            run: {horizon: 100, replicatons: 2}
            arrivals: [{name: a, rate: 1}]
            resources: [{name: r, capacity: 1}]
            pathway: [{use: r, duration: 0.5}]
            """
        XCTAssertThrowsError(try ScenarioLoader.load(yaml: yaml, file: "typo.yaml")) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'replications'"), "\(error)")
        }
    }
}

/// The scenario schema is built from the same key lists, and must describe every key.
final class SchemaTests: XCTestCase {
    func testTheScenarioSchemaDescribesEveryKeyTheLoaderAccepts() {
        XCTAssertEqual(Schemas.scenario().undescribed, [])
    }

    func testSchemasAreTheSameEveryTime() {
        XCTAssertEqual(Schemas.scenario().document.rendered(), Schemas.scenario().document.rendered())
        XCTAssertEqual(Schemas.results().rendered(), Schemas.results().rendered())
    }
}
