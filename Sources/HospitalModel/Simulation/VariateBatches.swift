import CGSL
import SimKernel

/// Unit variates made `size` at a time for each stream whose every draw transforms the same
/// unit variate (`LinkedProgram.streamUnit`): a tight loop of uniforms and logarithms keeps the
/// processor busy where one draw between two events waits on the logarithm (a fifth of a run's
/// time before).
///
/// Each stream's variates are those its samplers would have drawn one at a time, in the same
/// order and arithmetic, so every number of every run is unchanged, bit for bit; the generator
/// only runs up to `size - 1` variates ahead, which nothing sees, since such a stream serves no
/// other kind of draw.
struct VariateBatches {
    static let size = 64
    private let units: UnsafeBufferPointer<Sampler.Unit?>
    private let values: UnsafeMutablePointer<Double>
    /// How many of each stream's current batch are taken; `size` when it needs a new one.
    private let taken: UnsafeMutablePointer<Int>

    /// Batches for the streams of `units` (nil: not batched), in `storage`.
    init(units: UnsafeBufferPointer<Sampler.Unit?>, storage: ReplicationStorage) {
        self.units = units
        values = storage.allocate(Double.self, count: Self.size * units.count, value: 0)
        taken = storage.allocate(Int.self, count: units.count, value: Self.size)
    }

    /// The next unit variate of `stream`, whose generator is `rng`.
    @inline(__always)
    func next(_ stream: Int, _ rng: UnsafeMutablePointer<gsl_rng>) -> Double {
        let batch = values + stream * Self.size
        var i = taken[stream]
        if i == Self.size {
            refill(batch, units[stream].unsafelyUnwrapped, rng)
            i = 0
        }
        taken[stream] = i + 1
        return batch[i]
    }

    private func refill(_ batch: UnsafeMutablePointer<Double>, _ unit: Sampler.Unit, _ rng: UnsafeMutablePointer<gsl_rng>) {
        var uniforms = Uniforms(rng)
        switch unit {
        case .exponential: for j in 0..<Self.size { batch[j] = Sampler.Unit.exponential.draw(&uniforms) }
        case .polarNormal: for j in 0..<Self.size { batch[j] = Sampler.Unit.polarNormal.draw(&uniforms) }
        }
    }
}
