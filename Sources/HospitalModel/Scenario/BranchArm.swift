import Foundation
import SimKernel

public struct BranchArm: Sendable {
    /// Probability of this arm, per class index.
    public var probabilities: [Double]
    public var steps: [Step]
    /// The `otherwise` arm: taken whenever no other arm is; its probabilities are the rest.
    public var isOtherwise = false

    public init(probabilities: [Double], steps: [Step], isOtherwise: Bool = false) {
        self.probabilities = probabilities
        self.steps = steps
        self.isOtherwise = isOtherwise
    }
}
