import CLibPQ
import Foundation

/// PostgreSQL's client library, opened when a PostgreSQL URL is first used rather than linked:
/// linked, libpq would load with every simrun process its dependencies (LDAP, Kerberos, TLS:
/// about twenty libraries and 3 ms of every start, `simrun --version` included). Only the
/// functions `PostgresConnection` calls; the types and constants come from the header.
struct LibPQ: @unchecked Sendable {
    let connectdb: @convention(c) (UnsafePointer<CChar>?) -> OpaquePointer?
    let status: @convention(c) (OpaquePointer?) -> ConnStatusType
    let errorMessage: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let finish: @convention(c) (OpaquePointer?) -> Void
    let serverVersion: @convention(c) (OpaquePointer?) -> Int32
    let execParams: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?,
                                    UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) -> OpaquePointer?
    let exec: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    let resultStatus: @convention(c) (OpaquePointer?) -> ExecStatusType
    let ntuples: @convention(c) (OpaquePointer?) -> Int32
    let nfields: @convention(c) (OpaquePointer?) -> Int32
    let fname: @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    let getisnull: @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    let getvalue: @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    let resultErrorField: @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    let resultErrorMessage: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let clear: @convention(c) (OpaquePointer?) -> Void
    let putCopyData: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32
    let putCopyEnd: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    let getResult: @convention(c) (OpaquePointer?) -> OpaquePointer?

    /// The library, loaded once; or why it could not be.
    static let shared: Result<LibPQ, PostgresConnection.Failure> = load()

    static func load() -> Result<LibPQ, PostgresConnection.Failure> {
        guard let library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL) else {
            let why = dlerror().map { String(cString: $0) } ?? "not found"
            return .failure(PostgresConnection.Failure(
                message: "PostgreSQL's client library is not installed (libpq.so.5, Debian's libpq5; scripts/ensure-deps installs it): \(why)", state: nil))
        }
        var missing: [String] = []
        func symbol<T>(_ name: String, _: T.Type) -> T? {
            guard let pointer = dlsym(library, name) else { missing.append(name); return nil }
            return unsafeBitCast(pointer, to: T.self)
        }
        guard let connectdb = symbol("PQconnectdb", (@convention(c) (UnsafePointer<CChar>?) -> OpaquePointer?).self),
              let status = symbol("PQstatus", (@convention(c) (OpaquePointer?) -> ConnStatusType).self),
              let errorMessage = symbol("PQerrorMessage", (@convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self),
              let finish = symbol("PQfinish", (@convention(c) (OpaquePointer?) -> Void).self),
              let serverVersion = symbol("PQserverVersion", (@convention(c) (OpaquePointer?) -> Int32).self),
              let execParams = symbol("PQexecParams", (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?,
                                                                       UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
                                                                       UnsafePointer<Int32>?, Int32) -> OpaquePointer?).self),
              let exec = symbol("PQexec", (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?).self),
              let resultStatus = symbol("PQresultStatus", (@convention(c) (OpaquePointer?) -> ExecStatusType).self),
              let ntuples = symbol("PQntuples", (@convention(c) (OpaquePointer?) -> Int32).self),
              let nfields = symbol("PQnfields", (@convention(c) (OpaquePointer?) -> Int32).self),
              let fname = symbol("PQfname", (@convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?).self),
              let getisnull = symbol("PQgetisnull", (@convention(c) (OpaquePointer?, Int32, Int32) -> Int32).self),
              let getvalue = symbol("PQgetvalue", (@convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?).self),
              let resultErrorField = symbol("PQresultErrorField", (@convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?).self),
              let resultErrorMessage = symbol("PQresultErrorMessage", (@convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self),
              let clear = symbol("PQclear", (@convention(c) (OpaquePointer?) -> Void).self),
              let putCopyData = symbol("PQputCopyData", (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32).self),
              let putCopyEnd = symbol("PQputCopyEnd", (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32).self),
              let getResult = symbol("PQgetResult", (@convention(c) (OpaquePointer?) -> OpaquePointer?).self) else {
            return .failure(PostgresConnection.Failure(message: "libpq.so.5 lacks \(missing.joined(separator: ", "))", state: nil))
        }
        return .success(LibPQ(connectdb: connectdb, status: status, errorMessage: errorMessage, finish: finish, serverVersion: serverVersion,
                              execParams: execParams, exec: exec, resultStatus: resultStatus, ntuples: ntuples, nfields: nfields, fname: fname,
                              getisnull: getisnull, getvalue: getvalue, resultErrorField: resultErrorField,
                              resultErrorMessage: resultErrorMessage, clear: clear, putCopyData: putCopyData, putCopyEnd: putCopyEnd,
                              getResult: getResult))
    }
}
