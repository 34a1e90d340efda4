import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An output named on the command line that is a file the same command reads, or another of
/// its outputs: writing it would destroy the input (`simrun run s.yaml --out s.yaml` replaced
/// the scenario with its own results). Checked once the arguments parse and before any work, so
/// nothing is run or written; exit 2.
///
/// Files are compared by identity (device and inode, links followed), so another spelling of
/// the path or a hard link is caught as well; a folder named as an input clashes with an output
/// that is one of its scenario files. Only regular files are compared: a device or a pipe
/// (`/dev/stdout`) may be named twice. The checkpoint may be the file `--resume` reads, which
/// it is meant to replace.
struct OutputClash: Error {
    let message: String

    /// The options whose value is a file or folder the command writes.
    static let outputOptions: Set<String> = ["--out", "-o", "--output", "--junit", "--event-log", "--export-csv", "--checkpoint"]

    /// The first clash among `arguments` (the command line after the program's name), if any.
    static func find(in arguments: [String]) -> OutputClash? {
        var outputs: [(option: String, path: String)] = []
        var others: [(option: String?, value: String)] = []
        var i = 0
        var positionalOnly = false
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if positionalOnly || !argument.hasPrefix("-") || argument == "-" {
                others.append((nil, argument))
                continue
            }
            if argument == "--" {
                positionalOnly = true
                continue
            }
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                let option = String(argument[..<equals]), value = String(argument[argument.index(after: equals)...])
                if outputOptions.contains(option) { outputs.append((option, value)) } else { others.append((option, value)) }
            } else if outputOptions.contains(argument), i < arguments.count {
                outputs.append((argument, arguments[i]))
                i += 1
            } else {
                // A flag, or an option whose value comes next and is looked at as a bare word.
                others.append((argument, argument))
            }
        }
        for (n, output) in outputs.enumerated() {
            if let planned = FileIdentity(planned: output.path) {
                for other in outputs[(n + 1)...] where FileIdentity(planned: other.path) == planned {
                    return OutputClash(message: "cannot write \(output.path): \(output.option) and \(other.option) name the same file; give each output its own file")
                }
            }
            guard let identity = FileIdentity(output.path) else { continue }
            for (k, other) in others.enumerated() {
                let option = other.option ?? (k > 0 ? others[k - 1].option : nil)
                if output.option == "--checkpoint", option == "--resume" { continue }
                if FileIdentity(other.value) == identity {
                    return OutputClash(message: "cannot write \(output.path) (\(output.option)): it is also an input of this command (\(other.value)), which the output would replace; name another file for the output")
                }
                if let folder = scenarioFolder(other.value, holding: output.path) {
                    return OutputClash(message: "cannot write \(output.path) (\(output.option)): it is a scenario file in \(folder), a folder this command reads; name a file outside it")
                }
            }
        }
        return nil
    }

    /// `folder`, when it is a folder and `path` an existing scenario file (.yaml, .yml) inside it.
    static func scenarioFolder(_ folder: String, holding path: String) -> String? {
        guard FileIdentity(path) != nil, path.hasSuffix(".yaml") || path.hasSuffix(".yml"),
              case .directory = Output.Kind(path: folder, follow: true),
              let inside = realpath(path, nil), let base = realpath(folder, nil) else { return nil }
        defer {
            free(inside)
            free(base)
        }
        let file = String(cString: inside), root = String(cString: base)
        return file.hasPrefix(root.hasSuffix("/") ? root : root + "/") ? folder : nil
    }

    /// A regular file's device and inode, following links; nil for anything else. A file not
    /// yet written is known by its folder's identity and its name.
    struct FileIdentity: Equatable {
        let device: UInt64
        let inode: UInt64
        let name: String

        init?(_ path: String) {
            guard !path.isEmpty, path != "-" else { return nil }
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
            (device, inode, name) = (UInt64(st.st_dev), UInt64(st.st_ino), "")
        }

        /// The file `path` is or will be: as `init(_:)` when it exists, else its folder and name.
        init?(planned path: String) {
            if let existing = FileIdentity(path) {
                self = existing
                return
            }
            guard !path.isEmpty, path != "-", case .missing = Output.Kind(path: path, follow: false) else { return nil }
            let url = URL(fileURLWithPath: path)
            var st = stat()
            guard stat(url.deletingLastPathComponent().path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return nil }
            (device, inode, name) = (UInt64(st.st_dev), UInt64(st.st_ino), url.lastPathComponent)
        }
    }
}
