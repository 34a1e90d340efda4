import HospitalScenario
import HospitalPolicies
import SimKernel

/// One operation of a compiled pathway.
public enum Op: Sendable, Equatable {
    /// Seize a unit of `resource`, hold it for draw `draw`, release it.
    case use(resource: Int32, draw: Int32, treatment: Bool)
    case seize(resource: Int32)
    case release(resource: Int32)
    case delay(draw: Int32)
    /// Pick an arm with the uniform draw `draw` against `BranchTable` `table`.
    case branch(draw: Int32, table: Int32)
    case jump(to: Int32)
    case leave
    /// Take `units` of supply item `item`.
    case consume(item: Int32, units: Int32)
    /// Write note `text` (an index into `CompiledModel.notes`) to the event log and trace.
    case note(text: Int32)
}
