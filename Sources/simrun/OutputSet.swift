import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The outputs of one command (`--out`, `--event-log`, `--export-csv`), committed as a set:
/// each is written in full to a hidden temporary beside its target, and only when every one is
/// ready are they renamed into place, one right after another; if any fails, none is renamed,
/// the temporaries are removed and the command exits 2. Standard output and devices cannot be
/// staged: what goes there is written after the files are ready and before they are renamed.
final class OutputSet {
    private var files: [(temporary: String, target: String)] = []
    private var folders: [(temporary: String, target: String, replaceable: Set<String>)] = []
    private var direct: [(text: String, path: String?)] = []

    func staged(_ temporary: String, for target: String) { files.append((temporary, target)) }

    func stagedFolder(_ temporary: String, for target: String, replaceable: Set<String>) {
        folders.append((temporary, target, replaceable))
    }

    /// `text` for `path` (standard output when nil or `-`).
    func add(_ text: String, to path: String?) throws {
        guard let path, path != "-", !Self.isDevice(path) else {
            direct.append((text, path))
            return
        }
        do {
            try Output.writeFile(path: path, into: self) { emit throws(Output.OutputError) in try emit(Array(text.utf8)) }
        } catch {
            abandon()
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
    }

    /// Renames everything staged into place, after writing what goes to devices.
    func commit() throws {
        for d in direct {
            do {
                try Output.stream(to: d.path) { emit throws(Output.OutputError) in try emit(Array(d.text.utf8)) }
            } catch {
                abandon()
                throw error
            }
        }
        direct = []
        do throws(Output.OutputError) {
            for f in folders { try OutputFolder.commitFolder(f.temporary, path: f.target, replaceable: f.replaceable) }
            folders = []
            for f in files { try Output.commitReplacement(f.temporary, f.target) }
            files = []
        } catch {
            abandon()
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
    }

    /// Removes every temporary not yet renamed.
    func abandon() {
        for f in files { unlink(f.temporary) }
        for f in folders { try? FileManager.default.removeItem(atPath: f.temporary) }
        files = []
        folders = []
        direct = []
    }

    deinit { abandon() }

    static func isDevice(_ path: String) -> Bool {
        switch Output.Kind(path: path, follow: true) {
        case .characterDevice, .fifo: true
        default: path.hasPrefix("/dev/") || path.hasPrefix("/proc/")
        }
    }
}
