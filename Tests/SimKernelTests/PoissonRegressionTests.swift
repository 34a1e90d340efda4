import CGSL
import XCTest
@testable import SimKernel

/// Poisson regression against what is known in closed form: with one indicator column per
/// group, the maximum-likelihood rate of a group is its mean count, and the coefficient's
/// variance is one over the group's total count.
final class PoissonRegressionTests: XCTestCase {
    func testIndicatorColumnsGiveEachGroupsMeanAndVariance() {
        let stream = RandomStream(seed: 1207)
        let means = [0.4, 3.0, 12.0]
        var rows: [PoissonRegression.Row] = [], counts: [Double] = []
        for i in 0..<600 {
            let g = i % 3
            rows.append([(g, 1)])
            counts.append(Double(gsl_ran_poisson(stream.rng, means[g])))
        }
        let fit = PoissonRegression(rows: rows, counts: counts, columns: 3)
        for g in 0..<3 {
            let group = stride(from: g, to: 600, by: 3).map { counts[$0] }
            let total = group.reduce(0, +)
            XCTAssertEqual(exp(fit.coefficients[g]), total / Double(group.count), accuracy: 1e-7 * total)
            XCTAssertEqual(fit.variance(of: g), 1 / total, accuracy: 1e-4 / total)
        }
        // Poisson counts: Pearson's statistic is about its degrees of freedom (sd sqrt(2 * 597)).
        XCTAssertEqual(fit.pearson, Double(fit.residualDegrees), accuracy: 4 * (2.0 * 597).squareRoot())
    }

    /// A continuous covariate: counts with log mean 1 + 0.5 x recover both coefficients within
    /// four standard errors, and the deviance of the fit is below that of a wrong slope.
    func testASlopeIsRecoveredWithinItsStandardError() {
        let stream = RandomStream(seed: 99)
        var rows: [PoissonRegression.Row] = [], counts: [Double] = []
        for i in 0..<2000 {
            let x = Double(i) / 1000 - 1
            rows.append([(0, 1), (1, x)])
            counts.append(Double(gsl_ran_poisson(stream.rng, exp(1 + 0.5 * x))))
        }
        let fit = PoissonRegression(rows: rows, counts: counts, columns: 2)
        XCTAssertEqual(fit.coefficients[0], 1, accuracy: 4 * fit.variance(of: 0).squareRoot())
        XCTAssertEqual(fit.coefficients[1], 0.5, accuracy: 4 * fit.variance(of: 1).squareRoot())
        let wrong = rows.map { r in exp(fit.coefficients[0] + 0.8 * r[1].value) }
        XCTAssertLessThan(fit.deviance, PoissonRegression.deviance(counts, wrong))
    }

    /// A column no row uses, and a group whose counts are all zero, do not break the fit.
    func testAnEmptyColumnAndAnAllZeroGroupStayFinite() {
        let rows: [PoissonRegression.Row] = [[(0, 1)], [(0, 1)], [(1, 1)], [(1, 1)]]
        let fit = PoissonRegression(rows: rows, counts: [2, 4, 0, 0], columns: 3)
        XCTAssertEqual(exp(fit.coefficients[0]), 3, accuracy: 1e-6)
        XCTAssertLessThan(exp(fit.coefficients[1]), 1e-3)
        XCTAssertEqual(fit.coefficients[2], 0, accuracy: 1e-6)
        XCTAssertTrue(fit.fitted.allSatisfy(\.isFinite))
    }
}
