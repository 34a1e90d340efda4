import CGSL

/// A GSL generator's uniforms, drawn as `gsl_rng_uniform` draws them (its inline definition:
/// the generator type's `get_double` on its state), with the function looked up once: for loops
/// that draw many, which would otherwise call through the library's exported wrapper and look
/// the function up again for each.
public struct Uniforms {
    @usableFromInline let getDouble: @convention(c) (UnsafeMutableRawPointer?) -> Double
    @usableFromInline let state: UnsafeMutableRawPointer?

    @inlinable
    public init(_ rng: UnsafeMutablePointer<gsl_rng>) {
        getDouble = rng.pointee.type.pointee.get_double
        state = rng.pointee.state
    }

    /// The next uniform in [0, 1).
    @inlinable
    public func next() -> Double { getDouble(state) }
}
