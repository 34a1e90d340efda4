import Foundation
import SimKernel

public struct PatientClass: Sendable {
    public var name: String
    public var share: Double
    /// Smaller is more urgent.
    public var priority: Int
    /// Time-to-treatment target, if any.
    public var target: Double?
    public var patience: Distribution?
    /// This class's own pathway, replacing the shared one.
    public var pathway: [Step]?
    /// Time-in-system target (such as the four-hour standard), if any.
    public var stayTarget: Double? = nil
}
