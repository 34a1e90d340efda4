import CGSL

/// The GNU Scientific Library's process-wide settings.
public enum GSL {
    /// GSL's default error handler aborts the process (a special function that fails to
    /// converge, a domain error). Turned off once, the functions return their error codes and
    /// NaN, which the callers check: a bad input is then a message, never a crash.
    public static func quiet() { _ = off }

    private static let off: Void = hospsim_gsl_quiet()
}
