import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import Foundation
import SimKernel

/// A waiting-time distribution with an atom at zero and Erlang parts:
/// P(Wq <= t) = noWait + sum of weight * P(Erlang(shape, rate) <= t). M/M/c has one part
/// (shape 1, rate c mu - lambda, weight Erlang C); M/M/c/K one per number found waiting.
public struct WaitDistribution: Sendable {
    public var noWait: Double
    public var parts: [(weight: Double, shape: Int, rate: Double)]

    public init(noWait: Double, parts: [(weight: Double, shape: Int, rate: Double)]) {
        self.noWait = noWait
        self.parts = parts
    }

    public func cdf(_ t: Double) -> Double {
        guard t >= 0 else { return 0 }
        var f = noWait
        for part in parts {
            // P(Erlang(k, r) <= t) = 1 - sum_{i<k} e^{-rt} (rt)^i / i!
            let x = part.rate * t
            var term = exp(-x), tail = 0.0
            for i in 0..<part.shape {
                if i > 0 { term *= x / Double(i) }
                tail += term
            }
            f += part.weight * max(0, 1 - tail)
        }
        return min(1, f)
    }
}
