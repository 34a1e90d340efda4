import Foundation
import HospitalScenario
import HospitalSimulation
import SimKernel

/// How an hour-by-hour staffing requirement is set.
public enum StaffingMethod: String, Sendable, CaseIterable {
    /// Stationary independent period by period: each hour staffed by the Erlang C (M/M/s)
    /// formula at that hour's arrival rate, as if the hour were in steady state.
    case sipp
    /// SIPP at the offered load measured with ample staff (busy servers of the infinite-server
    /// system), which carries the lag of the load behind the arrivals.
    case lagSipp = "lag-sipp"
    /// The iterative staffing algorithm (Feldman, Mandelbaum, Massey and Whitt, 2008): simulate,
    /// read the number present at each hour's requests, staff each hour for the target, repeat.
    case isa
}

/// Hour-by-hour staffing of one resource to a service-level target.
public enum Staffing {
    /// The most staff an hour may be given (the scenario's limit on a shift's capacity).
    public static let maxStaff = 100_000

    /// `scenario` with resource `r` staffed hour by hour from the run's Monday 00:00, or with
    /// ample staff (infinite capacity) when `hourly` is nil.
    public static func staffed(_ scenario: Scenario, resource r: Int, hourly: [Int]?, period: StaffingPeriod) -> Scenario {
        guard let hourly else {
            var s = scenario
            s.resources[r].capacity = nil
            s.resources[r].shifts = nil
            return s
        }
        let shifts = hourly.enumerated().map { h, n in
            Shift(from: h % 24 * 60, to: (h % 24 + 1) % 24 * 60, capacity: n, days: period == .day ? nil : [h / 24])
        }
        return staffed(scenario, resource: r, shifts: shifts)
    }

    /// `scenario` with resource `r` working `shifts`.
    public static func staffed(_ scenario: Scenario, resource r: Int, shifts: [Shift]) -> Scenario {
        var s = scenario
        // A rostered resource has as many units as its roster ever staffs (as the reader sets it).
        s.resources[r].capacity = Roster(shifts: shifts).changes.map(\.capacity).max() ?? 0
        s.resources[r].shifts = shifts
        return s
    }

    /// The staff on duty in each hour of `period` under the resource's own capacity or roster
    /// (the minute-weighted mean where a shift changes within an hour); nil when infinite.
    public static func currentStaff(_ resource: Resource, period: StaffingPeriod) -> [Double]? {
        if let shifts = resource.shifts {
            let minutes = Roster.minuteCapacities(shifts).map { Double($0 ?? 0) }
            return (0..<period.hours).map { h in
                (0..<60).reduce(0.0) { $0 + minutes[(h * 60 + $1) % minutes.count] } / 60
            }
        }
        return resource.capacity.map { c in Array(repeating: Double(c), count: period.hours) }
    }

    /// The cost of `staff` (per hour of the period) at `rates`.
    public static func cost(of staff: [Double], rates: ShiftRates, period: StaffingPeriod) -> Double {
        staff.enumerated().reduce(0.0) { $0 + $1.element * rates.perHour * rates.factor(hour: $1.offset, period: period) }
    }

    /// Runs `scenario`'s replications (all of them, on `threads` threads) watching resource
    /// `r` hour by hour. Nil when `stop` was set before they all ran; a failure when a
    /// replication hit a limit (a queue growing without bound under too few staff).
    public static func measure(_ scenario: Scenario, resource r: Int, period: StaffingPeriod, quantile: Double?, threads: Int,
                               stop: StopFlag?, progress: (@Sendable (Int) -> Void)? = nil) -> Result<HourlyMeasures, StaffingFailure>? {
        let model = CompiledModel(scenario)
        let hourLength = scenario.timeUnit.hour
        let watch = HourlyWatch(resource: r, hours: period.hours, hourLength: hourLength, origin: model.run.warmup,
                                classCount: model.classes.count, quantile: quantile)
        let run = Runner.run(model, threads: threads, indices: Array(0..<model.run.replications), stop: stop, watch: watch, progress: progress)
        if let why = run.stopped { return .failure(StaffingFailure(message: why)) }
        guard stop?.isSet != true, run.replications.count == model.run.replications else { return nil }
        return .success(HourlyMeasures(run.replications.compactMap(\.hourly), hourLength: hourLength))
    }

    // MARK: SIPP

    /// The least servers with which a stationary M/M/s queue at offered load `a` (mean hold
    /// `hold`) meets `target`; `classTargets` are the targets of the requesting classes with
    /// their shares, for `target_met.fraction`.
    public static func erlangStaff(load a: Double, hold: Double, target: StaffingTarget, classTargets: [(share: Double, target: Double)]) -> Int {
        guard a > 0, hold > 0 else { return 0 }
        var c = max(1, Int(a.rounded(.down)) + 1)
        while c < maxStaff {
            let delay = QueueingTheory.erlangC(servers: c, load: a) ?? 1
            let drain = (Double(c) - a) / hold  // the rate the wait's tail decays at
            let ok: Bool
            switch target.measure {
            case .delayProbability: ok = delay <= target.value
            case .waitMean: ok = delay / drain <= target.value
            case .waitQuantile(let q): ok = delay * exp(-drain * target.value) <= 1 - q
            case .targetMet:
                let late = classTargets.reduce(0.0) { $0 + $1.share * delay * exp(-drain * $1.target) }
                ok = 1 - late >= target.value
            }
            if ok { return c }
            c += 1
        }
        return maxStaff
    }

    /// SIPP's requirement from the measures of a run with ample staff: each hour's arrival
    /// rate (`lag` false) or its measured offered load (`lag` true) into Erlang C.
    public static func sipp(_ ample: HourlyMeasures, target: StaffingTarget, classTargets: [Double?], hourLength: Double, lag: Bool) -> [Int] {
        let hold = ample.meanHold
        return (0..<ample.hours).map { h in
            let a = lag ? ample.busy[h].mean : ample.arrivals[h].mean / hourLength * hold
            guard a.isFinite else { return 0 }
            return erlangStaff(load: a, hold: hold, target: target, classTargets: targetShares(ample, hour: h, classTargets: classTargets))
        }
    }

    /// The requesting classes with a target in hour `h`, with their shares among them.
    static func targetShares(_ m: HourlyMeasures, hour h: Int, classTargets: [Double?]) -> [(share: Double, target: Double)] {
        var counts: [(Double, Double)] = []
        for c in 0..<m.classCount {
            guard c < classTargets.count, let t = classTargets[c] else { continue }
            counts.append((Double(m.present[h * m.classCount + c].reduce(0, +)), t))
        }
        let total = counts.reduce(0.0) { $0 + $1.0 }
        return total > 0 ? counts.map { ($0.0 / total, $0.1) } : []
    }

    // MARK: The iterative staffing algorithm

    /// One step of the iterative staffing algorithm: for each hour, the least staff s at which
    /// the patients present at that hour's requests (as measured under the staffing just
    /// simulated) would meet the target. A request finding k present waits when k >= s, for
    /// the time k - s + 1 services end at s busy servers, taken as Erlang with rate s / hold:
    /// exact for the delay probability, an approximation for the waits.
    public static func isaStep(_ m: HourlyMeasures, target: StaffingTarget, classTargets: [Double?]) -> [Int] {
        (0..<m.hours).map { h in
            var counts: [[Int]] = []
            var taus: [Double?] = []
            for c in 0..<m.classCount {
                counts.append(m.present[h * m.classCount + c])
                taus.append(c < classTargets.count ? classTargets[c] : nil)
            }
            let total = counts.reduce(0) { $0 + $1.reduce(0, +) }
            guard total > 0 else { return 0 }
            let most = counts.map { $0.count - 1 }.max() ?? 0
            let hold = m.meanHold.isFinite && m.meanHold > 0 ? m.meanHold : 1
            for s in 1...(most + 1) where predictedMet(counts, taus: taus, total: total, servers: s, hold: hold, target: target) {
                return s
            }
            return most + 1
        }
    }

    static func predictedMet(_ counts: [[Int]], taus: [Double?], total: Int, servers s: Int, hold: Double, target: StaffingTarget) -> Bool {
        let rate = Double(s) / hold
        var sum = 0.0, targeted = 0.0
        for (c, histogram) in counts.enumerated() {
            if target.measure == .targetMet {
                guard let tau = taus[c] else { continue }
                targeted += Double(histogram.reduce(0, +))
                for k in s..<max(s, histogram.count) where histogram[k] > 0 {
                    sum += Double(histogram[k]) * QueueingTheory.erlangSurvival(stages: k - s + 1, rate: rate, beyond: tau)
                }
                continue
            }
            for k in s..<max(s, histogram.count) where histogram[k] > 0 {
                let n = Double(histogram[k])
                switch target.measure {
                case .delayProbability: sum += n
                case .waitMean: sum += n * Double(k - s + 1) / rate
                case .waitQuantile: sum += n * QueueingTheory.erlangSurvival(stages: k - s + 1, rate: rate, beyond: target.value)
                case .targetMet: break
                }
            }
        }
        switch target.measure {
        case .delayProbability, .waitMean: return sum / Double(total) <= target.value
        case .waitQuantile(let q): return sum / Double(total) <= 1 - q
        case .targetMet: return targeted == 0 || 1 - sum / targeted >= target.value
        }
    }

    /// The iterations of the algorithm and why it stopped.
    public struct Iteration: Sendable {
        /// The requirement of each iteration, the first from the run with ample staff.
        public var requirements: [[Int]]
        /// The measures under the final requirement (nil when cancelled).
        public var final: HourlyMeasures?
        /// "unchanged" (the requirement repeated), "cycle" (it returned to an earlier one and the
        /// hour-by-hour largest of the cycle was taken), "limit" (the iteration limit), "stopped"
        /// (cancelled), "failed" (a simulation hit a limit).
        public var ended: String
        public var requirement: [Int] { requirements.last ?? [] }
        /// Why the last simulation failed, when it did.
        public var failure: StaffingFailure?
    }

    /// Iterates from the measures of a run with ample staff until the requirement stops
    /// changing: `measure` runs the scenario staffed hour by hour at a requirement (on the same
    /// replications each time: common random numbers) and returns nil when cancelled.
    public static func iterate(ample: HourlyMeasures, target: StaffingTarget, classTargets: [Double?], maxIterations: Int,
                               measure: ([Int]) -> Result<HourlyMeasures, StaffingFailure>?) -> Iteration {
        var requirements = [isaStep(ample, target: target, classTargets: classTargets)]
        while true {
            let current = requirements.last!
            guard let measured = measure(current) else { return Iteration(requirements: requirements, final: nil, ended: "stopped") }
            guard case .success(let m) = measured else {
                return Iteration(requirements: requirements, final: nil, ended: "failed", failure: measured.failure)
            }
            let next = isaStep(m, target: target, classTargets: classTargets)
            if next == current { return Iteration(requirements: requirements, final: m, ended: "unchanged") }
            if let j = requirements.firstIndex(of: next) {
                let cycle = requirements[j...]
                let top = (0..<current.count).map { h in cycle.map { $0[h] }.max()! }
                if top == current { return Iteration(requirements: requirements, final: m, ended: "cycle") }
                requirements.append(top)
                switch measure(top) {
                case .success(let final): return Iteration(requirements: requirements, final: final, ended: "cycle")
                case .failure(let f): return Iteration(requirements: requirements, final: nil, ended: "failed", failure: f)
                case nil: return Iteration(requirements: requirements, final: nil, ended: "stopped")
                }
            }
            if requirements.count >= maxIterations { return Iteration(requirements: requirements, final: m, ended: "limit") }
            requirements.append(next)
        }
    }
}

/// A staffing study's simulation that could not finish: why.
public struct StaffingFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

extension Result {
    var failure: Failure? { if case .failure(let f) = self { f } else { nil } }
}
