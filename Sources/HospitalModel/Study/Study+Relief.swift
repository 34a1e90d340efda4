import HospitalAnalysis
import HospitalScenario
import SimKernel

extension Study {
    /// The most hours a relief window may span: the extra units are written as shifts of a weekly
    /// roster, which must not come round again within the forecast.
    public static let maximumReliefHours = 96

    /// A resource's risk in a forecast by `measure`, and its exact one-sided 95% upper bound: for
    /// the hourly measure the worst hour's chance of being full and the largest of the hours'
    /// bounds; for the horizon measure the chance of being full at some moment within it.
    public static func risk(_ forecast: ForecastResult, resource r: Int, measure: ForecastRelief.Measure) -> (value: Double, upper: Double) {
        let n = forecast.replications
        func upper(_ p: Double) -> Double { BinomialBound.upper(Int((p * Double(n)).rounded()), of: n, level: 0.05) }
        switch measure {
        case .hourly:
            let worst = forecast.full[r].max() ?? 0
            return (worst, upper(worst))
        case .withinHorizon:
            let p = forecast.fullWithin[r].last ?? 0
            return (p, upper(p))
        }
    }

    /// The cheapest action that brings resource `r`'s risk under `threshold` with 95% confidence:
    /// `k` extra units, for k = 1, 2, ... up to `maxExtra`, over one of three plans of hours: the
    /// stretches at risk only (each run of hours whose chance of being full exceeds the threshold,
    /// by its 95% bound for the hourly measure; runs less than two hours apart joined: nights
    /// only, say), the span from the first hour at
    /// risk to the last, and the whole horizon. Each candidate is a forecast from the same census
    /// on the same replications, accepted when the exact one-sided 95% upper bound of its risk is
    /// at most `threshold`; per plan the least k accepted is kept (more units cost more), and of
    /// the plans the cheapest. Nil when nothing up to `maxExtra` units suffices, or the resource
    /// has no fixed capacity or roster to add to (unlimited, or skill groups).
    public func relief(_ scenario: Scenario, resource r: Int, forecast: ForecastResult, census: [CensusPatient], stock: [Int?] = [],
                       bookings: ClinicBookings = ClinicBookings(), measure: ForecastRelief.Measure = .hourly, threshold: Double,
                       unitHourCost: Double, maxExtra: Int = 10) throws(StudyError) -> ForecastRelief? {
        let resource = scenario.resources[r]
        guard resource.groups == nil, resource.capacity != nil || resource.shifts != nil, forecast.hours <= Self.maximumReliefHours else { return nil }
        let full = forecast.full[r]
        let before = Self.risk(forecast, resource: r, measure: measure).value
        // The hours that need help: for the hourly guarantee, every hour whose bound is over the
        // threshold (an hour just under it by estimate may still fail the guarantee); otherwise
        // those whose estimate is over it.
        let n = forecast.replications
        func bound(_ p: Double) -> Double { BinomialBound.upper(Int((p * Double(n)).rounded()), of: n, level: 0.05) }
        var atRisk = full.indices.filter { (measure == .hourly ? bound(full[$0]) : full[$0]) > threshold }
        if atRisk.isEmpty, let peak = full.max(), peak > 0 { atRisk = full.indices.filter { full[$0] >= peak / 2 } }
        // The stretches at risk, joined across gaps of under two hours.
        var stretches: [Range<Int>] = []
        for h in atRisk {
            if let last = stretches.last, h - last.upperBound < 2 { stretches[stretches.count - 1] = last.lowerBound..<(h + 1) }
            else { stretches.append(h..<(h + 1)) }
        }
        var plans: [[Range<Int>]] = []
        for plan in [stretches, stretches.isEmpty ? [] : [stretches[0].lowerBound..<stretches[stretches.count - 1].upperBound], [0..<forecast.hours]]
        where !plan.isEmpty && !plans.contains(plan) { plans.append(plan) }
        var evaluated = 0
        var best: ForecastRelief?
        let unit = scenario.timeUnit.minutes
        for windows in plans {
            let hours = windows.reduce(0) { $0 + $1.count }
            for k in 1...max(1, maxExtra) {
                // More units over these hours cost more than the best found already.
                if let best, Double(k * hours) * unitHourCost >= best.cost { break }
                var changed = scenario
                var roster = resource
                for w in windows {
                    // Units come on an hour before now when the window starts now (at the instant
                    // the census is placed they would not yet count), stay an hour past the horizon
                    // (taken off at the last instant they would make the resource look full at the
                    // end), and otherwise leave a minute after the window's last hour mark: a shift
                    // to 07:30 still counts at 07:30.
                    let from = w.lowerBound == 0 ? -60.0 : Double(w.lowerBound) * 60
                    let to = w.upperBound == forecast.hours ? Double(w.upperBound + 1) * 60 : Double(w.upperBound) * 60 + 1
                    roster = Self.adding(k, to: roster, fromMinute: max(0, forecast.start * unit + from), toMinute: forecast.start * unit + to)
                }
                changed.resources[r] = roster
                let outcome = try Study(plan: plan, control: StudyControl(cancellation: control.cancellation))
                    .forecast(changed, census: census, now: forecast.now, hours: forecast.hours, stock: stock, bookings: bookings)
                evaluated += 1
                let (after, upper) = Self.risk(outcome, resource: r, measure: measure)
                if upper <= threshold {
                    let found = ForecastRelief(resource: resource.name, measure: measure, extra: k, windows: windows,
                                               cost: Double(k * hours) * unitHourCost, unitHourCost: unitHourCost,
                                               before: before, after: after, afterUpper: upper, threshold: threshold, evaluated: 0)
                    if best.map({ found.cost < $0.cost }) ?? true { best = found }
                    break
                }
            }
        }
        best?.evaluated = evaluated
        return best
    }

    /// `resource` with `k` more units from `fromMinute` to `toMinute` (minutes from the Monday
    /// 00:00 the run starts on), written as day-by-day shifts of a weekly roster over its own.
    static func adding(_ k: Int, to resource: Resource, fromMinute: Double, toMinute: Double) -> Resource {
        var changed = resource
        var shifts = resource.shifts ?? [Shift(from: 0, to: 0, capacity: resource.capacity ?? 0)]
        var m = Int(fromMinute.rounded()), end = Int(toMinute.rounded())
        let week = 7 * 1440
        if m >= week { m -= week; end -= week }
        while m < end {
            let dayEnd = (m / 1440 + 1) * 1440
            let pieceEnd = min(dayEnd, end)
            shifts.append(Shift(from: m % 1440, to: pieceEnd % 1440, capacity: k, days: [(m / 1440) % 7]))
            m = pieceEnd
        }
        changed.shifts = shifts
        // A rostered resource's capacity is the most units its roster ever staffs.
        changed.capacity = Roster(shifts: shifts).changes.map(\.capacity).max() ?? 0
        return changed
    }
}
