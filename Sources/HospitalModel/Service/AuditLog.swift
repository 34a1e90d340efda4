import Foundation

/// Who did what, one JSON object per line, appended and flushed as it happens: logins (and
/// failed ones), studies started, accounts and scenarios changed, and every request refused
/// (a form without its CSRF token, a forged session, an oversized form, a path outside the
/// scenarios). The admin page shows the latest entries; the file is for keeping.
public actor AuditLog {
    public struct Entry: Codable, Sendable {
        public var time: String
        public var user: String
        public var action: String
        public var detail: String
        public var outcome: String
        public var address: String
    }

    public let path: String
    let handle: FileHandle
    var recent: [Entry] = []
    static let kept = 200

    public init(path: String) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw PasswordHash.Failure(description: "\(path): cannot create the audit log")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw PasswordHash.Failure(description: "\(path): cannot open the audit log for appending")
        }
        self.handle = handle
        handle.seekToEndOfFile()
    }

    /// Appends an entry; `outcome` is `ok`, `refused` or `failed`.
    public func record(user: String, action: String, detail: String = "", outcome: String = "ok", address: String = "") {
        // Details come from requests: cut to a sane length (the JSON encoder escapes the rest).
        let entry = Entry(time: ISO8601DateFormatter().string(from: Date()), user: String(user.prefix(64)), action: action,
                          detail: String(detail.prefix(300)), outcome: outcome, address: address)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(entry) {
            handle.write(data + Data("\n".utf8))
            try? handle.synchronize()
        }
        recent.append(entry)
        if recent.count > Self.kept { recent.removeFirst(recent.count - Self.kept) }
    }

    /// The latest entries, newest first.
    public func latest(_ count: Int) -> [Entry] { Array(recent.suffix(count).reversed()) }
}
