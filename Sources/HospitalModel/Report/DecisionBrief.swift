import Foundation
import HospitalModel

/// `simrun report OPTIMISATION.json --brief`: one printable page (A4) for a board: the question,
/// the recommendation with intervals, the equally good alternatives, the risk of breaching each
/// constraint, the sensitivity ranking (with `--sensitivity`), and the evidence the numbers
/// rest on.
public enum DecisionBrief {
    public static func html(_ doc: OptimizationDocument, sensitivity: SensitivityDocument?) throws -> String {
        guard let r = doc.recommended else {
            throw ReportError(message: "the optimisation recommends nothing (no point was shown feasible): a brief needs a recommendation")
        }
        func e(_ s: String) -> String { Report.escape(s) }
        func num(_ x: Double) -> String { Report.num(x) }
        func settings(_ p: OptimizationDocument.Point) -> String { p.settings.entries.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") }
        var varied: [String: [String]] = [:]
        for p in doc.points { for (k, v) in p.settings.entries where !(varied[k]?.contains(v) ?? false) { varied[k, default: []].append(v) } }
        let objective = doc.objectives.map { "\($0.sense == "maximize" ? "maximise" : "minimise") \($0.metric)" }.joined(separator: " and ")
        var body = "<h1>Decision brief: \(e(doc.scenario))</h1>\n"
        body += "<h2>The question</h2>\n<p>Which settings \(e(objective)), while "
            + (doc.constraints.isEmpty ? "nothing else is required" : doc.constraints.map { e($0.description) }.joined(separator: "; ")) + "?"
            + " Varied: " + varied.keys.sorted().map { k in "\(e(k)) over \(e(varied[k]!.joined(separator: ", ")))" }.joined(separator: "; ") + " (\(doc.points.count) combinations).</p>\n"
        if let demand = doc.demand {
            body += "<p>Demand scenarios: " + demand.map { "\(e($0.name)) ×\(num($0.multiplier.value))" }.joined(separator: ", ")
                + "; the constraints " + (doc.robust == "base" ? "under base demand only" : "under every scenario") + ".</p>\n"
        }
        body += "<h2>The recommendation</h2>\n<p class=\"answer\">\(e(settings(r)))</p>\n<table><tr><th>metric</th><th>mean</th><th>95% interval</th></tr>\n"
        let shown = doc.objectives.map(\.metric) + doc.constraints.map(\.metric).filter { m in !doc.objectives.contains { $0.metric == m } }
        for m in shown {
            guard let s = r.metrics[m] else { continue }
            body += "<tr><td>\(e(m))</td><td>\(num(s.mean.value))</td><td>\(num(s.mean.value - s.halfWidth.value)) to \(num(s.mean.value + s.halfWidth.value))</td></tr>\n"
        }
        body += "</table>\n<p class=\"small\">\(r.replications) replications at this setting; \(e(doc.ended == "selected" ? "the selection ended with a decision" : "the budget ended the search before a decision: no selection guarantee")).</p>\n"
        // The risk of a breach: each constraint at the recommendation, by replication (period).
        body += "<h2>The risk of breaching each constraint</h2>\n<table><tr><th>constraint</th><th>estimate</th><th>verdict</th><th>periods beyond the limit</th></tr>\n"
        for (k, c) in doc.constraints.enumerated() {
            let check = r.constraints.map { $0.indices.contains(k) ? $0[k] : nil } ?? nil
            let values = (r.replicationsValues?[c.metric] ?? []).map(\.value).filter { !$0.isNaN }
            let limit = c.kind == "probability" ? c.threshold?.value ?? c.value.value : c.value.value
            // A period breaches when its value lies on the wrong side of the limit (below it for
            // an at-least constraint or a P(... < X)).
            let breachBelow = c.kind == "probability" ? (c.beyond == "<") : (c.operator == ">=")
            let share = values.isEmpty ? "not recorded" : {
                let k = values.filter { breachBelow ? $0 < limit : $0 > limit }.count
                let (p, lower, upper) = ShareInterval.wilson(k, of: values.count)
                // Wilson's bounds, with rounding dust below a millionth shown as 0.
                func percent(_ x: Double) -> String { num(x < 1e-6 ? 0 : x * 100) }
                return "\(k) of \(values.count) (\(percent(p))%, 95% \(percent(lower))-\(percent(upper))%)"
            }()
            body += "<tr><td>\(e(c.description))</td><td>\(check.map { num($0.mean.value) } ?? "-")</td><td>\(e(check?.verdict ?? "-"))</td><td>\(e(share))</td></tr>\n"
        }
        body += "</table>\n<p class=\"small\">A period is one replication: \(doc.horizon.map { "\(num($0.value)) \(doc.timeUnit)s after a warm-up of \(num(doc.warmup?.value ?? 0))" } ?? "the scenario's horizon"). A mean can meet its limit while many periods breach it: the last column counts them.</p>\n"
        let alternatives = doc.runnersUp + doc.equivalent.filter { p in !doc.runnersUp.contains { settings($0) == settings(p) } }
        body += "<h2>Equally good alternatives</h2>\n"
        if alternatives.isEmpty {
            body += "<p>None: every other setting was shown worse or infeasible.</p>\n"
        } else {
            body += "<table><tr><th>settings</th><th>\(e(doc.objectives.first?.metric ?? "objective"))</th><th>why</th></tr>\n"
            for p in alternatives.prefix(6) {
                let o = doc.objectives.first.flatMap { p.metrics[$0.metric] }
                body += "<tr><td>\(e(settings(p)))</td><td>\(o.map { "\(num($0.mean.value)) ± \(num($0.halfWidth.value))" } ?? "-")</td><td>\(e(p.status))</td></tr>\n"
            }
            body += "</table>\n"
        }
        if let base = doc.baseChoice, settings(base) != settings(r) {
            body += "<p>Choosing for base demand alone would pick \(e(settings(base))); under the other scenarios it fails: "
                + e((base.byDemand?.entries ?? []).flatMap { d in (d.value.constraints ?? []).filter { $0.verdict != "met" && $0.excess.value > 0 }.map { "\(d.key): \($0.constraint)" } }.joined(separator: "; ")) + ".</p>\n"
        }
        body += "<h2>Which assumptions matter most</h2>\n"
        // The ranking of the first constrained metric the sensitivity study has, else its first.
        let constrained = Set(doc.constraints.map(\.metric))
        if let s = sensitivity, let first = s.metrics.entries.first(where: { constrained.contains($0.key) }) ?? s.metrics.entries.first {
            body += "<p>Each input moved \(NumberText.readable(s.change.value * 100))% down and up, one at a time (\(s.replications) replications each, common random numbers); the swing of \(e(first.key)) from low to high:</p>\n<table><tr><th>input</th><th>low - high</th><th>swing</th></tr>\n"
            let moved = Dictionary(s.inputs.map { ($0.path, "\($0.low) - \($0.high)") }, uniquingKeysWith: { a, _ in a })
            for effect in first.value.effects.prefix(5) {
                body += "<tr><td>\(e(effect.input))</td><td>\(e(moved[effect.input] ?? ""))</td><td>\(num(effect.swing.mean.value)) ± \(num(effect.swing.halfWidth.value))</td></tr>\n"
            }
            body += "</table>\n"
        } else {
            body += "<p>Not assessed: give <code>--sensitivity</code> a document of <code>simrun sensitivity</code>.</p>\n"
        }
        if let rob = doc.robustness {
            let moves = 2 * rob.inputs.count
            body += "<p>Robustness: each input but the decisions moved \(NumberText.readable(rob.change.value * 100))% down and up, the recommendation re-run on its \(rob.replications) replications"
                + (rob.demand.map { " under \(e($0)) demand" } ?? "") + ": \(moves - rob.failing.count) of \(moves) moves keep every constraint."
            if !rob.failing.isEmpty {
                body += " These do not: " + rob.failing.prefix(4).map { e($0) }.joined(separator: "; ")
                    + (rob.failing.count > 4 ? "; and \(rob.failing.count - 4) more" : "") + "."
            }
            body += "</p>\n"
        }
        body += "<h2>The evidence</h2>\n<ul class=\"small\">"
        body += "<li>\(doc.replicationsUsed) of \(doc.budget) replications over \(doc.points.count) settings, all on common random numbers (seed \(doc.seed)): differences between settings are paired.</li>"
        body += "<li>Feasibility by one-sided bounds (Student-t on means, exact binomial on shares and quantiles) at confidence \(num(doc.confidence.value)) shared over every judgement; selection by Kim and Nelson's procedure with an indifference zone of \(num(doc.delta.value)).</li>"
        if let h = doc.horizon {
            body += "<li>Each replication simulates \(num(h.value)) \(e(doc.timeUnit))s after a warm-up of \(num(doc.warmup?.value ?? 0)) (as the scenario file sets it; <code>simrun warmup</code> shows whether that is enough).</li>"
        }
        if let theory = r.theory {
            // The simulated values beside the exact ones of the recommendation's model.
            // Waits and utilisation first: the values a reader checks.
            func rank(_ name: String) -> Int { name.hasSuffix("wait.mean") ? 0 : name.hasSuffix("utilization") ? 1 : 2 }
            let compared = theory.values.entries.sorted { rank($0.key) < rank($1.key) }.compactMap { t -> String? in
                guard let s = r.metrics[t.key], t.value.value.isFinite else { return nil }
                let inside = abs(s.mean.value - t.value.value) <= s.halfWidth.value
                return "\(e(t.key)) \(num(s.mean.value)) ± \(num(s.halfWidth.value)) against \(num(t.value.value))\(inside ? "" : " (outside the interval)")"
            }.prefix(3)
            body += "<li>Queueing theory: at the recommendation the model is \(e(theory.model)) (\(e(theory.parameters))); simulated against exact: \(compared.joined(separator: "; ")).</li>"
        } else {
            body += "<li>Queueing theory: the scenario has no single-station form, so no exact value applies to it; the engine is checked against exact M/M/c, Erlang loss and Jackson network values in its test suite.</li>"
        }
        body += "</ul>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Decision brief: \(e(doc.scenario))</title>
            <style>
            @page { size: A4; margin: 12mm; }
            body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9pt; line-height: 1.2; max-width: 182mm; margin: 0 auto; color: #111; }
            h1 { font-size: 15pt; margin: 0 0 4pt; } h2 { font-size: 10.5pt; margin: 7pt 0 2pt; border-bottom: 1px solid #bbb; }
            p { margin: 3pt 0; } .answer { font-weight: bold; font-size: 10.5pt; } .small { font-size: 8.5pt; color: #333; }
            table { border-collapse: collapse; width: 100%; table-layout: fixed; } td:first-child, th:first-child { width: 44%; } td, th { border-bottom: 1px solid #ddd; padding: 1pt 4pt; text-align: left; overflow-wrap: anywhere; vertical-align: top; }
            ul { margin: 2pt 0 0 14pt; padding: 0; }
            </style></head><body>
            \(body)</body></html>

            """
    }
}
