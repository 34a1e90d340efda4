import Foundation
import HospitalTestSupport
import XCTest

/// Every source and test folder's README names each of its files, and every source folder's
/// says what the folder may import; the tests mirror the targets. These tests hold the code to
/// all of it, so the READMEs cannot drift from the tree.
final class HospitalModelArchitectureTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var folders: [URL] {
        let sources = root.appendingPathComponent("Sources")
        let layers = ["Scenario", "Policies", "Simulation", "Analysis", "Formats", "Study", "Report", "Service"]
        return [sources.appendingPathComponent("SimKernel"), sources.appendingPathComponent("simrun"), sources.appendingPathComponent("simrun/Serve")]
            + layers.map { sources.appendingPathComponent("HospitalModel/\($0)") }
    }

    /// Each target's source folder, by the name of its test folder (`Tests/<Target>Tests`).
    static let sourceFolderOfTests = [
        "SimKernelTests": "SimKernel", "HospitalScenarioTests": "HospitalModel/Scenario",
        "HospitalPoliciesTests": "HospitalModel/Policies", "HospitalSimulationTests": "HospitalModel/Simulation",
        "HospitalAnalysisTests": "HospitalModel/Analysis", "HospitalFormatsTests": "HospitalModel/Formats",
        "HospitalModelTests": "HospitalModel/Study", "HospitalReportTests": "HospitalModel/Report", "HospitalServiceTests": "HospitalModel/Service", "SimrunTests": "simrun",
    ]

    /// Every folder of tests, and the tests' shared support.
    static var testFolders: [URL] {
        let tests = root.appendingPathComponent("Tests")
        return (sourceFolderOfTests.keys.sorted() + ["HospitalTestSupport", "PostgresTestSupport"]).map { tests.appendingPathComponent($0) }
    }

    static func swiftFiles(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
    }

    /// The modules after "May import:", up to the end of that sentence.
    static func allowedImports(_ readme: String) -> Set<String>? {
        guard let start = readme.range(of: "May import:") else { return nil }
        var sentence = readme[start.upperBound...]
        if let end = sentence.range(of: "\\.\\s", options: .regularExpression) ?? sentence.range(of: ".", options: .backwards) {
            sentence = sentence[..<end.lowerBound]
        }
        return Set(sentence.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init))
    }

    func testEveryFileIsNamedInItsFoldersReadmeAndEveryNamedFileExists() throws {
        for folder in Self.folders + Self.testFolders {
            let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
            let files = try Self.swiftFiles(in: folder)
            XCTAssertFalse(files.isEmpty, folder.path)
            for file in files {
                XCTAssertTrue(readme.contains("`\(file)`"), "\(folder.lastPathComponent)/README.md does not name \(file)")
            }
            let named = try NSRegularExpression(pattern: "`([A-Za-z0-9+]+\\.swift)`")
                .matches(in: readme, range: NSRange(readme.startIndex..., in: readme))
                .map { String(readme[Range($0.range(at: 1), in: readme)!]) }
            XCTAssertFalse(named.isEmpty, "\(folder.lastPathComponent)/README.md names no file")
            for file in named {
                XCTAssertTrue(files.contains(file), "\(folder.lastPathComponent)/README.md names \(file), which is not there")
            }
        }
    }

    func testEveryImportIsOneItsFoldersReadmeAllows() throws {
        for folder in Self.folders {
            let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
            let allowed = try XCTUnwrap(Self.allowedImports(readme), "\(folder.lastPathComponent)/README.md has no 'May import:'")
            XCTAssertFalse(allowed.isEmpty)
            var seen = 0
            for file in try Self.swiftFiles(in: folder) {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                          words[..<i].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                    seen += 1
                    let module = String(words[i + 1])
                    XCTAssertTrue(allowed.contains(module), "\(folder.lastPathComponent)/\(file) imports \(module), which its README does not allow")
                }
            }
            XCTAssertGreaterThan(seen, 0, folder.path)
        }
    }

    /// The tests mirror the source tree: every test folder is a target's (`Tests/<Target>Tests`,
    /// and no other test folder exists), and each `XTests.swift` or `X+AspectTests.swift` in it
    /// tests `X.swift` of that target and holds the test case `XTests` or `XAspectTests`.
    /// Files that are not tests (shared helpers) are allowed, and named in the README.
    func testTestsMirrorTheSourceTree() throws {
        let tests = Self.root.appendingPathComponent("Tests")
        let folders = try FileManager.default.contentsOfDirectory(atPath: tests.path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertEqual(Set(folders), Set(Self.sourceFolderOfTests.keys).union(["HospitalTestSupport", "PostgresTestSupport"]))
        var checked = 0
        for (testFolder, sourceFolder) in Self.sourceFolderOfTests {
            let sources = Set(try Self.swiftFiles(in: Self.root.appendingPathComponent("Sources/\(sourceFolder)")))
            for file in try Self.swiftFiles(in: tests.appendingPathComponent(testFolder)) where file.hasSuffix("Tests.swift") {
                let name = String(file.dropLast("Tests.swift".count))
                let subject = String(name.split(separator: "+")[0])
                XCTAssertTrue(sources.contains(subject + ".swift"),
                              "\(testFolder)/\(file) is named after \(subject).swift, which is not in Sources/\(sourceFolder)")
                let text = try String(contentsOf: tests.appendingPathComponent("\(testFolder)/\(file)"), encoding: .utf8)
                let testCase = name.replacingOccurrences(of: "+", with: "") + "Tests"
                XCTAssertTrue(text.contains("class \(testCase):"), "\(testFolder)/\(file) does not hold the test case \(testCase)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 40)
    }

    /// The layers' order as the READMEs state it: no layer may import one above it.
    func testTheLayersImportOnlyDownwards() throws {
        let order = ["SimKernel", "HospitalScenario", "HospitalPolicies", "HospitalSimulation", "HospitalAnalysis",
                     "HospitalFormats", "HospitalModel", "HospitalReport", "HospitalService"]
        let folderOfLayer = ["SimKernel": "SimKernel", "HospitalScenario": "HospitalModel/Scenario",
                             "HospitalPolicies": "HospitalModel/Policies", "HospitalSimulation": "HospitalModel/Simulation",
                             "HospitalAnalysis": "HospitalModel/Analysis", "HospitalFormats": "HospitalModel/Formats",
                             "HospitalModel": "HospitalModel/Study", "HospitalReport": "HospitalModel/Report",
                             "HospitalService": "HospitalModel/Service"]
        for (level, layer) in order.enumerated() {
            let folder = Self.root.appendingPathComponent("Sources/\(folderOfLayer[layer]!)")
            let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
            let allowed = try XCTUnwrap(Self.allowedImports(readme))
            for above in order[level...] {
                XCTAssertFalse(allowed.contains(above), "\(layer) may not import \(above)")
            }
        }
    }

    /// One public type of more than a few lines per file, in a file named after it (extensions
    /// in `Type+Concern.swift`); small helper types may sit beside the type they serve.
    func testEachSizeablePublicTypeHasAFileNamedAfterIt() throws {
        let declaration = try NSRegularExpression(pattern: "^public (?:indirect )?(?:final )?(?:struct|enum|class|protocol|actor) ([A-Za-z0-9_]+)")
        var checked = 0
        for folder in Self.folders {
            for file in try Self.swiftFiles(in: folder) {
                let lines = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                var sizeable: [String] = []
                for (i, line) in lines.enumerated() {
                    guard let match = declaration.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                          let range = Range(match.range(at: 1), in: line) else { continue }
                    let end = lines[i...].firstIndex(of: "}") ?? lines.count - 1
                    if end - i + 1 > 12 { sizeable.append(String(line[range])) }
                }
                checked += sizeable.count
                let owner = String(file.dropLast(".swift".count).split(separator: "+")[0])
                XCTAssertLessThanOrEqual(sizeable.count, 1, "\(folder.lastPathComponent)/\(file) holds \(sizeable.joined(separator: ", "))")
                if let only = sizeable.first {
                    XCTAssertEqual(only, owner, "\(folder.lastPathComponent)/\(file) holds \(only): name the file after it")
                }
            }
        }
        XCTAssertGreaterThan(checked, 50)
    }

    /// Documents are read through their types, never as dictionaries: the command-line tool
    /// (and the formats layer outside `JSONFile`'s syntax check) holds no `[String: Any]`, no
    /// `NSNumber` cast and no `JSONSerialization`.
    func testDocumentsAreReadThroughTheirTypes() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        let folders = [sources.appendingPathComponent("simrun"), sources.appendingPathComponent("HospitalModel/Formats")]
        var found: [String] = []
        for folder in folders {
            for file in try Self.swiftFiles(in: folder) where file != "JSONFile.swift" {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for needle in ["[String: Any]", "as? NSNumber", "JSONSerialization"] where text.contains(needle) {
                    found.append("\(folder.lastPathComponent)/\(file): \(needle)")
                }
            }
        }
        XCTAssertEqual(found, [])
    }
}
