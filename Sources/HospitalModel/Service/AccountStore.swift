import Foundation

/// The service's accounts, kept in a JSON file (name, role, Argon2id hash, when made) that is
/// rewritten whole and renamed into place on every change, so a crash never leaves half a file.
/// The file holds no password, only hashes; it is created readable by its owner only.
public actor AccountStore {
    public struct Account: Codable, Sendable, Equatable {
        public var name: String
        public var role: Role
        public var password: String
        public var created: String
    }
    struct File: Codable {
        var accounts: [Account]
    }

    public let path: String
    var accounts: [Account]

    /// Reads the accounts file (none yet: no accounts).
    public init(path: String) throws {
        self.path = path
        if let data = FileManager.default.contents(atPath: path) {
            do {
                accounts = try JSONDecoder().decode(File.self, from: data).accounts
            } catch {
                throw PasswordHash.Failure(description: "\(path): not an accounts file of hospsim (\(error))")
            }
        } else {
            accounts = []
        }
    }

    /// A name is 1 to 32 lower-case letters, digits, dots, hyphens or underscores.
    public static func isValidName(_ name: String) -> Bool {
        (1...32).contains(name.count) && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_"
        }
    }

    public func account(named name: String) -> Account? { accounts.first { $0.name == name } }
    public func all() -> [Account] { accounts.sorted { $0.name < $1.name } }
    public var isEmpty: Bool { accounts.isEmpty }

    /// Adds an account (the hash made by the caller, off this actor: hashing takes tens of ms).
    public func add(name: String, role: Role, hash: String) throws {
        guard Self.isValidName(name) else {
            throw PasswordHash.Failure(description: "an account name is 1 to 32 of a-z, 0-9, '.', '-', '_'")
        }
        guard account(named: name) == nil else { throw PasswordHash.Failure(description: "there is already an account '\(name)'") }
        accounts.append(Account(name: name, role: role, password: hash, created: ISO8601DateFormatter().string(from: Date())))
        try save()
    }

    public func setRole(_ role: Role, of name: String) throws {
        guard let i = accounts.firstIndex(where: { $0.name == name }) else { throw PasswordHash.Failure(description: "no account '\(name)'") }
        try keepAnAdmin(changing: name, to: role)
        accounts[i].role = role
        try save()
    }

    public func setPassword(hash: String, of name: String) throws {
        guard let i = accounts.firstIndex(where: { $0.name == name }) else { throw PasswordHash.Failure(description: "no account '\(name)'") }
        accounts[i].password = hash
        try save()
    }

    public func remove(_ name: String) throws {
        guard accounts.contains(where: { $0.name == name }) else { throw PasswordHash.Failure(description: "no account '\(name)'") }
        try keepAnAdmin(changing: name, to: nil)
        accounts.removeAll { $0.name == name }
        try save()
    }

    /// The last admin cannot be demoted or removed: nobody could manage accounts any more.
    func keepAnAdmin(changing name: String, to role: Role?) throws {
        let admins = accounts.filter { $0.role == .admin }.map(\.name)
        if admins == [name], role != .admin {
            throw PasswordHash.Failure(description: "'\(name)' is the only admin; make another admin first")
        }
    }

    func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(File(accounts: accounts))
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw PasswordHash.Failure(description: "\(path): cannot write the accounts file")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw PasswordHash.Failure(description: "\(path): cannot replace the accounts file")
        }
    }
}
