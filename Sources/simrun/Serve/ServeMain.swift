import ArgumentParser
import Foundation
import HospitalModel
import HospitalService

/// simrun-serve, reached as `simrun serve`: starts the web service, adds accounts, makes the
/// sample hospital's database. Argument parsing and messages only; the service is the
/// `HospitalService` library.
@main
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simrun serve",
        abstract: "The hospsim web service: operations board, what-if and teaching pages.",
        subcommands: [Start.self, Account.self, SampleHospitalCommand.self],
        defaultSubcommand: Start.self)

    /// Exit status 2 for every failure, as the rest of simrun.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
        return ExitCode(2)
    }
}

struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the service (the default): simrun serve --config FILE.",
        discussion: "Listens on loopback unless --listen or the file says otherwise; stop it with Ctrl-C. See docs/service.md.")

    @Option(help: "The service's configuration file (YAML).")
    var config: String

    @Option(help: "HOST:PORT to listen on, instead of the file's (default 127.0.0.1:8080; port 0 picks a free one).")
    var listen: String?

    @Option(help: "Where results are stored, instead of the file's: a SQLite file or a postgresql:// URL.")
    var db: String?

    func run() async throws {
        var settings: ServiceConfiguration
        do { settings = try ServiceConfiguration.load(path: config) } catch { throw Serve.fail("\(error)") }
        if let listen {
            guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
                throw Serve.fail("--listen takes HOST:PORT such as 127.0.0.1:8080, got '\(listen)'")
            }
            settings.host = String(listen[..<colon])
            settings.port = port
        }
        if let db { settings.results = db }
        let service: WebService
        do { service = try WebService(configuration: settings) } catch { throw Serve.fail("\(error)") }
        guard await !service.hasNoAccounts else {
            throw Serve.fail("there are no accounts yet: add an admin first, with\n  simrun serve account add NAME --role admin --config \(config)\n(the password is read from standard input)")
        }
        signal(SIGPIPE, SIG_IGN)
        let host = settings.host
        do {
            try await service.run { port in
                FileHandle.standardError.write(Data("hospsim service listening on http://\(host):\(port)/\n".utf8))
            }
        } catch {
            throw Serve.fail("the service stopped: \(error)")
        }
    }
}

struct Account: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "account", abstract: "Manage accounts from the command line.",
                                                    subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add an account; its password is the first line of standard input (at least 10 characters).")

        @Argument(help: "The account's name: 1 to 32 of a-z, 0-9, '.', '-', '_'.")
        var name: String

        @Option(help: "viewer (reads), planner (also runs studies) or admin (also edits scenarios, mappings and accounts).")
        var role: Role

        @Option(help: "The service's configuration file (its accounts file is changed).")
        var config: String

        func run() async throws {
            let settings: ServiceConfiguration
            do { settings = try ServiceConfiguration.load(path: config) } catch { throw Serve.fail("\(error)") }
            guard let line = readLine(strippingNewline: true), line.count >= 10 else {
                throw Serve.fail("give the password (at least 10 characters) as the first line of standard input")
            }
            do {
                let store = try AccountStore(path: settings.accounts)
                try await store.add(name: name, role: role, hash: try PasswordHash.make(line))
                let audit = try AuditLog(path: settings.audit)
                await audit.record(user: NSUserName(), action: "add account", detail: "\(name) as \(role.rawValue) (command line)")
            } catch {
                throw Serve.fail("\(error)")
            }
            FileHandle.standardError.write(Data("account \(name) added as \(role.rawValue) to \(settings.accounts)\n".utf8))
        }
    }
}

extension Role: ExpressibleByArgument {}

struct SampleHospitalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-hospital",
        abstract: "Create the sample hospital's operational database: doctors, patients, appointments, billing, beds, admissions.",
        discussion: "The tables are created in the database the URL names (which must hold none of them); the history and the patients in the hospital now are generated from the seed. See docs/service.md.")

    @Option(help: "The PostgreSQL database to fill (postgresql://USER@HOST:PORT/DB).")
    var db: String

    @Option(help: "The seed of the generator: the same seed and --now give the same hospital.")
    var seed: UInt64 = 1

    @Option(help: "The hospital's present moment, ISO 8601 (default: now, to the minute).")
    var now: String?

    @Option(help: "Days of history before now.")
    var days: Int = 28

    func run() async throws {
        do {
            let summary = try SampleHospital(seed: seed, now: now, days: days).write(url: db)
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        } catch {
            throw Serve.fail("\(error)")
        }
    }
}
