import SimKernel

/// Offered load: expected busy units per resource, from arrival rates and mean durations.
public enum OfferedLoad {
    public static func perResource(_ scenario: Scenario) -> [Double] {
        var load = Array(repeating: 0.0, count: scenario.resources.count)
        for (c, patientClass) in scenario.classes.enumerated() {
            var classRate = 0.0
            for stream in scenario.arrivals {
                let share = stream.classMix?[c] ?? patientClass.share
                classRate += stream.meanRate(timeUnit: scenario.timeUnit) * share
            }
            for clinic in scenario.clinics where clinic.classIndex == c {
                classRate += clinic.meanRate(timeUnit: scenario.timeUnit)
            }
            let pathway = patientClass.pathway ?? scenario.pathway
            var holding: [Int: Double] = [:]  // resource -> time seized so far on the current path
            accumulate(pathway, classIndex: c, weight: classRate, holding: &holding, load: &load)
        }
        return load
    }

    /// Adds the expected busy time of each step, weighted by the rate of patients reaching it.
    static func accumulate(_ steps: [Step], classIndex c: Int, weight: Double,
                           holding: inout [Int: Double], load: inout [Double]) {
        func addTime(_ t: Double) { for r in holding.keys { load[r] += weight * t } }
        for step in steps {
            switch step {
            case .use(let r, let d, let byClass, _, _, _):
                let t = (byClass[c] ?? d).mean
                load[r] += weight * t
                addTime(t)
            case .delay(let d, let byClass, _):
                addTime((byClass[c] ?? d).mean)
            case .seize(let r, _): holding[r] = 0
            case .release(let r): holding[r] = nil
            case .branch(let arms, _):
                var after: [Int: Double]?
                for arm in arms {
                    var h = holding
                    if arm.probabilities[c] > 0 {
                        accumulate(arm.steps, classIndex: c, weight: weight * arm.probabilities[c], holding: &h, load: &load)
                    } else {
                        accumulate(arm.steps, classIndex: c, weight: 0, holding: &h, load: &load)
                    }
                    // Every way through holds the same after the branch (validated): what an arm
                    // released from before the branch is no longer held.
                    if after == nil, !ScenarioReader.endsWithLeave(arm.steps) { after = h }
                }
                if let after { holding = after }
            case .leave: return
            case .consume, .note: break
            }
        }
    }
}
