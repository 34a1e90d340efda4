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
    /// `k` extra units over a window of hours, for k = 1, 2, ... up to `maxExtra`, over the hours
    /// at risk (from the first whose chance of being full exceeds the threshold to the last) and
    /// over the whole horizon. Each candidate is a forecast from the same census on the same
    /// replications, accepted when the exact one-sided 95% upper bound of its risk is at most
    /// `threshold`; per window the least k accepted is kept (more units cost more), and of the
    /// windows the cheaper. Nil when nothing up to `maxExtra` units suffices, or the resource has
    /// no fixed capacity or roster to add to (unlimited, or skill groups).
    public func relief(_ scenario: Scenario, resource r: Int, forecast: ForecastResult, census: [CensusPatient], stock: [Int?] = [],
                       bookings: ClinicBookings = ClinicBookings(), measure: ForecastRelief.Measure = .hourly, threshold: Double,
                       unitHourCost: Double, maxExtra: Int = 10) throws(StudyError) -> ForecastRelief? {
        let resource = scenario.resources[r]
        guard resource.groups == nil, resource.capacity != nil || resource.shifts != nil, forecast.hours <= Self.maximumReliefHours else { return nil }
        let full = forecast.full[r]
        let before = Self.risk(forecast, resource: r, measure: measure).value
        var atRisk = full.indices.filter { full[$0] > threshold }
        if atRisk.isEmpty, let peak = full.max(), peak > 0 { atRisk = full.indices.filter { full[$0] >= peak / 2 } }
        var windows: [(Int, Int)] = []
        if let first = atRisk.first, let last = atRisk.last { windows.append((first, last + 1)) }
        if windows.first.map({ $0 != (0, forecast.hours) }) ?? true { windows.append((0, forecast.hours)) }
        var evaluated = 0
        var best: ForecastRelief?
        let unit = scenario.timeUnit.minutes
        for (from, to) in windows {
            for k in 1...max(1, maxExtra) {
                // More units over this window cost more than the best found already.
                if let best, Double(k * (to - from)) * unitHourCost >= best.cost { break }
                var changed = scenario
                // Units added up to the horizon stay on an hour past it: taken off at the last
                // instant they would make the resource look full at the end, which it is not.
                // Likewise units added from now come on an hour before: at the very instant the
                // census is placed they would not yet count.
                let through = to == forecast.hours ? to + 1 : to
                let since = from == 0 ? -1 : from
                changed.resources[r] = Self.adding(k, to: resource, fromMinute: max(0, forecast.start * unit + Double(since) * 60),
                                                   toMinute: forecast.start * unit + Double(through) * 60)
                let outcome = try Study(plan: plan, control: StudyControl(cancellation: control.cancellation))
                    .forecast(changed, census: census, now: forecast.now, hours: forecast.hours, stock: stock, bookings: bookings)
                evaluated += 1
                let (after, upper) = Self.risk(outcome, resource: r, measure: measure)
                if upper <= threshold {
                    let found = ForecastRelief(resource: resource.name, measure: measure, extra: k, fromHour: from, toHour: to,
                                               cost: Double(k * (to - from)) * unitHourCost, unitHourCost: unitHourCost,
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
