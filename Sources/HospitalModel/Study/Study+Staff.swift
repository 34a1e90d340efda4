import Dispatch
import HospitalAnalysis
import HospitalScenario
import HospitalSimulation
import SimKernel

extension Study {
    /// Staffs one resource hour by hour to a service level: simulates the scenario as it is
    /// and with ample staff, sets each method's requirement (the iterative algorithm
    /// re-simulating until it settles), simulates each requirement, and, given shift patterns,
    /// designs the least-cost roster covering it and simulates that. Every simulation runs the
    /// scenario's replications on the same streams (common random numbers). Cancelled, it
    /// throws `interrupted` and keeps nothing.
    public func staff(_ source: ScenarioSource, _ request: StaffingRequest,
                      overrides: ScenarioOverrides = ScenarioOverrides()) throws(StudyError) -> StaffingOutcome {
        var scenario = try source.load().scenario
        try overrides.apply(to: &scenario)
        guard let r = scenario.resources.firstIndex(where: { $0.name == request.resource }) else {
            let hint = suggestion(for: request.resource, among: scenario.resources.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            throw .unsupported("--resource: no resource \(quoted(request.resource)) in the scenario\(hint) (resources: \(scenario.resources.map(\.name).joined(separator: ", ")))")
        }
        let resource = scenario.resources[r]
        if resource.groups != nil {
            throw .unsupported("--resource: \(resource.name) has skill groups (units:); staffing sets one roster for a resource without them")
        }
        let target: StaffingTarget
        switch StaffingTarget.parse(request.target, unit: scenario.timeUnit) {
        case .success(let t): target = t
        case .failure(let e): throw .unsupported("--target: \(e.message)")
        }
        let weekly = scenario.arrivals.contains { if case .profile(let rates) = $0.process { rates.count == 168 } else { false } }
        let period = request.period ?? (weekly ? .week : .day)
        if period == .day, request.patterns.contains(where: { $0.days != nil }) {
            throw .unsupported("--shifts: days= needs a week period (--period week)")
        }
        if period == .day, request.weekendPremium != 0 {
            throw .unsupported("--weekend-premium needs a week period (--period week)")
        }
        // Every hour of the period must be observed after the warm-up, or it would get no staff.
        let periodLength = Double(period.hours) * scenario.timeUnit.hour
        if scenario.run.horizon + 1e-9 * periodLength < periodLength {
            throw .unsupported("the horizon after the warm-up (\(NumberText.readable(scenario.run.horizon / scenario.timeUnit.hour)) hours) must cover "
                               + "at least one whole \(period.rawValue) (\(period.hours) hours), so that every hour of it is observed; "
                               + "--horizon lengthens it (several \(period.rawValue)s give narrower intervals)")
        }
        guard !request.methods.isEmpty else { throw .unsupported("--method: name at least one of sipp, lag-sipp, isa") }
        let rates = ShiftRates(perHour: request.costPerHour ?? (resource.cost.staffedPerHour > 0 ? resource.cost.staffedPerHour : 1),
                               nightPremium: request.nightPremium, weekendPremium: request.weekendPremium,
                               nightFrom: request.nightFrom, nightTo: request.nightTo)
        let quantile: Double? = if case .waitQuantile(let q) = target.measure { q } else { nil }
        let classTargets = CompiledModel(scenario).classes.map(\.target)
        if target.measure == .targetMet, !classTargets.contains(where: { $0 != nil }) {
            throw .unsupported("--target: target_met.fraction needs a class with a time-to-treatment target (classes[].target); none has one")
        }
        let hourLength = scenario.timeUnit.hour
        let replications = scenario.run.replications
        let begin = DispatchTime.now().uptimeNanoseconds

        // Progress counts replications against an estimate that grows if the iterations run long.
        let progress = control.progress
        let planned = 2 + request.methods.count * (request.patterns.isEmpty ? 1 : 2) + (request.methods.contains(.isa) ? 4 : 0)
        var runs = 0
        func measure(_ s: Scenario) throws(StudyError) -> Result<HourlyMeasures, StaffingFailure> {
            let before = runs * replications
            let total = max(planned, runs + 1) * replications
            progress?(before, total)
            let m = Staffing.measure(s, resource: r, period: period, quantile: quantile, threads: plan.threads,
                                     stop: control.cancellation) { progress?(before + $0, total) }
            // Cancelled: the simulation in flight is dropped, as the whole study is (nothing is kept).
            guard let m else { throw .interrupted(done: before, total: nil) }
            runs += 1
            return m
        }
        func verified(_ m: Result<HourlyMeasures, StaffingFailure>) -> StaffingOutcome.Verified {
            switch m {
            case .failure(let f): return StaffingOutcome.Verified(achieved: [], missed: [], failure: f.message)
            case .success(let measures):
                let achieved = measures.values(of: target)
                let missed = achieved.indices.filter { !target.met(by: achieved[$0].mean) }
                let observed = achieved.enumerated().filter { !$0.element.mean.isNaN }
                let worst = target.atLeast ? observed.min { $0.element.mean < $1.element.mean } : observed.max { $0.element.mean < $1.element.mean }
                return StaffingOutcome.Verified(achieved: achieved, missed: missed, failure: nil, worst: worst.map { ($0.offset, $0.element.mean) },
                                                measures: measures)
            }
        }

        let today = Staffing.currentStaff(resource, period: period)
        let current = StaffingOutcome.Current(staff: today, cost: today.map { Staffing.cost(of: $0, rates: rates, period: period) },
                                              verified: verified(try measure(scenario)))
        let ample: HourlyMeasures
        switch try measure(Staffing.staffed(scenario, resource: r, hourly: nil, period: period)) {
        case .success(let m): ample = m
        case .failure(let f): throw .limitReached(part: "ample staff", message: f.message)
        }

        var plans: [StaffingOutcome.Plan] = []
        for method in request.methods {
            var requirement: [Int]
            var result: Result<HourlyMeasures, StaffingFailure>
            var iterations: [[Int]] = []
            var ended: String?
            switch method {
            case .sipp, .lagSipp:
                requirement = Staffing.sipp(ample, target: target, classTargets: classTargets, hourLength: hourLength, lag: method == .lagSipp)
                result = try measure(Staffing.staffed(scenario, resource: r, hourly: requirement, period: period))
            case .isa:
                var thrown: StudyError?
                let iteration = Staffing.iterate(ample: ample, target: target, classTargets: classTargets, maxIterations: request.maxIterations) { req in
                    do throws(StudyError) { return try measure(Staffing.staffed(scenario, resource: r, hourly: req, period: period)) } catch {
                        thrown = error
                        return nil
                    }
                }
                if let thrown { throw thrown }
                requirement = iteration.requirement
                iterations = iteration.requirements
                ended = iteration.ended
                if let final = iteration.final { result = .success(final) } else {
                    result = .failure(iteration.failure ?? StaffingFailure(message: "the iterations stopped"))
                }
            }
            var roster: StaffingOutcome.Roster?
            if !request.patterns.isEmpty {
                switch RosterDesign.design(requirement: requirement, period: period, patterns: request.patterns, rates: rates,
                                           timeLimit: request.solverTimeLimit) {
                case .failure(let e): throw .unsupported("--shifts (\(method.rawValue)): \(e.message)")
                case .success(let design):
                    let rostered = Staffing.staffed(scenario, resource: r, shifts: design.scenarioShifts)
                    roster = StaffingOutcome.Roster(design: design, verified: verified(try measure(rostered)))
                }
            }
            plans.append(StaffingOutcome.Plan(method: method, requirement: requirement, verified: verified(result),
                                              cost: Staffing.cost(of: requirement.map(Double.init), rates: rates, period: period),
                                              roster: roster, iterations: iterations, ended: ended))
        }
        progress?(runs * replications, runs * replications)
        return StaffingOutcome(scenario: scenario.name, resource: resource.name, period: period, target: target, timeUnit: scenario.timeUnit,
                               rates: rates, replications: replications, arrivals: ample.arrivals, offeredLoad: ample.busy,
                               meanHold: ample.meanHold, current: current, plans: plans, replicationsRun: runs * replications,
                               seconds: Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9)
    }
}
