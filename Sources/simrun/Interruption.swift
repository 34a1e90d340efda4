import Dispatch
import Foundation
import HospitalModel
import Synchronization

/// Turns SIGINT and SIGTERM into a request to stop: the replications in flight are abandoned
/// within milliseconds and the finished ones kept; a second signal ends the process at once,
/// leaving the outputs as they were. Remembers which signal came, for the exit status
/// (128 + signal).
///
/// The signals are caught by a plain handler rather than dispatch sources: a source starts
/// libdispatch's event thread in every run, about 0.25 ms of a 7 ms process. The handler does
/// only what a signal handler may: atomic operations, `write` and `_exit`. A process runs one
/// study at a time, so there is one interruption state for the process.
struct Interruption {
    final class State: Sendable {
        let stop = StopFlag()
        let signal = Atomic<Int32>(0)
    }
    /// What the handler reaches (a handler sees only globals); made before it is installed.
    static let process = State()

    var stop: StopFlag { Self.process.stop }

    init() {
        _ = Self.process
        for sig in [SIGINT, SIGTERM] { Glibc.signal(sig, interruptionHandler) }
    }

    var receivedSignal: Int32? {
        let s = Self.process.signal.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
}

/// The handler of SIGINT and SIGTERM (see `Interruption`).
private func interruptionHandler(_ sig: Int32) {
    let first = Interruption.process.signal.exchange(sig, ordering: .relaxed) == 0
    let text: StaticString = switch (first, sig == SIGINT) {
    case (true, true): "\nstopping: the replications in flight are abandoned, the finished ones kept (SIGINT)...\n"
    case (true, false): "\nstopping: the replications in flight are abandoned, the finished ones kept (SIGTERM)...\n"
    case (false, true): "\nstopped at once (a second SIGINT); no output was written\n"
    case (false, false): "\nstopped at once (a second SIGTERM); no output was written\n"
    }
    _ = write(STDERR_FILENO, text.utf8Start, text.utf8CodeUnitCount)
    if !first { _exit(128 + sig) }
    Interruption.process.stop.set()
}

/// A progress bar on standard error for runs that take more than a second: replications done,
/// time elapsed and an estimate of the time left. Nothing when standard error is not a terminal.
final class ProgressBar: Sendable {
    private struct State {
        var lastDrawn = 0.0
        var drawn = false
    }
    private let start = DispatchTime.now().uptimeNanoseconds
    private let enabled = isatty(STDERR_FILENO) == 1
    private let state = Mutex(State())

    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        state.withLock { s in
            guard elapsed >= 1, elapsed - s.lastDrawn >= 0.2 || done == total else { return }
            s.lastDrawn = elapsed
            s.drawn = true
            let width = 30
            let filled = width * min(done, total) / total
            let left = done > 0 ? elapsed / Double(done) * Double(max(0, total - done)) : 0
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            let line = String(format: "\r[%@] %d/%d replications, %.1f s elapsed, about %.1f s left ", bar, done, total, elapsed, left)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        guard enabled else { return }
        state.withLock { s in
            if s.drawn { FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 90) + "\r").utf8)) }
        }
    }
}
