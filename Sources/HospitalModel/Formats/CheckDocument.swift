import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// The JSON document of `simrun check`: whether anything regressed, and per metric its
/// baseline and new value, difference, p-value, tolerance and verdict.
public struct CheckDocument: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public var baseline: DocumentNumber
        public var now: DocumentNumber
        public var difference: DocumentNumber
        public var pValue: DocumentNumber
        public var tolerance: DocumentNumber
        public var verdict: String

        enum CodingKeys: String, CodingKey { case baseline, now, difference, pValue = "p_value", tolerance, verdict }
    }

    public var regressed: Bool
    public var metrics: DocumentMap<Entry>
    /// With `--constraint`: whether one was shown breached, and each one's estimate, the
    /// distance to the bound it is judged by, verdict and excess.
    public var breached: Bool?
    public var constraints: [OptimizationDocument.Check]?

    enum CodingKeys: String, CodingKey { case regressed, metrics, breached, constraints }

    public static let layout = DocumentLayout(blocks: [[], ["metrics"], ["constraints"]])

    public init(_ check: RegressionCheck) {
        regressed = check.regressed
        if !check.constraints.isEmpty {
            breached = check.breached
            constraints = check.constraints.map { c in
                OptimizationDocument.Check(c)
            }
        }
        metrics = DocumentMap(check.lines.map { l in
            (l.metric, Entry(baseline: DocumentNumber(l.baseline), now: DocumentNumber(l.now), difference: DocumentNumber(l.difference),
                             pValue: DocumentNumber(l.pValue), tolerance: DocumentNumber(l.tolerance), verdict: l.verdict.rawValue))
        })
    }

    public var json: String { DocumentEncoder.json(self, layout: Self.layout) }

    public static func read(_ data: Data, file: String) throws(ScenarioErrors) -> CheckDocument {
        try DocumentReader.decode(CheckDocument.self, from: data, file: file, what: "a check document")
    }
}

/// The other machine formats of `simrun check`: CSV verdicts, and JUnit XML for CI servers.
extension RegressionCheck {
    /// One row per metric: its baseline and new value, difference, p-value, tolerance and verdict.
    public func csv() -> String {
        var out = "metric,baseline,now,difference,relative,p_value,tolerance,verdict\n"
        for l in lines {
            out += [CSV.field(l.metric), CSV.number(l.baseline), CSV.number(l.now), CSV.number(l.difference),
                    CSV.number(l.relative), CSV.number(l.pValue), CSV.number(l.tolerance), l.verdict.rawValue].joined(separator: ",") + "\n"
        }
        // Constraints: the constraint in place of the metric, its estimate as now, its verdict.
        for c in constraints {
            out += [CSV.field(c.constraint.description), "", CSV.number(c.mean), "", "", "", "", c.verdict.rawValue].joined(separator: ",") + "\n"
        }
        return out
    }

    /// JUnit XML: one test case per metric; failures carry the numbers.
    public func junit(suite: String) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let failures = lines.filter { $0.verdict != .ok }.count + constraints.filter { $0.verdict == .failed }.count
        let tests = lines.count + constraints.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites tests=\"\(tests)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"\(esc(suite))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
        for l in lines {
            out += "    <testcase classname=\"\(esc(suite))\" name=\"\(esc(l.metric))\""
            if l.verdict == .ok {
                out += "/>\n"
            } else {
                let message = l.verdict == .missing ? "metric \(l.metric) is missing from the new run"
                    : "\(l.metric): baseline \(JSON.number(l.baseline)), now \(JSON.number(l.now)), difference \(JSON.number(l.difference)) (\(NumberText.fixed(l.relative * 100, 1))% > tolerance \(NumberText.fixed(l.tolerance * 100, 1))%), Welch p = \(NumberText.significant(l.pValue, 3))"
                out += ">\n      <failure type=\"\(l.verdict.rawValue)\" message=\"\(esc(message))\">\(esc(message))</failure>\n    </testcase>\n"
            }
        }
        // A constraint fails its test case when shown breached; one not yet decided passes with
        // the doubt written out (the run's replications could not settle it).
        for c in constraints {
            let name = c.constraint.description
            let message = "\(name): estimate \(JSON.number(c.mean)), bound \(JSON.number(c.halfWidth)) away, \(c.verdict.rawValue)"
            switch c.verdict {
            case .failed:
                out += "    <testcase classname=\"\(esc(suite))\" name=\"\(esc(name))\">\n      <failure type=\"constraint\" message=\"\(esc(message))\">\(esc(message))</failure>\n    </testcase>\n"
            case .undecided:
                out += "    <testcase classname=\"\(esc(suite))\" name=\"\(esc(name))\">\n      <system-out>\(esc(message))</system-out>\n    </testcase>\n"
            case .met:
                out += "    <testcase classname=\"\(esc(suite))\" name=\"\(esc(name))\"/>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
