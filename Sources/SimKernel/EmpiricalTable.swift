import CGSL
import Foundation

/// The preprocessed lookup table (Walker's alias method, `gsl_ran_discrete_preproc`) of an
/// empirical distribution. Read-only after construction, so it may be shared between threads.
public final class EmpiricalTable: @unchecked Sendable, Equatable {
    public let values: [Double]
    public let probabilities: [Double]
    @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    /// `values` at a fixed address, for samplers that hold no reference.
    @usableFromInline let valueStorage: UnsafeMutablePointer<Double>

    init(values: [Double], weights: [Double]) {
        self.values = values
        let total = weights.reduce(0, +)
        self.probabilities = weights.map { $0 / total }
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
            fatalError("GSL could not preprocess an empirical table (out of memory)")
        }
        self.table = table
        valueStorage = .allocate(capacity: max(values.count, 1))
        valueStorage.initialize(from: values, count: values.count)
    }

    deinit {
        gsl_ran_discrete_free(table)
        valueStorage.deallocate()
    }

    var mean: Double { zip(values, probabilities).reduce(0) { $0 + $1.0 * $1.1 } }
    var variance: Double {
        let m = mean
        return zip(values, probabilities).reduce(0) { $0 + $1.1 * ($1.0 - m) * ($1.0 - m) }
    }
    func cdf(_ x: Double) -> Double {
        zip(values, probabilities).reduce(0) { $1.0 <= x ? $0 + $1.1 : $0 }
    }

    public static func == (lhs: EmpiricalTable, rhs: EmpiricalTable) -> Bool {
        lhs.values == rhs.values && lhs.probabilities == rhs.probabilities
    }
}
