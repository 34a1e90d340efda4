import Foundation

/// Signed-in sessions, in memory: a random 256-bit token in an HttpOnly, SameSite=Strict cookie
/// names the session; each session has its own random CSRF token that every form carries back.
/// A session ends at logout, after `idleHours` without a request, when its account is removed
/// or its role changes, and when the service stops.
public actor SessionStore {
    public struct Session: Sendable {
        public var token: String
        public var user: String
        public var role: Role
        public var csrf: String
        var lastSeen: Date
    }

    let idle: TimeInterval
    var sessions: [String: Session] = [:]
    /// The most sessions kept at once: beyond it the least recently used ends.
    static let most = 10_000

    public init(idleHours: Double) { idle = idleHours * 3600 }

    public func start(user: String, role: Role) -> Session {
        if sessions.count >= Self.most, let oldest = sessions.values.min(by: { $0.lastSeen < $1.lastSeen }) {
            sessions[oldest.token] = nil
        }
        let session = Session(token: Self.randomToken(), user: user, role: role, csrf: Self.randomToken(), lastSeen: Date())
        sessions[session.token] = session
        return session
    }

    /// The live session of `token`, its idle time restarted; nil when unknown or expired.
    public func session(_ token: String) -> Session? {
        guard var s = sessions[token] else { return nil }
        guard Date().timeIntervalSince(s.lastSeen) < idle else {
            sessions[token] = nil
            return nil
        }
        s.lastSeen = Date()
        sessions[token] = s
        return s
    }

    public func end(_ token: String) { sessions[token] = nil }

    /// Ends every session of `user` (removed, or given another role).
    public func endAll(of user: String) { sessions = sessions.filter { $0.value.user != user } }

    public var count: Int { sessions.count }

    // MARK: failed logins

    var failures: [String: [Date]] = [:]
    /// Failed logins counted per name over this window.
    static let failureWindow: TimeInterval = 15 * 60

    /// Notes a failed login for `name`; whether the name is now locked.
    public func failedLogin(_ name: String, limit: Int) -> Bool {
        let now = Date()
        var recent = (failures[name] ?? []).filter { now.timeIntervalSince($0) < Self.failureWindow }
        recent.append(now)
        failures[name] = recent
        if failures.count > Self.most { failures = failures.filter { now.timeIntervalSince($0.value.last ?? now) < Self.failureWindow } }
        return recent.count >= limit
    }

    /// Whether `name` has had `limit` failed logins within the last 15 minutes (then even the
    /// right password is refused until they age out: guessing is slowed to a crawl).
    public func isLocked(_ name: String, limit: Int) -> Bool {
        let now = Date()
        return (failures[name] ?? []).filter { now.timeIntervalSince($0) < Self.failureWindow }.count >= limit
    }

    public func clearFailures(_ name: String) { failures[name] = nil }

    /// 32 random bytes from the system's secure generator, as 64 hex digits.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    /// Equal strings, compared in time that does not depend on where they differ.
    public static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
