import SimKernel

/// A mean and the half width of its 95% interval, as documents write them:
/// `{"mean": ..., "half_width": ...}`.
public struct DocumentInterval: Codable, Sendable {
    public var mean: DocumentNumber
    public var halfWidth: DocumentNumber

    enum CodingKeys: String, CodingKey { case mean, halfWidth = "half_width" }

    public init(_ s: Summary) {
        mean = DocumentNumber(s.mean)
        halfWidth = DocumentNumber(s.halfWidth)
    }
}
