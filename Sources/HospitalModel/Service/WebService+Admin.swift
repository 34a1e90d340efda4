import FlyingFox
import Foundation
import HospitalModel

/// The admin pages: accounts (add, change role, reset password, remove), scenario files and
/// the SQL mapping edited in place (checked before they are saved), and the audit log.
extension WebService {
    func admin(_ r: Incoming, _ rest: [String]) async throws -> HTTPResponse {
        try require(.admin, r)
        let session = r.session!
        switch (r.method, rest.first ?? "", rest.count > 1 ? rest[1] : "") {
        case ("GET", "", _):
            return respond(await adminPage(session, message: nil))
        case ("POST", "accounts", let verb):
            let name = r.form["name"] ?? ""
            do {
                switch verb {
                case "add":
                    guard let role = Role(rawValue: r.form["role"] ?? "") else { throw PasswordHash.Failure(description: "pick a role") }
                    let password = r.form["password"] ?? ""
                    guard password.count >= 10 else { throw PasswordHash.Failure(description: "a password has at least 10 characters") }
                    let hash = try await Self.offPool { try PasswordHash.make(password) }
                    try await accounts.add(name: name, role: role, hash: hash)
                    await audit.record(user: r.user, action: "add account", detail: "\(name) as \(role.rawValue)", address: r.address)
                case "role":
                    guard let role = Role(rawValue: r.form["role"] ?? "") else { throw PasswordHash.Failure(description: "pick a role") }
                    try await accounts.setRole(role, of: name)
                    await sessions.endAll(of: name)
                    await audit.record(user: r.user, action: "change role", detail: "\(name) to \(role.rawValue)", address: r.address)
                case "password":
                    let password = r.form["password"] ?? ""
                    guard password.count >= 10 else { throw PasswordHash.Failure(description: "a password has at least 10 characters") }
                    let hash = try await Self.offPool { try PasswordHash.make(password) }
                    try await accounts.setPassword(hash: hash, of: name)
                    await sessions.endAll(of: name)
                    await audit.record(user: r.user, action: "reset password", detail: name, address: r.address)
                case "remove":
                    try await accounts.remove(name)
                    await sessions.endAll(of: name)
                    await audit.record(user: r.user, action: "remove account", detail: name, address: r.address)
                default:
                    throw Refusal(status: .notFound, message: "no such action", user: r.user)
                }
            } catch let failure as PasswordHash.Failure {
                await audit.record(user: r.user, action: "accounts \(verb)", detail: "\(name.prefix(40)): \(failure)", outcome: "refused", address: r.address)
                return respond(await adminPage(session, message: failure.description), status: .badRequest)
            }
            return redirect("/admin")
        case (_, "scenario", let name):
            let path = try editableScenarioPath(name, user: r.user)
            return try await editFile(r, title: "Scenario \(name).yaml", path: path, action: "/admin/scenario/\(FormData.encode(name))") { text throws in
                do { _ = try ScenarioLoader.load(yaml: text, file: name + ".yaml") } catch { throw PasswordHash.Failure(description: "\(error)") }
            }
        case (_, "mapping", _):
            guard let operations = configuration.operations else { throw Refusal(status: .notFound, message: "no operations board is configured", user: r.user) }
            return try await editFile(r, title: "SQL mapping", path: operations.mapping, action: "/admin/mapping") { text throws in
                _ = try SiteMapping.parse(text, file: operations.mapping)
            } saved: { [board] in board?.reloadMapping() }
        default:
            throw Refusal(status: .notFound, message: "no such page", user: r.user)
        }
    }

    func editableScenarioPath(_ name: String, user: String) throws -> String {
        guard scenarioNames().contains(name) else {
            throw Refusal(status: .notFound, message: "There is no scenario '\(name.prefix(80))' in the scenarios folder.", user: user)
        }
        return configuration.scenarios + "/" + name + ".yaml"
    }

    /// A text file shown in a form; on POST checked by `check`, then written to a temporary
    /// file and renamed over the old one (never half written), and audited.
    func editFile(_ r: Incoming, title: String, path: String, action: String, check: @escaping @Sendable (String) throws -> Void,
                  saved: (@Sendable () -> Void)? = nil) async throws -> HTTPResponse {
        let session = r.session!
        var text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var message: String?
        if r.method == "POST" {
            guard let sent = r.form["text"] else { throw Refusal(status: .badRequest, message: "the form has no text", user: r.user) }
            let normalised = sent.replacingOccurrences(of: "\r\n", with: "\n")
            do {
                try await Self.offPool { try check(normalised) }
                let temporary = path + ".tmp-\(getpid())"
                guard FileManager.default.createFile(atPath: temporary, contents: Data(normalised.utf8)), rename(temporary, path) == 0 else {
                    unlink(path + ".tmp-\(getpid())")
                    throw PasswordHash.Failure(description: "cannot write \(path)")
                }
                saved?()
                await audit.record(user: r.user, action: "edit", detail: "\(title) (\(normalised.utf8.count) bytes)", address: r.address)
                message = "Saved."
                text = normalised
            } catch {
                await audit.record(user: r.user, action: "edit", detail: "\(title): \(error)", outcome: "refused", address: r.address)
                return respond(Page.layout(title, session: session, here: "/admin", body: Page.error("Not saved: \(error)")
                    + Page.form(action, csrf: session.csrf, "<textarea name=\"text\" rows=\"40\">\(Page.escape(normalised))</textarea>", submit: "Save")),
                               status: .badRequest)
            }
        }
        return respond(Page.layout(title, session: session, here: "/admin", body: (message.map { "<p class=\"ok\">\(Page.escape($0))</p>" } ?? "")
            + Page.form(action, csrf: session.csrf, "<textarea name=\"text\" rows=\"40\">\(Page.escape(text))</textarea>", submit: "Save")))
    }

    func adminPage(_ session: SessionStore.Session, message: String?) async -> String {
        let roles = Role.allCases.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }.joined()
        let accountRows = await accounts.all().map { a in
            "<tr><td class=\"l\">\(Page.escape(a.name))</td><td class=\"l\">\(a.role.rawValue)</td><td class=\"l\">\(Page.escape(a.created))</td><td class=\"l\">"
                + Page.form("/admin/accounts/role", csrf: session.csrf, "<input type=\"hidden\" name=\"name\" value=\"\(Page.escape(a.name))\"><select name=\"role\">"
                    + Role.allCases.map { "<option\($0 == a.role ? " selected" : "")>\($0.rawValue)</option>" }.joined() + "</select>", submit: "Set role")
                + Page.form("/admin/accounts/remove", csrf: session.csrf, "<input type=\"hidden\" name=\"name\" value=\"\(Page.escape(a.name))\">", submit: "Remove")
                + "</td></tr>"
        }.joined()
        let audits = await audit.latest(50).map { [$0.time, $0.user, $0.action, $0.detail, $0.outcome, $0.address] }
        let scenarios = scenarioNames().map { "<li><a href=\"/admin/scenario/\(FormData.encode($0))\">\(Page.escape($0)).yaml</a></li>" }.joined()
        return Page.layout("Admin", session: session, here: "/admin", body: (message.map(Page.error) ?? "") + """
            <h2>Accounts</h2>
            <table id="accounts"><tr><th class="l">name</th><th class="l">role</th><th class="l">since</th><th class="l"></th></tr>\(accountRows)</table>
            \(Page.form("/admin/accounts/add", csrf: session.csrf, """
                <label>Name <input type="text" name="name" maxlength="32" pattern="[a-z0-9._-]{1,32}"></label>
                <label>Role <select name="role">\(roles)</select></label>
                <label>Password (at least 10 characters) <input type="password" name="password" minlength="10" maxlength="256" autocomplete="new-password"></label>
                """, submit: "Add account", id: "add-account"))
            <h2>Scenarios</h2><ul>\(scenarios)</ul>
            \(configuration.operations == nil ? "" : "<h2>Operations</h2><p><a href=\"/admin/mapping\">Edit the SQL mapping</a></p>")
            <h2>Audit log (latest 50 of <code>\(Page.escape(configuration.audit))</code>)</h2>
            \(Page.table(["time", "who", "what", "detail", "outcome", "from"], audits, leftColumns: 6, id: "audit"))
            """)
    }
}
