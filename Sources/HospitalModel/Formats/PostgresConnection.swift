import CLibPQ
import Foundation

/// A connection to a PostgreSQL server through its own client library (libpq): statements with
/// their parameters sent apart from the text (never spliced into it), results as text.
///
/// ```swift
/// let db = try PostgresConnection(url: "postgresql://hospsim@127.0.0.1:5432/hospsim")
/// try db.execute("CREATE TABLE IF NOT EXISTS runs (id bigserial PRIMARY KEY, scenario text)")
/// let rows = try db.execute("SELECT id FROM runs WHERE scenario = $1", ["ED"])
/// ```
///
/// A connection is used from one thread at a time (libpq's rule).
public final class PostgresConnection {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let message: String
        /// The SQLSTATE code the server gave (`42P01`: no such table), when it gave one.
        public let state: String?
        public var description: String { message }
    }

    let handle: OpaquePointer
    let pq: LibPQ

    /// Connects with a `postgresql://` URL or a `key=value` connection string; at most
    /// `timeout` seconds to connect.
    public init(url: String, timeout: Int = 10) throws(Failure) {
        // connect_timeout is a connection parameter; a URL takes it as a query item.
        let withTimeout = url.contains("connect_timeout") ? url
            : url.hasPrefix("postgres") ? url + (url.contains("?") ? "&" : "?") + "connect_timeout=\(timeout)"
            : url + " connect_timeout=\(timeout)"
        let pq: LibPQ
        switch LibPQ.shared {
        case .success(let library): pq = library
        case .failure(let failure): throw failure
        }
        self.pq = pq
        guard let connection = pq.connectdb(withTimeout) else { throw Failure(message: "out of memory connecting to PostgreSQL", state: nil) }
        guard pq.status(connection) == CONNECTION_OK else {
            let message = Self.text(pq.errorMessage(connection))
            pq.finish(connection)
            throw Failure(message: "cannot connect to PostgreSQL: \(message)", state: nil)
        }
        handle = connection
    }

    deinit { pq.finish(handle) }

    /// The server's version as a number (150020 for 15.20).
    public var serverVersion: Int { Int(pq.serverVersion(handle)) }

    /// Runs one statement with `parameters` bound to `$1`, `$2`, ... (nil: SQL NULL) and returns
    /// its rows, each column as text (nil for NULL); empty for statements without rows.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(Failure) -> [[String?]] {
        try query(sql, parameters).rows
    }

    /// As `execute`, with the names of the result's columns.
    public func query(_ sql: String, _ parameters: [String?] = []) throws(Failure) -> (columns: [String], rows: [[String?]]) {
        // The parameters' C strings must live until the call returns.
        let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for p in copies { free(p) } }
        let result: OpaquePointer? = copies.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                pq.execParams(handle, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
            }
        }
        guard let result else { throw Failure(message: Self.text(pq.errorMessage(handle)), state: nil) }
        defer { pq.clear(result) }
        switch pq.resultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return ([], [])
        case PGRES_TUPLES_OK:
            let rows = Int(pq.ntuples(result)), columns = Int(pq.nfields(result))
            let names = (0..<columns).map { pq.fname(result, Int32($0)).map { String(cString: $0) } ?? "" }
            return (names, (0..<rows).map { r in
                (0..<columns).map { c in
                    pq.getisnull(result, Int32(r), Int32(c)) != 0 ? nil : pq.getvalue(result, Int32(r), Int32(c)).map { String(cString: $0) } ?? ""
                }
            })
        default:
            let state = pq.resultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            throw Failure(message: Self.text(pq.resultErrorMessage(result)), state: state)
        }
    }

    /// Sends rows into `table` through COPY (one statement, the rows streamed in text form,
    /// far faster than an INSERT per row); `rows` calls its argument once per row, nil for NULL.
    /// Returns the number of rows the server took.
    @discardableResult
    public func copy(into table: String, columns: [String],
                     rows: (_ row: ([String?]) throws(Failure) -> Void) throws(Failure) -> Void) throws(Failure) -> Int {
        let start = pq.exec(handle, "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN")
        let status = pq.resultStatus(start)
        if status != PGRES_COPY_IN {
            let state = start.flatMap { pq.resultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
            let message = start.map { Self.text(pq.resultErrorMessage($0)) } ?? Self.text(pq.errorMessage(handle))
            pq.clear(start)
            throw Failure(message: message, state: state)
        }
        pq.clear(start)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        var sent = 0
        func flush() throws(Failure) {
            guard !buffer.isEmpty else { return }
            let ok = buffer.withUnsafeBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { pq.putCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            buffer.removeAll(keepingCapacity: true)
            if ok != 1 { throw Failure(message: Self.text(pq.errorMessage(handle)), state: nil) }
        }
        var failure: Failure?
        do {
            try rows { (row: [String?]) throws(Failure) in
                for (i, field) in row.enumerated() {
                    if i > 0 { buffer.append(9) }
                    Self.appendCopyField(field, to: &buffer)
                }
                buffer.append(10)
                sent += 1
                if buffer.count >= 1 << 16 { try flush() }
            }
            try flush()
        } catch {
            failure = error
        }
        // Ending the copy with an error message makes the server discard the rows sent.
        _ = pq.putCopyEnd(handle, failure.map { $0.message } ?? nil)
        var serverFailure: Failure?
        while let result = pq.getResult(handle) {
            if pq.resultStatus(result) != PGRES_COMMAND_OK, serverFailure == nil {
                let state = pq.resultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
                serverFailure = Failure(message: Self.text(pq.resultErrorMessage(result)), state: state)
            }
            pq.clear(result)
        }
        if let failure { throw failure }
        if let serverFailure { throw serverFailure }
        return sent
    }

    /// A field in COPY's text format: NULL as \N, and backslash, tab, newline and carriage
    /// return escaped with a backslash.
    static func appendCopyField(_ field: String?, to buffer: inout [UInt8]) {
        guard let field else {
            buffer.append(contentsOf: [92, 78])
            return
        }
        for byte in field.utf8 {
            switch byte {
            case 92: buffer.append(contentsOf: [92, 92])
            case 9: buffer.append(contentsOf: [92, 116])
            case 10: buffer.append(contentsOf: [92, 110])
            case 13: buffer.append(contentsOf: [92, 114])
            default: buffer.append(byte)
            }
        }
    }

    /// Runs `body` inside a transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    public func transaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    static func text(_ c: UnsafePointer<CChar>?) -> String {
        c.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }
}
