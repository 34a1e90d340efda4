/// A policy parameter's value, as `PolicyArguments` read it.
public enum PolicyValue: Sendable, Equatable {
    case integer(Int)
    /// A number, or a time in the scenario's unit.
    case number(Double)
    case flag(Bool)
    case word(String)
    /// Class indices.
    case classes(Set<Int>)
    /// A number per class, by class index.
    case perClass([Double])
}
