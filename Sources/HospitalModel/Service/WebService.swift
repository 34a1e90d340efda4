import FlyingFox
import Foundation
import HospitalModel

/// `simrun serve`: the web application over the library. Every request is checked in one place
/// before any page sees it: the session (a cookie naming a live session, else the login page),
/// the role the route needs, the form's size and encoding, and on every POST the session's CSRF
/// token. Whatever is refused is answered plainly, changes nothing and is written to the audit log.
///
/// Pages never run studies on the threads that serve requests: studies go to the `StudyQueue`,
/// and the little work done inline (password hashes, the teaching station) runs on other threads.
public final class WebService: HTTPHandler, Sendable {
    public let configuration: ServiceConfiguration
    let accounts: AccountStore
    let sessions: SessionStore
    let audit: AuditLog
    let queue: StudyQueue
    let teaching: TeachingStation
    let board: OperationsBoard?

    static let sessionCookie = "hospsim_session"
    static let loginCookie = "hospsim_login"

    public init(configuration: ServiceConfiguration) throws {
        self.configuration = configuration
        accounts = try AccountStore(path: configuration.accounts)
        sessions = SessionStore(idleHours: configuration.sessionHours)
        audit = try AuditLog(path: configuration.audit)
        queue = StudyQueue(running: configuration.runningStudies, perUser: configuration.studiesPerUser)
        teaching = TeachingStation()
        board = try configuration.operations.map { try OperationsBoard($0, results: configuration.results) }
        // The results database is opened (created or migrated) now, so that a wrong one stops the start.
        _ = try ResultsLocation.open(configuration.results)
    }

    /// Whether no account exists yet (the service then refuses to start).
    public var hasNoAccounts: Bool { get async { await accounts.isEmpty } }

    /// Serves until the task is cancelled; `ready` is called once listening, with the port.
    public func run(ready: (@Sendable (UInt16) -> Void)? = nil) async throws {
        let address = try sockaddr_in.inet(ip4: configuration.host == "localhost" ? "127.0.0.1" : configuration.host, port: configuration.port)
        let server = HTTPServer(address: address, timeout: 30, logger: .disabled, handler: self)
        if let board { board.start() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask {
                try await server.waitUntilListening()
                var port = self.configuration.port
                if case .ip4(_, let p)? = await server.listeningAddress { port = p }
                ready?(port)
            }
            try await group.waitForAll()
        }
    }

    // MARK: requests

    /// A request as the pages see it: decoded, with its session (if any).
    struct Incoming: Sendable {
        var method: String
        var path: String
        var query: FormData
        var form = FormData()
        var cookies: [String: String]
        var address: String
        var session: SessionStore.Session?
        var user: String { session?.user ?? "-" }
    }

    public func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let address = request.remoteIPAddress ?? ""
        do {
            return try await route(request, address: address)
        } catch let refusal as Refusal {
            await audit.record(user: refusal.user, action: "\(request.method.rawValue) \(request.path)", detail: refusal.message,
                               outcome: "refused", address: address)
            return refusal.response(self)
        } catch {
            await audit.record(user: "-", action: "\(request.method.rawValue) \(request.path)", detail: "\(error)", outcome: "failed", address: address)
            return respond(Page.layout("Something went wrong", session: nil, body: Page.error("The service could not answer this request; it has been logged.")),
                           status: .internalServerError)
        }
    }

    /// A request refused before any page saw it.
    struct Refusal: Error {
        var status: HTTPStatusCode
        var message: String
        var user: String = "-"
        var toLogin = false

        func response(_ service: WebService) -> HTTPResponse {
            if toLogin { return service.redirect("/login") }
            return service.respond(Page.layout(status == .forbidden ? "Not allowed" : "Refused", session: nil,
                                               body: Page.error(message) + "<p><a href=\"/\">Back</a></p>"), status: status)
        }
    }

    func route(_ request: HTTPRequest, address: String) async throws -> HTTPResponse {
        let method = request.method.rawValue
        let path = request.path
        var incoming = Incoming(method: method, path: path, query: try FormData(request.query.map {
            FormData.encode($0.name) + "=" + FormData.encode($0.value) }.joined(separator: "&")),
                                cookies: Self.cookies(request.headers[.cookie]), address: address)
        // Static files and the login page need no session.
        switch (method, path) {
        case ("GET", "/static/site.css"): return respond(Page.style, type: "text/css; charset=utf-8", cache: true)
        case ("GET", "/static/progress.js"): return respond(Page.progressScript, type: "text/javascript; charset=utf-8", cache: true)
        case ("GET", "/health"): return respond("ok\n", type: "text/plain; charset=utf-8")
        case ("GET", "/favicon.ico"): return respond(Page.icon, type: "image/svg+xml", cache: true)
        default: break
        }
        if method == "POST" { incoming.form = try await readForm(request, user: "-") }
        if path == "/login" { return try await login(incoming) }
        // Everything else: a live session.
        guard let token = incoming.cookies[Self.sessionCookie] else { throw Refusal(status: .seeOther, message: "", toLogin: true) }
        guard let session = await sessions.session(token) else {
            await audit.record(user: "-", action: "\(method) \(path)", detail: "unknown or expired session cookie", outcome: "refused", address: address)
            return redirect("/login", cookies: [expiredCookie(Self.sessionCookie)])
        }
        incoming.session = session
        if method == "POST" {
            guard let csrf = incoming.form["csrf"], SessionStore.same(csrf, session.csrf) else {
                throw Refusal(status: .forbidden, message: "This form is missing its security token (or it is out of date): nothing was changed. Reload the page and try again.",
                              user: session.user)
            }
        } else if method != "GET" {
            throw Refusal(status: .methodNotAllowed, message: "\(method) is not used here", user: session.user)
        }
        return try await page(incoming)
    }

    /// The form of a POST: `application/x-www-form-urlencoded`, with a declared length no larger
    /// than the configured limit (read no further than it).
    func readForm(_ request: HTTPRequest, user: String) async throws -> FormData {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw Refusal(status: .unsupportedMediaType, message: "forms are sent as application/x-www-form-urlencoded", user: user)
        }
        guard let declared = request.headers[.contentLength].flatMap(Int.init) else {
            throw Refusal(status: .lengthRequired, message: "a form must declare its length", user: user)
        }
        guard declared <= configuration.maxFormBytes else {
            throw Refusal(status: .payloadTooLarge, message: "the form is \(declared) bytes; the limit is \(configuration.maxFormBytes)", user: user)
        }
        let body = try await request.bodyData
        guard body.count <= configuration.maxFormBytes else {
            throw Refusal(status: .payloadTooLarge, message: "the form is larger than \(configuration.maxFormBytes) bytes", user: user)
        }
        do {
            return try FormData(String(decoding: body, as: UTF8.self))
        } catch {
            throw Refusal(status: .badRequest, message: "\(error)", user: user)
        }
    }

    /// Checks the session's role; refused (and audited) when it does not allow `needed`.
    func require(_ needed: Role, _ incoming: Incoming) throws {
        guard let session = incoming.session, session.role.allows(needed) else {
            throw Refusal(status: .forbidden, message: "This needs the \(needed.rawValue) role; you are signed in as \(incoming.session?.role.rawValue ?? "nobody").",
                          user: incoming.user)
        }
    }

    static func cookies(_ header: String?) -> [String: String] {
        var out: [String: String] = [:]
        for part in (header ?? "").split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = pair[0].trimmingBlanks()
            if out[name] == nil { out[name] = pair[1].trimmingBlanks() }
        }
        return out
    }

    // MARK: responses

    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "SAMEORIGIN"),
    ]

    func respond(_ body: String, status: HTTPStatusCode = .ok, type: String = "text/html; charset=utf-8", cookies: [String] = [],
                 cache: Bool = false) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers[.contentType] = type
        headers[HTTPHeader("Cache-Control")] = cache ? "max-age=3600" : "no-store"
        for (name, value) in Self.securityHeaders { headers[HTTPHeader(name)] = value }
        for cookie in cookies { headers.addValue(cookie, for: HTTPHeader("Set-Cookie")) }
        return HTTPResponse(statusCode: status, headers: headers, body: Data(body.utf8))
    }

    func redirect(_ location: String, cookies: [String] = []) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers[.location] = location
        headers[HTTPHeader("Cache-Control")] = "no-store"
        for cookie in cookies { headers.addValue(cookie, for: HTTPHeader("Set-Cookie")) }
        return HTTPResponse(statusCode: .seeOther, headers: headers)
    }

    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> String {
        "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict" + (configuration.cookiesSecure ? "; Secure" : "") + (maxAge.map { "; Max-Age=\($0)" } ?? "")
    }

    func expiredCookie(_ name: String) -> String { cookie(name, "", maxAge: 0) }

    /// Runs `work` on a thread of its own, off the threads that serve requests.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
