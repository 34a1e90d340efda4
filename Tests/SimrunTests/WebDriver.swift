import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A browser driven through the W3C WebDriver protocol: headless Chromium behind Debian's
/// chromedriver (both installed when absent and running as root). Only what the service's
/// tests need: open a page, find elements, type, click, run a script, read the page, screenshots.
final class WebDriver {
    let driver: Process
    let base: String
    let session: String
    let logFolder: URL

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Starts chromedriver and a headless Chromium session.
    init(folder: URL) throws {
        let chromium = try ReportCommandTests.chromium()
        let chromedriver = "/usr/bin/chromedriver"
        if !FileManager.default.isExecutableFile(atPath: chromedriver) {
            guard getuid() == 0 else { throw XCTSkip("chromedriver is not installed, and installing it needs root") }
            _ = try SimrunProcess.execute(URL(fileURLWithPath: "/bin/sh"), ["-c",
                "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-driver >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-driver >/dev/null 2>&1)"])
            guard FileManager.default.isExecutableFile(atPath: chromedriver) else { throw XCTSkip("chromium-driver could not be installed") }
        }
        logFolder = folder
        let port = try Self.freePort()
        driver = Process()
        driver.executableURL = URL(fileURLWithPath: chromedriver)
        driver.arguments = ["--port=\(port)", "--log-path=\(folder.appendingPathComponent("chromedriver.log").path)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        base = "http://127.0.0.1:\(port)"
        var ready = false
        var last = ""
        for _ in 0..<100 where !ready {
            do {
                ready = (try Self.request("GET", base + "/status", nil)["value"] as? [String: Any])?["ready"] as? Bool ?? false
            } catch {
                last = "\(error)"
            }
            if !ready { Thread.sleep(forTimeInterval: 0.1) }
        }
        guard ready else { driver.terminate(); throw Failure(description: "chromedriver did not start: \(last)") }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                                  "--window-size=1280,1000", "--user-data-dir=\(folder.appendingPathComponent("profile").path)"]],
        ]]]
        do {
            let answer = try Self.request("POST", base + "/session", capabilities)
            guard let id = (answer["value"] as? [String: Any])?["sessionId"] as? String else { throw Failure(description: "no session: \(answer)") }
            session = id
        } catch {
            driver.terminate()
            throw error
        }
    }

    /// A port nothing listens on now: the one the system gives a socket bound to port 0.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Failure(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func quit() {
        _ = try? Self.request("DELETE", base + "/session/\(session)", nil)
        driver.terminate()
        driver.waitUntilExit()
    }

    /// One WebDriver command; its `value`, or the error it reports.
    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any? {
        let answer = try Self.request(method, base + "/session/\(session)" + path, body ?? (method == "POST" ? [:] : nil))
        if let value = answer["value"] as? [String: Any], let error = value["error"] as? String {
            throw Failure(description: "\(method) \(path): \(error): \(value["message"] ?? "")")
        }
        return answer["value"] ?? nil
    }

    /// One HTTP/1.1 exchange over a plain socket (chromedriver writes headers without the space
    /// after the colon, which Foundation's URLSession on Linux refuses), closed after the answer.
    static func request(_ method: String, _ url: String, _ body: [String: Any]?) throws -> [String: Any] {
        guard let u = URL(string: url), let port = u.port else { throw Failure(description: "bad URL \(url)") }
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data()
        var head = "\(method) \(u.path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if body != nil { head += "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n" }
        let message = Data((head + "\r\n").utf8) + payload
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "no socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot connect to \(url)") }
        var timeout = timeval(tv_sec: 180, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try message.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw Failure(description: "cannot send to \(url)") }
                sent += n
            }
        }
        // chromedriver keeps the connection open: read the headers, then Content-Length bytes.
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var expected: Int?
        var bodyStart = 0
        while expected.map({ answer.count < bodyStart + $0 }) ?? true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer.append(contentsOf: buffer[0..<n])
            if expected == nil, let split = answer.range(of: Data("\r\n\r\n".utf8)) {
                bodyStart = split.upperBound - answer.startIndex
                let headers = String(decoding: answer[..<split.lowerBound], as: UTF8.self).lowercased()
                let length = headers.components(separatedBy: "\r\n").first { $0.hasPrefix("content-length:") }
                expected = length.flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? Int.max
            }
        }
        guard expected != nil else { throw Failure(description: "\(method) \(url): no answer") }
        let content = answer[(answer.startIndex + bodyStart)...]
        guard let object = try JSONSerialization.jsonObject(with: content) as? [String: Any] else {
            throw Failure(description: "\(method) \(url): not a WebDriver answer")
        }
        return object
    }

    // MARK: what the tests do

    func open(_ url: String) throws { try command("POST", "/url", ["url": url]) }
    var url: String { get throws { try command("GET", "/url") as? String ?? "" } }
    var source: String { get throws { try command("GET", "/source") as? String ?? "" } }

    /// The element matching a CSS selector.
    func element(_ css: String) throws -> String {
        let value = try command("POST", "/element", ["using": "css selector", "value": css]) as? [String: Any]
        guard let id = value?.values.first as? String else { throw Failure(description: "no element \(css)") }
        return id
    }

    func elements(_ css: String) throws -> Int {
        (try command("POST", "/elements", ["using": "css selector", "value": css]) as? [Any])?.count ?? 0
    }

    func type(_ css: String, _ text: String) throws {
        let e = try element(css)
        try command("POST", "/element/\(e)/clear")
        try command("POST", "/element/\(e)/value", ["text": text])
    }

    func click(_ css: String) throws { try command("POST", "/element/\(try element(css))/click") }

    func text(_ css: String) throws -> String { try command("GET", "/element/\(try element(css))/text") as? String ?? "" }

    @discardableResult
    func script(_ js: String, _ arguments: [Any] = []) throws -> Any? { try command("POST", "/execute/sync", ["script": js, "args": arguments]) }

    func deleteCookies() throws { try command("DELETE", "/cookie") }

    /// A PNG of the window.
    func screenshot() throws -> Data {
        guard let text = try command("GET", "/screenshot") as? String, let data = Data(base64Encoded: text) else {
            throw Failure(description: "no screenshot")
        }
        return data
    }

    /// Waits (up to `seconds`) until `condition` holds, checking every half second.
    func wait(_ seconds: Double, _ what: String, _ condition: () throws -> Bool) throws {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if (try? condition()) == true { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        let page = ((try? source) ?? "").replacingOccurrences(of: "\n", with: " ")
        throw Failure(description: "waited \(Int(seconds)) s for \(what); at \((try? url) ?? "?"): \(page.prefix(1500))")
    }
}
