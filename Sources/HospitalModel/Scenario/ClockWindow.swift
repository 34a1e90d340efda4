import Foundation
import SimKernel

/// A daily window of clock time, from `from` to `to` minutes after midnight (past midnight
/// when `to` is not after `from`).
public struct ClockWindow: Sendable, Equatable {
    public var from: Int
    public var to: Int

    public init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }

    /// Whether `minute` (of the day, 0..<1440) is inside.
    public func contains(minute m: Int) -> Bool { from < to ? m >= from && m < to : m >= from || m < to }
}
