import FlyingFox
import Foundation
import HospitalModel
import HospitalReport

/// The what-if page: pick a scenario of the configured folder, change its key numbers, and run
/// it against the file as it is (the baseline) on common random numbers, in the background.
extension WebService {
    /// The scenarios offered: the `.yaml` files directly in the folder, by name without `.yaml`.
    /// A name from a request is looked up in this list, never joined to a path.
    func scenarioNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: configuration.scenarios)) ?? []
        return files.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }
            .filter { name in
                var folder: ObjCBool = false
                return FileManager.default.fileExists(atPath: configuration.scenarios + "/" + name + ".yaml", isDirectory: &folder) && !folder.boolValue
            }.sorted()
    }

    func scenarioSource(_ name: String, user: String) throws -> ScenarioSource {
        guard scenarioNames().contains(name) else {
            throw Refusal(status: .notFound, message: "There is no scenario '\(name.prefix(80))' in the scenarios folder.", user: user)
        }
        do {
            return try ScenarioSource.read(configuration.scenarios + "/" + name + ".yaml")
        } catch {
            throw Refusal(status: .internalServerError, message: "The scenario \(name) cannot be read: \(error)", user: user)
        }
    }

    func whatIf(_ r: Incoming) async throws -> HTTPResponse {
        let parts = r.path.split(separator: "/").map(String.init)
        guard parts.count <= 2 else { throw Refusal(status: .notFound, message: "no such page", user: r.user) }
        guard parts.count == 2 else {
            let list = scenarioNames().map { "<li><a href=\"/whatif/\(FormData.encode($0))\">\(Page.escape($0))</a></li>" }.joined()
            return respond(Page.layout("What-if", session: r.session, here: "/whatif", body: """
                <p>Pick a scenario, change its key numbers and run it against the file as it stands, on common random numbers
                (both see the same patients, so the difference is the change, not chance).</p><ul id="scenarios">\(list)</ul>
                """))
        }
        let name = parts[1]
        let source = try scenarioSource(name, user: r.user)
        let loaded: Scenario
        do { loaded = try source.load().scenario } catch {
            return respond(Page.layout("What-if: \(name)", session: r.session, here: "/whatif", body: Page.error("The scenario file has problems: \(error)")))
        }
        let form = WhatIfForm(source, scenario: loaded)
        if r.method == "GET" { return respond(whatIfPage(name, loaded, form, r.session!, error: nil, values: FormData())) }
        try require(.planner, r)
        // The form: the changed fields, the policy, the replications.
        let changes: [ScenarioPatch.Assignment]
        let demand: [(stream: Int, multiplier: Double)]
        var policy: PolicySpec?
        let replications: Int
        do {
            changes = try form.changes(r.form)
            demand = try form.demand(r.form, scenario: loaded)
            let asked = r.form["policy"] ?? ""
            if !asked.isEmpty && asked != (form.policy ?? "") {
                guard PolicyRegistry.names.contains(asked) else { throw FormData.Failure(description: "'\(asked.prefix(40))' is not a policy") }
                guard loaded.resources.contains(where: \.followsScenarioPolicy) else {
                    throw FormData.Failure(description: "the policy would change nothing: every resource that queues has its own discipline")
                }
                do { policy = try ScenarioLoader.policy(asked, for: loaded) } catch {
                    throw FormData.Failure(description: "the policy \(asked) cannot run this scenario as it is: \(error)")
                }
            }
            let text = r.form["replications"] ?? String(loaded.run.replications)
            guard let n = Int(text), (2...configuration.maxReplications).contains(n) else {
                throw FormData.Failure(description: "replications must be a whole number from 2 to \(configuration.maxReplications)")
            }
            replications = n
        } catch {
            await audit.record(user: r.user, action: "what-if \(name)", detail: "\(error)", outcome: "refused", address: r.address)
            return respond(whatIfPage(name, loaded, form, r.session!, error: "\(error)", values: r.form), status: .badRequest)
        }
        guard !changes.isEmpty || !demand.isEmpty || policy != nil else {
            return respond(whatIfPage(name, loaded, form, r.session!, error: "Nothing was changed: change a number or the policy first.", values: r.form),
                           status: .badRequest)
        }
        // The changed scenario is read as a file would be, before anything is queued.
        var variant: Scenario
        do { variant = changes.isEmpty ? loaded : try source.variant(changes).scenario } catch {
            await audit.record(user: r.user, action: "what-if \(name)", detail: ScenarioSource.label(of: changes), outcome: "refused", address: r.address)
            return respond(whatIfPage(name, loaded, form, r.session!, error: "\(error)", values: r.form), status: .badRequest)
        }
        for d in demand {
            switch variant.scalingDemand(by: d.multiplier, stream: d.stream) {
            case .success(let scaled): variant = scaled
            case .failure(let problem):
                return respond(whatIfPage(name, loaded, form, r.session!, error: problem.message, values: r.form), status: .badRequest)
            }
        }
        var baseline = loaded
        baseline.run.replications = replications
        variant.run.replications = replications
        let label = ([ScenarioSource.label(of: changes)] + demand.map { "demand.\(loaded.arrivals[$0.stream].name)=\(TeachingStation.number($0.multiplier))" }
                     + (policy.map { ["policy=\($0.name)"] } ?? [])).filter { !$0.isEmpty }.joined(separator: " ")
        let work = Self.whatIfWork(name: name, source: source, baseline: baseline, variant: variant, policy: policy, label: label,
                                   results: configuration.results, file: configuration.scenarios + "/" + name + ".yaml", user: r.user)
        let submitted: Result<Int, StudyQueue.Refusal> = await queue.submitting(owner: r.user, title: "\(name): \(label)", work)
        let id: Int
        switch submitted {
        case .success(let n): id = n
        case .failure(let refusal):
            await audit.record(user: r.user, action: "what-if \(name)", detail: refusal.description, outcome: "refused", address: r.address)
            return respond(whatIfPage(name, loaded, form, r.session!, error: refusal.description, values: r.form), status: .tooManyRequests)
        }
        await audit.record(user: r.user, action: "what-if \(name)", detail: "study \(id): \(label), \(replications) replications", address: r.address)
        return redirect("/studies/\(id)")
    }

    /// The study a what-if form asks for: the file as it is against the changed one, on common
    /// random numbers; both runs stored in the results database.
    static func whatIfWork(name: String, source: ScenarioSource, baseline: Scenario, variant: Scenario, policy: PolicySpec?, label: String,
                           results: String, file: String, user: String) -> StudyQueue.Work {
        { progress, stop in
            let study = Study(plan: ReplicationPlan(threads: 1), control: StudyControl(progress: progress, cancellation: stop))
            let outcome = try study.compare([StudyVariant(label: "baseline", scenario: baseline),
                                             StudyVariant(label: "what-if", scenario: variant, policy: policy)])
            let c = outcome.comparison
            let report = try Report.fromDocument(Data(ComparisonDocument.json(c).utf8), file: name).html()
            let record = RunRecord(file: file, fileHash: ResultsDatabase.fileHash(Data(source.text.utf8)), settings: "what-if by \(user): \(label)")
            let ids = try ResultsLocation.open(results).write(c.variants.map(\.result), record)
            return StudyQueue.Output(summary: comparisonSummary(c, runs: ids), report: report)
        }
    }

    func whatIfPage(_ name: String, _ scenario: Scenario, _ form: WhatIfForm, _ session: SessionStore.Session, error: String?, values: FormData) -> String {
        let inputs = form.fields.map { f in
            "<label>\(Page.escape(f.label)) <input type=\"text\" name=\"\(Page.escape(f.path))\" value=\"\(Page.escape(values[f.path] ?? f.value))\" maxlength=\"64\"></label>"
        }.joined(separator: "\n")
        let current = values["policy"] ?? form.policy ?? ""
        let policies = ([""] + PolicyRegistry.names).map { p in
            "<option value=\"\(Page.escape(p))\"\(p == current ? " selected" : "")>\(p.isEmpty ? "as the file says (\(Page.escape(form.policy ?? "fifo")))" : Page.escape(p))</option>"
        }.joined()
        let planner = session.role.allows(.planner)
        let fields = inputs + "<label>Policy <select name=\"policy\">\(policies)</select></label>"
            + "<label>Replications <input type=\"number\" name=\"replications\" min=\"2\" max=\"\(configuration.maxReplications)\" value=\"\(Page.escape(values["replications"] ?? String(min(scenario.run.replications, configuration.maxReplications))))\"></label>"
        return Page.layout("What-if: \(scenario.name)", session: session, here: "/whatif", body: (error.map(Page.error) ?? "")
            + "<p class=\"note\">Scenario file <code>\(Page.escape(name)).yaml</code>. Values are written as in the file (\"6 per hour\", \"2 day\").</p>"
            + (planner ? Page.form("/whatif/\(FormData.encode(name))", csrf: session.csrf, fields, submit: "Run against the baseline", id: "whatif")
                       : "<p class=\"note\">Viewers can look; running a study needs the planner role.</p><fieldset disabled>\(fields)</fieldset>"))
    }

    /// The headline metrics of a two-variant comparison with the paired difference.
    static func comparisonSummary(_ c: Comparison, runs: [Int64]) -> String {
        let wanted = ["wait.mean", "wait.p90", "time_in_system.mean", "reneged.fraction", "blocked.fraction", "cost.total"]
        var rows: [[String]] = []
        for metric in wanted {
            guard let base = c.variants[0].result.metric(metric), let other = c.variants[1].result.metric(metric) else { continue }
            let d = c.difference(variant: 1, metric: metric)
            rows.append([metric, TeachingStation.number(base.mean), TeachingStation.number(other.mean),
                         d.map { TeachingStation.number($0.summary.mean) + " ± " + TeachingStation.number($0.summary.halfWidth) } ?? "",
                         d.map { $0.significant ? "yes" : "no" } ?? ""])
        }
        return Page.table(["metric", "baseline", "what-if", "difference (95%)", "significant?"], rows, id: "summary")
            + "<p class=\"note\">Stored as runs \(runs.map(String.init).joined(separator: " and ")) of the results database.</p>"
    }
}
