import CGSL

/// Welch's two-sample t-test from summary statistics.
public enum WelchTest {
    /// The two-sided p-value for equal means, given each sample's mean, sd and size.
    /// Two samples with zero spread give p = 1 when equal and 0 when not.
    public static func pValue(mean1: Double, sd1: Double, n1: Int,
                              mean2: Double, sd2: Double, n2: Int) -> Double {
        guard n1 >= 2, n2 >= 2 else { return mean1 == mean2 ? 1 : 0 }
        let v1 = sd1 * sd1 / Double(n1)
        let v2 = sd2 * sd2 / Double(n2)
        let se2 = v1 + v2
        guard se2 > 0 else { return mean1 == mean2 ? 1 : 0 }
        let t = (mean1 - mean2) / se2.squareRoot()
        let df = se2 * se2 / (v1 * v1 / Double(n1 - 1) + v2 * v2 / Double(n2 - 1))
        return 2 * gsl_cdf_tdist_Q(abs(t), df)
    }
}
