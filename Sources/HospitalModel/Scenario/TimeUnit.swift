import Foundation
import SimKernel

public enum TimeUnit: String, Sendable, CaseIterable {
    case minute, hour, day
    /// Minutes in one unit.
    public var minutes: Double {
        switch self {
        case .minute: 1
        case .hour: 60
        case .day: 1440
        }
    }
    /// The length of one hour in this unit.
    public var hour: Double { 60 / minutes }
}
