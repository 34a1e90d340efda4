import CLibPQ
import Foundation
import XCTest

/// A PostgreSQL server for one test: databases of its own (named with the test's prefix) in one
/// throw-away cluster that every test of the process shares, started at the first use and removed
/// when the process exits (starting a cluster takes about a second; tests only make databases).
public final class PostgresTestServer {
    /// The URL of a database of this test's own (`main`).
    public let url: String
    let cluster: PostgresCluster
    let prefix: String

    nonisolated(unsafe) static var shared: Result<PostgresCluster, Error>?
    nonisolated(unsafe) static var count = 0
    static let lock = NSLock()

    public init() throws {
        let (cluster, n): (Result<PostgresCluster, Error>, Int) = Self.lock.withLock {
            if Self.shared == nil {
                Self.shared = Result { try PostgresCluster() }
                if case .success = Self.shared! { atexit { if case .success(let c)? = PostgresTestServer.shared { c.stop() } } }
            }
            Self.count += 1
            return (Self.shared!, Self.count)
        }
        self.cluster = try cluster.get()
        prefix = "t\(n)_"
        url = try self.cluster.database(prefix + "main")
    }

    /// The URL of this test's database `name`, created when absent.
    public func database(_ name: String) throws -> String {
        try cluster.database(prefix + name)
    }

    /// Runs `sql` on the database at `url` (see `PostgresCluster.query`).
    @discardableResult
    public func query(_ url: String, _ sql: String) throws -> [[String?]] { try cluster.query(url, sql) }

    /// Nothing to do: the cluster serves the other tests and goes when the process ends.
    public func stop() {}
}

/// A throw-away PostgreSQL cluster on loopback: initialised in a temporary folder, started on its
/// own port with password-less local access, stopped and removed by `stop()`. Run as root it
/// installs Debian's `postgresql` when absent (the cluster then runs as the `postgres` user, as
/// PostgreSQL requires); otherwise a machine without it skips the test.
final class PostgresCluster {
    let url: String
    let folder: URL
    let bin: String
    let owner: String?

    init() throws {
        let root = geteuid() == 0
        var found = Self.binaries()
        if found == nil, root, FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") {
            _ = Self.shell("DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 || "
                           + "(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1)")
            found = Self.binaries()
        }
        guard let bin = found else { throw XCTSkip("PostgreSQL's server (initdb, pg_ctl) is not installed and cannot be") }
        self.bin = bin
        // PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
        owner = root ? "postgres" : nil
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hospsim-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let owner { _ = Self.shell("chown \(owner) '\(folder.path)'") }
        let port = 40_000 + Int(getpid()) % 20_000
        let data = folder.appendingPathComponent("data").path
        guard Self.shell(as: owner, "'\(bin)/initdb' -D '\(data)' -A trust -U postgres --no-sync >'\(folder.path)/initdb.log' 2>&1") == 0 else {
            throw XCTSkip("initdb failed: " + ((try? String(contentsOfFile: folder.path + "/initdb.log", encoding: .utf8)) ?? ""))
        }
        let options = "-p \(port) -k '\(folder.path)' -c listen_addresses=127.0.0.1 -c fsync=off"
        guard Self.shell(as: owner, "'\(bin)/pg_ctl' -D '\(data)' -o \"\(options)\" -l '\(folder.path)/server.log' -w -t 30 start >/dev/null 2>&1") == 0 else {
            throw XCTSkip("the PostgreSQL server did not start: " + ((try? String(contentsOfFile: folder.path + "/server.log", encoding: .utf8)) ?? ""))
        }
        url = "postgresql://postgres@127.0.0.1:\(port)/postgres"
    }

    /// The URL of database `name` on this server, created when absent.
    func database(_ name: String) throws -> String {
        let exists = try query(url, "SELECT 1 FROM pg_database WHERE datname = '\(name)'")
        if exists.isEmpty { _ = try query(url, "CREATE DATABASE \(name)") }
        return String(url.dropLast("postgres".count)) + name
    }

    /// Runs `sql` (statements without parameters) on the database at `url`; the last
    /// statement's rows as text, nil for NULL. An error fails with the server's message.
    @discardableResult
    func query(_ url: String, _ sql: String) throws -> [[String?]] {
        guard let connection = PQconnectdb(url) else { throw Failure(message: "out of memory") }
        defer { PQfinish(connection) }
        guard PQstatus(connection) == CONNECTION_OK else { throw Failure(message: String(cString: PQerrorMessage(connection))) }
        guard let result = PQexec(connection, sql) else { throw Failure(message: String(cString: PQerrorMessage(connection))) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK: return []
        case PGRES_TUPLES_OK:
            return (0..<PQntuples(result)).map { r in
                (0..<PQnfields(result)).map { c in PQgetisnull(result, r, c) != 0 ? nil : String(cString: PQgetvalue(result, r, c)) }
            }
        default: throw Failure(message: String(cString: PQresultErrorMessage(result)))
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Stops the server and removes its folder.
    func stop() {
        _ = Self.shell(as: owner, "'\(bin)/pg_ctl' -D '\(folder.path)/data' -m immediate -w stop >/dev/null 2>&1")
        try? FileManager.default.removeItem(at: folder)
    }

    /// The folder of initdb and pg_ctl: Debian keeps them in /usr/lib/postgresql/VERSION/bin.
    static func binaries() -> String? {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        for v in versions where FileManager.default.isExecutableFile(atPath: "\(base)/\(v)/bin/initdb") { return "\(base)/\(v)/bin" }
        return nil
    }

    /// Runs `command` with /bin/sh (as `user` when given) and returns its exit status. Through
    /// system(3), not Foundation's Process: the server pg_ctl leaves running inherits Process's
    /// descriptors, and waiting on them would never end.
    @discardableResult
    static func shell(as user: String? = nil, _ command: String) -> Int32 {
        let line = user.map { "su \($0) -s /bin/sh -c \"\(command.replacingOccurrences(of: "\"", with: "\\\""))\"" } ?? command
        let status = system(line)
        return status == -1 ? -1 : (status >> 8) & 0xff
    }
}
