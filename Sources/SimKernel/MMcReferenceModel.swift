/// A minimal M/M/c queue written directly on the kernel (event list, random streams,
/// statistics). It is the kernel's own validation against Erlang C and the model of the
/// kernel benchmark: it knows nothing of scenarios.
///
/// ```swift
/// let r = MMcReferenceModel(lambda: 8.5, mu: 1, servers: 10, customers: 100_000).run(seed: 1, replication: 0)
/// r.meanWait   // compare with QueueingTheory.mmc(...)!.wq
/// ```
public struct MMcReferenceModel: Sendable {
    public var lambda: Double
    public var mu: Double
    public var servers: Int
    /// Customers to simulate; the first `warmupCustomers` are not counted.
    public var customers: Int
    public var warmupCustomers: Int

    public init(lambda: Double, mu: Double, servers: Int, customers: Int, warmupCustomers: Int = 0) {
        self.lambda = lambda
        self.mu = mu
        self.servers = servers
        self.customers = customers
        self.warmupCustomers = warmupCustomers
    }

    public struct Result: Sendable {
        /// Mean wait in queue of the counted customers.
        public var meanWait: Double
        /// Time-average number waiting, from the first counted arrival to the last departure.
        public var meanQueueLength: Double
        /// Counted arrivals per unit time over the same span.
        public var arrivalRate: Double
        public var events: Int
    }

    private enum Kind: Int32 { case arrival = 0, departure = 1 }

    public func run(seed: UInt64, replication: Int) -> Result {
        let arrivals = RandomStream(seed: seed, replication: replication, purpose: "arrivals")
        let services = RandomStream(seed: seed, replication: replication, purpose: "service")
        var events = EventList()
        var queue = RingBuffer<Double>(capacity: 1024)  // arrival times of those waiting
        var busy = 0
        var arrived = 0
        var events_ = 0
        var wait = Tally()
        var queueLength = TimeAverage(value: 0, at: 0)
        var countingFrom = 0.0
        let meanGap = 1 / lambda, meanService = 1 / mu

        events.schedule(at: arrivals.exponential(mean: meanGap), kind: Kind.arrival.rawValue, subject: 0)
        while let e = events.next() {
            events_ += 1
            let now = events.now
            if e.kind == Kind.arrival.rawValue {
                arrived += 1
                if arrived == warmupCustomers + 1 {
                    countingFrom = now
                    queueLength.restart(at: now)
                }
                if arrived < customers {
                    events.schedule(at: now + arrivals.exponential(mean: meanGap),
                                    kind: Kind.arrival.rawValue, subject: Int32(truncatingIfNeeded: arrived))
                }
                let counted: Int32 = arrived > warmupCustomers ? 1 : 0
                if busy < servers {
                    busy += 1
                    if counted == 1 { wait.add(0) }
                    events.schedule(at: now + services.exponential(mean: meanService),
                                    kind: Kind.departure.rawValue, subject: 0)
                } else {
                    // Encode whether the customer is counted in the sign of its arrival time.
                    queue.append(counted == 1 ? now : -now - 1)
                    queueLength.update(to: Double(queue.count), at: now)
                }
            } else if let stamped = queue.popFirst() {
                queueLength.update(to: Double(queue.count), at: now)
                if stamped >= 0 { wait.add(now - stamped) }
                events.schedule(at: now + services.exponential(mean: meanService),
                                kind: Kind.departure.rawValue, subject: 0)
            } else {
                busy -= 1
            }
        }
        let end = events.now
        let counted = Double(customers - warmupCustomers)
        return Result(meanWait: wait.meanOrNaN,
                      meanQueueLength: queueLength.mean(at: end),
                      arrivalRate: counted / (end - countingFrom),
                      events: events_)
    }
}
