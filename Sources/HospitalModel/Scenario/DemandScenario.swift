import Foundation
import SimKernel

/// A demand scenario (`--demand high=1.15`): every walk-in arrival rate of the scenario times
/// a multiplier. Booked clinic patients are not scaled: their number is the clinic's booking.
public struct DemandScenario: Sendable, Equatable {
    public var name: String
    public var multiplier: Double

    /// Why a demand list or a scaling is refused.
    public struct Problem: Error, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    public init(name: String, multiplier: Double) {
        self.name = name
        self.multiplier = multiplier
    }

    /// `low=0.9,base=1,high=1.15`: names (unique) with positive multipliers, in order; nil with
    /// the reason when the text is not such a list.
    public static func parse(_ text: String) -> Result<[DemandScenario], DemandScenario.Problem> {
        var result: [DemandScenario] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
            guard pair.count == 2, !pair[0].isEmpty else { return .failure(.init("each demand scenario is NAME=MULTIPLIER, got '\(part)'")) }
            guard let m = Double(pair[1]), m.isFinite, m > 0 else { return .failure(.init("the multiplier of '\(pair[0])' must be a positive number, got '\(pair[1])'")) }
            guard !result.contains(where: { $0.name == pair[0] }) else { return .failure(.init("the demand scenario '\(pair[0])' is named twice")) }
            result.append(DemandScenario(name: pair[0], multiplier: m))
        }
        return .success(result)
    }
}

extension Scenario {
    /// This scenario with every walk-in arrival rate times `multiplier` (or stream `only`'s):
    /// Poisson rates, hourly profiles and dated rates. A renewal stream (gaps from a distribution) has no rate to
    /// scale: its name is returned as the failure.
    public func scalingDemand(by multiplier: Double, stream only: Int? = nil) -> Result<Scenario, DemandScenario.Problem> {
        var scaled = self
        for (i, stream) in arrivals.enumerated() where only == nil || only == i {
            switch stream.process {
            case .poisson(let rate): scaled.arrivals[i].process = .poisson(rate: rate * multiplier)
            case .profile(let rates): scaled.arrivals[i].process = .profile(ratesPerHour: rates.map { $0 * multiplier })
            case .renewal:
                return .failure(.init("the arrival stream '\(stream.name)' draws its gaps from a distribution (interarrival), which has no rate to scale by a demand multiplier"))
            }
            scaled.arrivals[i].dated?.ratesPerHour = stream.dated?.ratesPerHour.map { $0 * multiplier } ?? []
        }
        return .success(scaled)
    }
}
