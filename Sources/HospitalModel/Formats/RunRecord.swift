import HospitalScenario
import HospitalPolicies
import HospitalSimulation
import HospitalAnalysis
import Foundation
import SimKernel

/// What a run's rows are made from, besides its results.
public struct RunRecord: Sendable {
    public var file: String
    public var fileHash: String
    public var settings: String
    public var createdAt: String

    public init(file: String, fileHash: String, settings: String, createdAt: Date = Date()) {
        self.file = file
        self.fileHash = fileHash
        self.settings = settings
        self.createdAt = ISO8601DateFormatter().string(from: createdAt)
    }
}
