import FlyingFox
import Foundation

/// Which page a signed-in request goes to, and the login and logout forms.
extension WebService {
    func page(_ r: Incoming) async throws -> HTTPResponse {
        let parts = r.path.split(separator: "/").map(String.init)
        switch (r.method, parts.first ?? "") {
        case ("GET", ""): return try await operationsPage(r)
        case ("GET", "operations") where parts.count == 2 && parts[1] == "report":
            guard let page = board?.reportPage() else { return respond(Page.layout("No forecast yet", session: r.session, body: ""), status: .notFound) }
            return respond(page)
        case ("POST", "operations"): return try await refreshOperations(r)
        case (_, "whatif"): return try await whatIf(r)
        case (_, "teaching"): return try await teachingPage(r)
        case (_, "studies"): return try await studies(r, parts.dropFirst().map { $0 })
        case (_, "admin"): return try await admin(r, parts.dropFirst().map { $0 })
        case ("POST", "logout"):
            if let s = r.session { await sessions.end(s.token) }
            await audit.record(user: r.user, action: "logout", address: r.address)
            return redirect("/login", cookies: [expiredCookie(Self.sessionCookie)])
        default:
            return respond(Page.layout("Not found", session: r.session, body: "<p>There is no page here. <a href=\"/\">Back to operations</a></p>"),
                           status: .notFound)
        }
    }

    func login(_ r: Incoming) async throws -> HTTPResponse {
        if r.method == "GET" {
            // One token per browser, kept while it is valid: a second login page (another tab, or
            // a favicon fetch sent to the login page) must not void the form already shown.
            let kept = r.cookies[Self.loginCookie].flatMap { $0.count == 64 && $0.allSatisfy(\.isHexDigit) ? $0 : nil }
            let token = kept ?? SessionStore.randomToken()
            return respond(loginForm(token: token, error: nil), cookies: [cookie(Self.loginCookie, token, maxAge: 1800)])
        }
        guard r.method == "POST" else { throw Refusal(status: .methodNotAllowed, message: "use the login form") }
        // The login form carries the token its page set as a cookie: another site cannot post it.
        guard let sent = r.form["login"], let kept = r.cookies[Self.loginCookie], SessionStore.same(sent, kept) else {
            throw Refusal(status: .forbidden, message: "This login form is missing its security token or is out of date: reload the login page.")
        }
        let name = r.form["name"] ?? "", password = r.form["password"] ?? ""
        let key = String(name.prefix(64))
        if await sessions.isLocked(key, limit: configuration.loginAttempts) {
            await audit.record(user: key, action: "login", detail: "locked after \(configuration.loginAttempts) failed logins in 15 minutes",
                               outcome: "refused", address: r.address)
            let token = SessionStore.randomToken()
            return respond(loginForm(token: token, error: "Too many failed logins for this name: try again in 15 minutes."), status: .tooManyRequests,
                           cookies: [cookie(Self.loginCookie, token, maxAge: 1800)])
        }
        let account = AccountStore.isValidName(name) ? await accounts.account(named: name) : nil
        // An unknown name costs a hash too, so that timing does not tell which names exist.
        let hash = account?.password ?? Self.decoyHash
        let good = try await Self.offPool { PasswordHash.verify(password, against: hash) } && account != nil
        guard good, let account else {
            _ = await sessions.failedLogin(key, limit: configuration.loginAttempts)
            await audit.record(user: String(name.prefix(32)), action: "login", detail: "wrong name or password", outcome: "refused", address: r.address)
            try await Task.sleep(nanoseconds: 400_000_000)
            let token = SessionStore.randomToken()
            return respond(loginForm(token: token, error: "The name or the password is wrong."), status: .unauthorized,
                           cookies: [cookie(Self.loginCookie, token, maxAge: 1800)])
        }
        await sessions.clearFailures(key)
        let session = await sessions.start(user: account.name, role: account.role)
        await audit.record(user: account.name, action: "login", detail: "role \(account.role.rawValue)", address: r.address)
        return redirect("/", cookies: [cookie(Self.sessionCookie, session.token), expiredCookie(Self.loginCookie)])
    }

    /// A hash of a password nobody has, checked when the name is unknown.
    static let decoyHash = (try? PasswordHash.make(SessionStore.randomToken())) ?? ""

    func loginForm(token: String, error: String?) -> String {
        Page.layout("Sign in", session: nil, body: (error.map(Page.error) ?? "") + """
            <form method="post" action="/login" id="login">
            <input type="hidden" name="login" value="\(token)">
            <label>Name <input type="text" name="name" autocomplete="username" required maxlength="32"></label>
            <label>Password <input type="password" name="password" autocomplete="current-password" required maxlength="256"></label>
            <button type="submit">Sign in</button>
            </form>
            """)
    }
}
