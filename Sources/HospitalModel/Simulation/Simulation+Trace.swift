import SimKernel

extension Simulation {
    /// Records an event when tracing; costs one nil check otherwise.
    @inline(__always)
    mutating func note(_ event: String, patient p: Int?, resource r: Int?, detail: @autoclosure () -> String = "") {
        guard traceLog != nil else { return }
        traceLog!.append(TraceRecord(
            time: events.now, event: event, patient: p.map { Int(patients[$0].id) },
            className: p.map { model.classes[Int(patients[$0].classIndex)].name },
            resource: r.map { model.resources[$0].name },
            queue: r.map { resources[$0].queue.count }, busy: r.map { resources[$0].busy }, detail: detail()))
    }
}
