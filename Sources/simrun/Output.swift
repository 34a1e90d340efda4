import ArgumentParser
import HospitalModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a command's output goes, and the rules that keep a failed or careless write from
/// destroying anything:
///
/// - no path, or `-`: standard output; a write error there is a message and exit 2, not a crash;
/// - a regular file or a missing path: written through a temporary file beside it and renamed
///   into place, so a reader never sees half a file and a failed run leaves none; an existing
///   file keeps its permissions;
/// - a symbolic link: followed on purpose; the file it points to is replaced as above and the
///   link itself is kept;
/// - a character device or a named pipe (`/dev/null`, `/dev/stdout`, a `>(…)` pipe): written
///   into, never replaced; nothing is ever created or renamed under `/dev` or `/proc`;
/// - anything else (a folder, a block device, a socket, a dangling link): refused with exit 2.
enum Output {
    /// Writes `text` to `path` (standard output when nil or `-`); on failure prints why and exits 2.
    static func write(_ text: String, to path: String?) throws {
        try stream(to: path) { emit throws(OutputError) in try emit(Array(text.utf8)) }
    }

    /// Hands bytes over as they are made, by calling `emit` any number of times.
    typealias Producer = (_ emit: ([UInt8]) throws(OutputError) -> Void) throws(OutputError) -> Void

    /// Writes what `produce` emits to `path`, by the same rules as `write`, without holding it
    /// all in memory.
    static func stream(to path: String?, into set: OutputSet? = nil, _ produce: Producer) throws {
        do throws(OutputError) {
            if let path, path != "-" {
                try writeFile(path: path, into: set, produce)
            } else {
                try produce { bytes throws(OutputError) in try writeAll(bytes, to: STDOUT_FILENO, name: "standard output") }
            }
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
    }

    struct OutputError: Error {
        var message: String
    }

    static let emptyName = OutputError(message: "cannot write an output with an empty file name; name a file, or '-' for standard output")

    static func systemError(_ what: String, _ code: Int32 = errno) -> OutputError {
        OutputError(message: "\(what): \(String(cString: strerror(code)))")
    }

    /// What a path names now, without following a final symbolic link.
    enum Kind {
        case missing, regular, directory, symlink, characterDevice, fifo, other(String)

        init(path: String, follow: Bool) {
            var st = stat()
            let status = follow ? stat(path, &st) : lstat(path, &st)
            guard status == 0 else {
                self = .missing
                return
            }
            switch st.st_mode & S_IFMT {
            case S_IFREG: self = .regular
            case S_IFDIR: self = .directory
            case S_IFLNK: self = .symlink
            case S_IFCHR: self = .characterDevice
            case S_IFIFO: self = .fifo
            case S_IFBLK: self = .other("a block device")
            case S_IFSOCK: self = .other("a socket")
            default: self = .other("not a regular file")
            }
        }
    }

    static func writeFile(path: String, into set: OutputSet? = nil, _ produce: Producer) throws(OutputError) {
        guard !path.isEmpty else { throw emptyName }
        var kind = Kind(path: path, follow: false)
        var target = path
        if case .symlink = kind {
            kind = Kind(path: path, follow: true)
            if case .missing = kind {
                throw OutputError(message: "cannot write \(path): it is a symbolic link to nothing (a dangling link); name a file instead")
            }
            if case .regular = kind, let resolved = realpath(path, nil) {
                target = String(cString: resolved)
                free(resolved)
            }
        }
        let systemFolder = path.hasPrefix("/dev/") || path.hasPrefix("/proc/")
        switch kind {
        case .characterDevice, .fifo:
            try writeInto(path: path, produce)
        case .missing where systemFolder:
            throw OutputError(message: "cannot write \(path): it does not exist, and simrun creates no files under /dev or /proc")
        case .regular where systemFolder:
            try writeInto(path: path, produce)
        case .missing, .regular:
            let temporary = try stageReplacement(target, produce)
            if let set { set.staged(temporary, for: target) } else { try commitReplacement(temporary, target) }
        case .directory:
            throw OutputError(message: "cannot write \(path): it is a folder; name a file inside it")
        case .other(let what):
            throw OutputError(message: "cannot write \(path): it is \(what), which simrun will not replace; name a regular file")
        case .symlink:
            throw OutputError(message: "cannot write \(path): it is a loop of symbolic links")
        }
    }

    /// Writes into an existing device or pipe without creating, truncating or renaming anything.
    static func writeInto(path: String, _ produce: Producer) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw systemError("cannot open \(path)") }
        defer { close(fd) }
        try produce { bytes throws(OutputError) in try writeAll(bytes, to: fd, name: path) }
    }

    /// Refuses, before any work is done, an output that could not be written: a folder named as
    /// the file, or a file in a folder that does not exist (or is a file). Exit 2.
    static func preflight(_ path: String?) throws {
        guard let path, path != "-" else { return }
        do throws(OutputError) {
            if path.isEmpty { throw emptyName }
            if case .directory = Kind(path: path, follow: true) {
                throw OutputError(message: "cannot write \(path): it is a folder; name a file inside it")
            }
            if !(path.hasPrefix("/dev/") || path.hasPrefix("/proc/")) { try checkFolder(of: path) }
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
    }

    /// Where `path` may go: its folder must exist (a missing folder, or a file where a folder is
    /// named, is said as such).
    static func checkFolder(of path: String) throws(OutputError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        switch Kind(path: folder, follow: true) {
        case .directory: return
        case .missing: throw OutputError(message: "cannot write \(path): the folder \(folder) does not exist")
        default: throw OutputError(message: "cannot write \(path): \(folder) is not a folder")
        }
    }

    /// Writes the future content of the regular file `path` to a hidden temporary beside it,
    /// flushed to disk; returns the temporary, for `commitReplacement`.
    static func stageReplacement(_ path: String, _ produce: Producer) throws(OutputError) -> String {
        let url = URL(fileURLWithPath: path)
        try checkFolder(of: path)
        removeStaleTemporaries(beside: url)
        let temporary = temporaryName(beside: url)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw systemError("cannot write \(path)") }
        var existing = stat()
        if stat(path, &existing) == 0 { fchmod(fd, existing.st_mode & 0o7777) }
        do throws(OutputError) {
            try produce { bytes throws(OutputError) in try writeAll(bytes, to: fd, name: path) }
            guard fsync(fd) == 0 else { throw systemError("cannot write \(path)") }
            close(fd)
            return temporary
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    /// rename(2) of a staged temporary over its target: atomic for the one file.
    static func commitReplacement(_ temporary: String, _ path: String) throws(OutputError) {
        guard rename(temporary, path) == 0 else {
            let error = systemError("cannot write \(path)")
            unlink(temporary)
            throw error
        }
    }

    /// Removes the hidden temporaries (files or folders) that a simrun killed outright left
    /// beside `url`: those whose process is gone. Those of a live simrun are left alone.
    static func removeStaleTemporaries(beside url: URL) {
        let name = url.lastPathComponent
        removeOrphans(in: url.deletingLastPathComponent().path, prefix: ".\(name).simrun-", suffix: ".tmp")
    }

    /// Removes the entries of `folder` named `PREFIX<pid>-<anything>SUFFIX` whose process is
    /// gone (a simrun killed outright); a live process's are left alone.
    static func removeOrphans(in folder: String, prefix: String, suffix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(suffix) {
            let fields = name.dropFirst(prefix.count).dropLast(suffix.count).split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    /// A hidden name beside `url` that no other process uses.
    static func temporaryName(beside url: URL) -> String {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).simrun-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp").path
    }

    static func writeAll(_ bytes: [UInt8], to fd: Int32, name: String) throws(OutputError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw systemError("cannot write \(name)")
            }
            offset += n
        }
    }
}

/// A folder of files written as one set (`--export-csv`): built in a temporary folder beside
/// the target and renamed into place, so a reader sees all the files or none.
enum OutputFolder {
    /// Writes `files` (name, text) as the folder `path`. An existing folder is replaced only when
    /// it is empty or holds nothing but files named in `replaceable` (an earlier export).
    static func write(_ files: [(name: String, text: String)], to path: String, replaceable: Set<String>) throws {
        do {
            try writeFolder(files, path: path, replaceable: replaceable)
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
    }

    /// Fails as `write` would, without writing: for a check before a long run.
    static func check(_ path: String, replaceable: Set<String>) throws {
        do {
            _ = try existingFiles(path, replaceable: replaceable)
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
    }

    /// The files of an earlier export at `path` (empty when there is none), or why `path`
    /// cannot take an export.
    static func existingFiles(_ path: String, replaceable: Set<String>) throws(Output.OutputError) -> [String] {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard case .directory = Output.Kind(path: folder, follow: true) else {
            throw Output.OutputError(message: "cannot write \(path): the folder \(folder) does not exist")
        }
        var oldFiles: [String] = []
        switch Output.Kind(path: path, follow: false) {
        case .missing: break
        case .directory:
            oldFiles = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let foreign = oldFiles.filter { !replaceable.contains($0) }.sorted()
            guard foreign.isEmpty else {
                let shown = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? ", …" : "")
                throw Output.OutputError(message: "cannot write \(path): the folder holds files simrun did not write (\(shown)); name a new or empty folder")
            }
        case .symlink:
            throw Output.OutputError(message: "cannot write \(path): it is a symbolic link; name the folder itself")
        default:
            throw Output.OutputError(message: "cannot write \(path): it exists and is not a folder")
        }
        return oldFiles
    }

    static func writeFolder(_ files: [(name: String, text: String)], path: String, replaceable: Set<String>,
                            into set: OutputSet? = nil) throws(Output.OutputError) {
        let url = URL(fileURLWithPath: path)
        _ = try existingFiles(path, replaceable: replaceable)
        Output.removeStaleTemporaries(beside: url)
        let temporary = Output.temporaryName(beside: url)
        guard mkdir(temporary, 0o777) == 0 else { throw Output.systemError("cannot create a folder beside \(path)") }
        func removeTemporary(_ dir: String) {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] { unlink(dir + "/" + f) }
            rmdir(dir)
        }
        do throws(Output.OutputError) {
            for file in files {
                let filePath = temporary + "/" + file.name
                let fd = open(filePath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                guard fd >= 0 else { throw Output.systemError("cannot write \(path)/\(file.name)") }
                defer { close(fd) }
                try Output.writeAll(Array(file.text.utf8), to: fd, name: "\(path)/\(file.name)")
                guard fsync(fd) == 0 else { throw Output.systemError("cannot write \(path)/\(file.name)") }
            }
        } catch {
            removeTemporary(temporary)
            throw error
        }
        if let set { set.stagedFolder(temporary, for: path, replaceable: replaceable) } else {
            try commitFolder(temporary, path: path, replaceable: replaceable)
        }
    }

    /// Moves the staged folder `temporary` into place at `path`, replacing an earlier export.
    static func commitFolder(_ temporary: String, path: String, replaceable: Set<String>) throws(Output.OutputError) {
        let url = URL(fileURLWithPath: path)
        func removeTemporary(_ dir: String) {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] { unlink(dir + "/" + f) }
            rmdir(dir)
        }
        do throws(Output.OutputError) {
            let oldFiles = try existingFiles(path, replaceable: replaceable)
            if oldFiles.isEmpty {
                // rename(2) replaces an empty folder atomically.
                guard rename(temporary, path) == 0 else { throw Output.systemError("cannot write \(path)") }
            } else {
                // A full folder cannot be renamed over: move the old export aside first. Between the
                // two renames the old files are still whole, under the aside name.
                let aside = Output.temporaryName(beside: url)
                guard rename(path, aside) == 0 else { throw Output.systemError("cannot replace \(path)") }
                guard rename(temporary, path) == 0 else {
                    let error = Output.systemError("cannot write \(path)")
                    rename(aside, path)
                    throw error
                }
                removeTemporary(aside)
            }
        } catch {
            removeTemporary(temporary)
            throw error
        }
    }
}

/// The event log's per-replication parts, in a private temporary folder removed with it, and
/// their concatenation, in replication order, into the named output.
final class EventLogParts {
    let folder: String

    init() throws {
        Self.removeStale()
        var template = Array((NSTemporaryDirectory() + "/simrun-event-log-\(getpid())-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            printError("error: cannot make a temporary folder for the event log: \(String(cString: strerror(errno)))")
            throw ExitCode(2)
        }
        folder = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Parts folders of simruns that were killed outright (their process is gone).
    static func removeStale() {
        Output.removeOrphans(in: NSTemporaryDirectory(), prefix: "simrun-event-log-", suffix: "")
    }

    /// Writes the header and the parts of `replications`, streamed a block at a time.
    func write(to path: String, replications: [Int], into set: OutputSet? = nil) throws {
        try Output.stream(to: path, into: set) { emit throws(Output.OutputError) in
            try emit(Array(EventLogFile.header.utf8))
            var block = [UInt8](repeating: 0, count: 1 << 20)
            for r in replications.sorted() {
                let part = "\(folder)/\(r).csv"
                guard let file = fopen(part, "r") else { throw Output.systemError("cannot read the event log part \(part)") }
                defer { fclose(file) }
                while true {
                    let n = fread(&block, 1, block.count, file)
                    if n > 0 { try emit(Array(block[0..<n])) }
                    if n < block.count {
                        if ferror(file) != 0 { throw Output.systemError("cannot read the event log part \(part)") }
                        break
                    }
                }
            }
        }
    }
}
