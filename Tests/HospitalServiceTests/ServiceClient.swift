import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client for the service's tests that behaves like a careful browser: it keeps its own
/// cookies, does not follow redirects (so each answer can be checked), and can send any
/// request, malformed ones included.
final class ServiceClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    struct Answer {
        var status: Int
        var body: String
        var headers: [String: String]
        var location: String? { headers["Location"] }
    }

    let base: String
    var cookies: [String: String] = [:]
    lazy var session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.httpShouldSetCookies = false
        c.httpCookieAcceptPolicy = .never
        c.timeoutIntervalForRequest = 60
        return URLSession(configuration: c, delegate: self, delegateQueue: nil)
    }()

    init(port: UInt16) { base = "http://127.0.0.1:\(port)" }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func send(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) throws -> Answer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if !cookies.isEmpty { request.setValue(cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "), forHTTPHeaderField: "Cookie") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let done = DispatchSemaphore(value: 0)
        let box = Box()
        session.dataTask(with: request) { data, response, error in
            if let error { box.failure = error } else if let http = response as? HTTPURLResponse {
                var h: [String: String] = [:]
                for (k, v) in http.allHeaderFields { h["\(k)"] = "\(v)" }
                box.result = Answer(status: http.statusCode, body: String(decoding: data ?? Data(), as: UTF8.self), headers: h)
            }
            done.signal()
        }.resume()
        done.wait()
        if let failure = box.failure { throw failure }
        let answer = try XCTUnwrapAnswer(box.result)
        // Set-Cookie may be folded into one header: take each name=value before its attributes.
        if let set = answer.headers["Set-Cookie"] {
            for part in set.components(separatedBy: ", ") {
                let pair = part.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count >= 1 else { continue }
                let value = pair.count == 2 ? pair[1] : ""
                if value.isEmpty || part.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = value }
            }
        }
        return answer
    }

    func get(_ path: String) throws -> Answer { try send("GET", path) }

    /// Posts a form; `csrf` adds the session's token taken from the last page that had one.
    func post(_ path: String, _ fields: [(String, String)]) throws -> Answer {
        try send("POST", path, body: fields.map { FormEncoding.encode($0.0) + "=" + FormEncoding.encode($0.1) }.joined(separator: "&"))
    }

    /// Signs in through the login page; the answer to the login form.
    func login(_ name: String, _ password: String) throws -> Answer {
        let page = try get("/login")
        let token = try Self.field("login", in: page.body)
        return try post("/login", [("login", token), ("name", name), ("password", password)])
    }

    /// The value of the hidden field `name` in an HTML page.
    static func field(_ name: String, in html: String) throws -> String {
        guard let r = html.range(of: "name=\"\(name)\" value=\"") else { throw ClientError(message: "no field \(name)") }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }

    struct ClientError: Error { var message: String }

    /// What the completion handler hands back to the waiting caller (after the semaphore).
    final class Box: @unchecked Sendable {
        var result: Answer?
        var failure: Error?
    }

    func XCTUnwrapAnswer(_ a: Answer?) throws -> Answer {
        guard let a else { throw ClientError(message: "no answer") }
        return a
    }
}

enum FormEncoding {
    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")) ?? s
    }
}
