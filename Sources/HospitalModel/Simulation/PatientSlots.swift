/// The patient pool's memory: one `Patient`, its draws and its held units per slot, in blocks
/// that double when the pool is full (the only time their addresses change). Every slot up to
/// the capacity is initialised, so a new slot is ready to use. Beside them, a stack of the slots
/// free for reuse (`free`), as large as the pool, so that pushing never checks for room.
final class PatientSlots {
    let drawsPerSlot: Int
    let resourcesPerSlot: Int
    private(set) var capacity = 0
    private(set) var pointers: (UnsafeMutablePointer<Simulation.Patient>, UnsafeMutablePointer<Double>,
                                UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Double>)
    /// Slots free for reuse, a stack (its height is the simulation's `freeCount`).
    private(set) var free: UnsafeMutablePointer<Int32> = .allocate(capacity: 1)

    init(drawsPerSlot: Int, resourcesPerSlot: Int) {
        self.drawsPerSlot = drawsPerSlot
        self.resourcesPerSlot = resourcesPerSlot
        pointers = (.allocate(capacity: 1), .allocate(capacity: 1), .allocate(capacity: 1), .allocate(capacity: 1))
        _ = grow(to: 64)
    }

    /// Doubles the capacity, keeping every slot's contents; returns the new addresses.
    func grow() -> (UnsafeMutablePointer<Simulation.Patient>, UnsafeMutablePointer<Double>,
                    UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Double>) {
        grow(to: capacity * 2)
    }

    private func grow(to newCapacity: Int) -> (UnsafeMutablePointer<Simulation.Patient>, UnsafeMutablePointer<Double>,
                                               UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Double>) {
        func moved<T>(_ old: UnsafeMutablePointer<T>, per: Int, fill: T) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: max(newCapacity * per, 1))
            new.initialize(repeating: fill, count: max(newCapacity * per, 1))
            if capacity > 0 { new.update(from: old, count: capacity * per) }
            old.deallocate()
            return new
        }
        pointers = (moved(pointers.0, per: 1, fill: Simulation.Patient()), moved(pointers.1, per: drawsPerSlot, fill: 0),
                    moved(pointers.2, per: resourcesPerSlot, fill: -1), moved(pointers.3, per: resourcesPerSlot, fill: 0))
        free = moved(free, per: 1, fill: -1)
        capacity = newCapacity
        return pointers
    }

    deinit {
        // Patients, draws and units are trivial values: freeing is all there is to do.
        pointers.0.deallocate()
        pointers.1.deallocate()
        pointers.2.deallocate()
        pointers.3.deallocate()
        free.deallocate()
    }
}
