import Dispatch
import Foundation
import HospitalModel
import Synchronization

/// Turns SIGINT and SIGTERM into a request to stop: the replications in flight are abandoned
/// within milliseconds and the finished ones kept; a second signal ends the process at once,
/// leaving the outputs as they were. Remembers which signal came, for the exit status
/// (128 + signal).
/// Unchecked Sendable: the signal sources are only stored, to keep them alive.
final class Interruption: @unchecked Sendable {
    final class Received: Sendable {
        let signal = Atomic<Int32>(0)
    }
    let stop = StopFlag()
    private let received = Received()
    private var sources: [DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            Glibc.signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            let stop = self.stop, received = self.received
            source.setEventHandler {
                guard received.signal.exchange(sig, ordering: .relaxed) == 0 else {
                    printError("\nstopped at once (a second \(sig == SIGINT ? "SIGINT" : "SIGTERM")); no output was written")
                    _exit(128 + sig)
                }
                printError("\nstopping: the replications in flight are abandoned, the finished ones kept (\(sig == SIGINT ? "SIGINT" : "SIGTERM"))...")
                stop.set()
            }
            source.resume()
            sources.append(source)
        }
    }

    var receivedSignal: Int32? {
        let s = received.signal.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }
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
