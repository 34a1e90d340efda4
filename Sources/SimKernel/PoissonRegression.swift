import CGSL
import Foundation

/// Poisson regression with a log link (a log-linear model of counts), fitted by maximum
/// likelihood through iteratively reweighted least squares.
///
/// ```swift
/// // counts[i] ~ Poisson(exp(sum of coefficients[j] * x for (j, x) in rows[i]))
/// let fit = PoissonRegression(rows: [[(0, 1)], [(0, 1), (1, 1)]], counts: [3, 9], columns: 2)
/// fit.coefficients  // [log 3, log 3]
/// ```
/// The design is sparse (a row lists its non-zero columns), as calendar designs of indicator
/// columns are. A tiny ridge keeps a column that no row uses, or a level whose counts are all
/// zero, from making the normal equations singular; such a coefficient stays near 0 or drifts
/// to a large negative value (a rate near zero) instead of failing.
public struct PoissonRegression: Sendable {
    public typealias Row = [(column: Int, value: Double)]

    public let coefficients: [Double]
    /// The fitted means of the rows.
    public let fitted: [Double]
    /// The deviance, and Pearson's statistic: the sum of (count - mean)^2 / mean.
    public let deviance: Double
    public let pearson: Double
    /// Rows less coefficients: the degrees of freedom of the dispersion estimate.
    public let residualDegrees: Int
    public let iterations: Int
    /// The information matrix at the estimate (row-major), for `variance(of:)`.
    let information: [Double]

    public init(rows: [Row], counts: [Double], columns p: Int, ridge: Double = 1e-8, maxIterations: Int = 60) {
        precondition(rows.count == counts.count, "one count per row")
        let n = rows.count
        var beta = Array(repeating: 0.0, count: p)
        var eta = counts.map { log($0 + 0.5) }
        var mu = eta.map(exp)
        var lastDeviance = Double.infinity
        var information = Array(repeating: 0.0, count: p * p)
        var iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            information = Array(repeating: 0.0, count: p * p)
            var score = Array(repeating: 0.0, count: p)
            for i in 0..<n {
                let w = mu[i]
                let z = eta[i] + (counts[i] - mu[i]) / mu[i]
                for (a, xa) in rows[i] {
                    score[a] += w * xa * z
                    for (b, xb) in rows[i] where b >= a { information[a * p + b] += w * xa * xb }
                }
            }
            for a in 0..<p {
                information[a * p + a] += ridge
                for b in 0..<a { information[a * p + b] = information[b * p + a] }
            }
            guard let solved = Self.solve(information, score, p) else { break }
            beta = solved
            for i in 0..<n {
                var e = 0.0
                for (a, x) in rows[i] { e += beta[a] * x }
                eta[i] = min(e, 700)  // exp stays finite
                mu[i] = max(exp(eta[i]), 1e-300)
            }
            let d = Self.deviance(counts, mu)
            if abs(lastDeviance - d) <= 1e-10 * (abs(d) + 1) { lastDeviance = d; break }
            lastDeviance = d
        }
        coefficients = beta
        fitted = mu
        deviance = lastDeviance
        pearson = zip(counts, mu).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
        residualDegrees = n - p
        self.iterations = iterations
        self.information = information
    }

    /// The variance of coefficient `j` under the Poisson model (the diagonal of the inverse
    /// information); multiply by the dispersion for overdispersed counts.
    public func variance(of j: Int) -> Double {
        let p = coefficients.count
        var unit = Array(repeating: 0.0, count: p)
        unit[j] = 1
        return Self.solve(information, unit, p)?[j] ?? .nan
    }

    /// The Poisson deviance of `counts` against `means`.
    static func deviance(_ counts: [Double], _ means: [Double]) -> Double {
        var d = 0.0
        for (y, m) in zip(counts, means) { d += 2 * ((y > 0 ? y * log(y / m) : 0) - (y - m)) }
        return d
    }

    /// Solves the symmetric positive definite `a` (p x p, row-major) x = b by Cholesky; nil
    /// when `a` is not positive definite.
    static func solve(_ a: [Double], _ b: [Double], _ p: Int) -> [Double]? {
        var l = a
        for j in 0..<p {
            var d = l[j * p + j]
            for k in 0..<j { d -= l[j * p + k] * l[j * p + k] }
            guard d > 0, d.isFinite else { return nil }
            let root = d.squareRoot()
            l[j * p + j] = root
            for i in (j + 1)..<max(p, j + 1) {
                var s = l[i * p + j]
                for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
                l[i * p + j] = s / root
            }
        }
        var y = b
        for i in 0..<p {
            for k in 0..<i { y[i] -= l[i * p + k] * y[k] }
            y[i] /= l[i * p + i]
        }
        for i in stride(from: p - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(p, i + 1) { y[i] -= l[k * p + i] * y[k] }
            y[i] /= l[i * p + i]
        }
        return y
    }
}
