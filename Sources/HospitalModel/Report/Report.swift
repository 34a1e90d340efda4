import Foundation
import HospitalModel
import SimKernel

/// A problem with an input of `report`, located at its first line (`file`: the input named
/// when it is not the main one).
public struct ReportError: Error {
    public var message: String
    public var file: String? = nil

    public init(message: String, file: String? = nil) {
        self.message = message
        self.file = file
    }
}

/// What a report shows, from whichever input.
public struct Report {
    struct Value { var mean: Double; var halfWidth: Double; var n: Int }
    struct Variant { var label: String; var pareto: Bool; var metrics: [String: Value]; var differences: [String: (Value, Bool)] }

    var title: String
    var facts: [String]
    var metricOrder: [String]
    var metrics: [String: Value]
    var profiles: [(name: String, hours: [Value])]
    var variants: [Variant]
    /// A warm-up study's series, when the input is one.
    var warmup: WarmupPlot?
    /// Charts of metrics against a setting (a sweep, an optimisation), when the input is one.
    var lines: [LinePlot] = []
    /// A forecast's fan charts, hour by hour ahead.
    var fans: [FanPlot] = []

    /// A mean with a prediction band (5th to 95th percentile) for each hour ahead.
    public struct FanPlot: Sendable {
        public var title: String
        public var yLabel: String
        public var mean: [Double], lower: [Double], upper: [Double]
        /// A value the axis must reach (1 for a probability), if any.
        public var limit: Double?
        /// Units staffed at each hour, drawn as a dashed line (occupancy charts).
        public var capacity: [Double]? = nil
        /// The wall-clock time at each hour 1...n, for the time axis ("Mon 09:00").
        public var clock: [String] = []

        public init(title: String, yLabel: String, mean: [Double], lower: [Double], upper: [Double], limit: Double? = nil,
                    capacity: [Double]? = nil, clock: [String] = []) {
            (self.title, self.yLabel, self.mean, self.lower, self.upper) = (title, yLabel, mean, lower, upper)
            (self.limit, self.capacity, self.clock) = (limit, capacity, clock)
        }
    }
    /// A duration column's survival: the fitted forms' curves, and the Kaplan-Meier estimate
    /// with its band when some values were censored (a fit's report).
    struct SurvivalPlot {
        var title: String
        var xLabel: String
        var fits: [(label: String, survival: (Double) -> Double)]
        var kaplanMeier: (time: [Double], survival: [Double], lower: [Double], upper: [Double])?
        /// The data's percentiles 0, 5, ..., 100 as points (value, fraction above it).
        var percentiles: [(value: Double, above: Double)] = []
        /// The right end of the time axis.
        var end: Double
    }
    var survivals: [SurvivalPlot] = []
    /// A sensitivity study's tornado: per metric, each input's effect of low and of high
    /// (paired differences from the file as written, with 95% half widths), largest swing first.
    struct Tornado {
        var title: String
        var rows: [(input: String, low: Value, high: Value)]
    }
    var tornadoes: [Tornado] = []
    /// Notes printed above the charts (an optimisation's answer).
    var notes: [String] = []
    /// A table under the charts with every point (an optimisation's): header, then rows.
    var pointTable: [[String]] = []
    /// Two objectives against each other (an optimisation's Pareto front), when there are two.
    var front: FrontPlot?
    /// The scenario's time unit ("minute"), for axis labels.
    var timeUnit: String?
    /// Pooled waits: all patients first, then each class.
    var waits: [StoredResults.WaitPercentiles] = []
    /// Pooled times from arrival to the start of treatment, likewise (empty when the document
    /// has none).
    var treatments: [StoredResults.WaitPercentiles] = []
    /// The exact values of a single-station model, for the teaching section.
    var theory: TheoryResult?

    struct FrontPlot {
        var title: String?
        var xMetric: String, yMetric: String
        var xUnit = "", yUnit = ""
        var points: [(label: String, x: Value, y: Value, onFront: Bool, feasible: Bool?)]
        /// Name each point beside it (few points), not only in its hover title.
        var labelled = false
        /// Join the points on the front by a line: right when the front is in these two
        /// objectives (an optimisation's), not when efficiency counts a third (a comparison's).
        var joinFront = true
    }

    struct LinePlot {
        var title: String
        var xLabel: String
        var yLabel: String
        var x: [String]
        var series: [(name: String, values: [Value])]
        /// A constraint's limit, drawn as a dashed line.
        var limit: Double?
        /// Points to mark (feasible, recommended), by x index.
        var marks: [Int: String] = [:]
    }

    /// A metric's summary in a document: mean and half width.
    static func value(_ s: ResultsDocument.SummaryEntry?) -> Value {
        Value(mean: s?.mean.value ?? .nan, halfWidth: s?.halfWidth.value ?? .nan, n: s?.n ?? 0)
    }

    /// Points with settings and metrics as lines: the first varied key on the x axis, one line per
    /// combination of the others (at most eight).
    /// What a metric is measured in, for an axis label.
    static func unit(of metric: String, timeUnit: String?) -> String {
        // A chance constraint's quantity, P(METRIC > X): a share of replications.
        metric.hasPrefix("P(") ? "share of replications" : Metric.unit(of: Self.quantileBase(metric), timeUnit: timeUnit)
    }

    /// The metric a quantile constraint's quantity is of: `wait.mean` of `wait.mean@p90`.
    static func quantileBase(_ metric: String) -> String {
        metric.range(of: "@p", options: .backwards).map { String(metric[..<$0.lowerBound]) } ?? metric
    }

    typealias Metrics = DocumentMap<ResultsDocument.SummaryEntry>

    static func linePlots(_ points: [(settings: [(String, String)], metrics: Metrics)], metrics: [String],
                          limits: [String: Double] = [:], timeUnit: String? = nil, prefer: String? = nil, keepFlat: Bool = false) -> [LinePlot] {
        guard let keys = points.first?.settings.map(\.0), let xKey = keys.first else { return [] }
        var xs: [String] = []
        for p in points where !xs.contains(p.settings[0].1) { xs.append(p.settings[0].1) }
        var groups: [String] = []
        for p in points {
            let g = p.settings.dropFirst().map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            if !groups.contains(g) { groups.append(g) }
        }
        // The recommendation's line first; every line is drawn, eight to a chart (small multiples).
        if let prefer, let i = groups.firstIndex(of: prefer) { groups.insert(groups.remove(at: i), at: 0) }
        let chunks = stride(from: 0, to: groups.count, by: 8).map { Array(groups[$0..<min($0 + 8, groups.count)]) }
        return metrics.flatMap { m in
            chunks.enumerated().map { k, chunk -> LinePlot in
                let series = chunk.map { g -> (name: String, values: [Value]) in
                    let values = xs.map { x -> Value in
                        let p = points.first { $0.settings[0].1 == x && $0.settings.dropFirst().map { "\($0.0)=\($0.1)" }.joined(separator: " ") == g }
                        return value(p?.metrics[m])
                    }
                    return (g.isEmpty ? m : g, values)
                }
                let part = chunks.count > 1 ? ", lines \(8 * k + 1)-\(8 * k + chunk.count) of \(groups.count)" : ""
                // A chance constraint's share or a quantile constraint's quantile is an estimate
                // from the replications, drawn without a band (its exact bounds decide the marks).
                let what = m.hasPrefix("P(") ? "share of replications" : m.contains("@p") ? "quantile across replications" : "mean, 95% band"
                return LinePlot(title: "\(m) against \(xKey) (\(what)\(part))", xLabel: xKey,
                                yLabel: "\(m) (\(unit(of: m, timeUnit: timeUnit)))", x: xs, series: series, limit: limits[m])
            }
        }.filter { plot in
            // A metric that is zero at every point (no reneging in a model without patience) says
            // nothing, unless the document named it.
            plot.series.contains { $0.values.contains { $0.mean.isFinite && $0.mean != 0 } } || plot.limit != nil || keepFlat
        }
    }

    public static func fromSweep(_ doc: SweepDocument) -> Report {
        // JSON objects carry no order a reader may rely on: settings go by key path.
        let points = doc.points.map { p in (settings: p.set.entries.map { ($0.key, $0.value) }, metrics: p.metrics) }
        let present = Set(points[0].metrics.keys)
        // The metrics the sweep was asked to show (`metrics_shown`); for an older document, the
        // main ones, clinics' included.
        let named = doc.metricsShown?.filter(present.contains)
        let shown = named ?? (SweepOutcome.defaultMetrics(points[0].metrics.keys)
            + present.filter { $0.hasPrefix("resource.") && $0.hasSuffix(".utilization") }.sorted())
        let facts: [String] = ["\(points.count) points on common random numbers", "\(doc.replications) replications each", "seed \(doc.seed)"]
        return Report(title: "Sweep: " + doc.scenario, facts: facts, metricOrder: [], metrics: [:], profiles: [],
                      variants: [], lines: linePlots(points, metrics: shown, timeUnit: doc.timeUnit, keepFlat: named != nil))
    }

    public static func fromOptimization(_ doc: OptimizationDocument) -> Report {
        let objectives = doc.objectives.map(\.metric)
        func settings(_ p: OptimizationDocument.Point) -> [(String, String)] { p.settings.entries.map { ($0.key, $0.value) } }
        func label(_ p: OptimizationDocument.Point) -> String { settings(p).map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
        // A constraint on a mean is drawn on the metric's chart; a chance or quantile constraint
        // on a chart of its own quantity (the share of replications beyond the threshold, or
        // the sample quantile), computed from each point's values by replication.
        var constraints: [(String, Double)] = []
        var points = doc.points.map { (settings: settings($0), metrics: $0.metrics) }
        for c in doc.constraints {
            guard let kind = c.kind else { constraints.append((c.metric, c.value.value)); continue }
            let quantity = c.quantity
            constraints.append((quantity, c.value.value))
            for (i, p) in doc.points.enumerated() {
                let values = (p.replicationsValues?[c.metric] ?? []).map(\.value).filter { !$0.isNaN }
                guard !values.isEmpty else { continue }
                let summary: Summary
                if kind == "quantile" {
                    summary = Summary(of: [Summary.nearestRank(values.sorted(), c.quantile?.value ?? 0.5)])
                } else {
                    // The share alone: its verdict, by exact bounds, is in the table and the marks.
                    let t = c.threshold?.value ?? .nan
                    summary = Summary(of: [Double(values.filter { c.beyond == "<" ? $0 < t : $0 > t }.count) / Double(values.count)])
                }
                points[i].metrics = Metrics(points[i].metrics.entries + [(quantity, ResultsDocument.SummaryEntry(summary))])
            }
        }
        var notes: [String] = []
        if let r = doc.recommended { notes.append("Recommended: \(label(r))") }
        let runners = doc.runnersUp.map(label)
        if !runners.isEmpty { notes.append("Could not be separated from it: " + runners.joined(separator: "; ")) }
        let frontLabels = doc.pareto.map(label)
        if !frontLabels.isEmpty { notes.append("Pareto front: " + frontLabels.joined(separator: "; ")) }
        let limits = Dictionary(constraints, uniquingKeysWith: { a, _ in a })
        let preferred = doc.recommended.map { settings($0).dropFirst().map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
        var plots = linePlots(points, metrics: objectives + constraints.map(\.0).filter { !objectives.contains($0) }, limits: limits,
                              timeUnit: doc.timeUnit, prefer: preferred)
        // Mark each x whose points were all shown infeasible, and the recommendation.
        for i in plots.indices {
            for (k, x) in plots[i].x.enumerated() {
                let here = doc.points.filter { settings($0).first?.1 == x }
                if here.allSatisfy({ $0.feasible == false }) { plots[i].marks[k] = "infeasible" }
                if let r = doc.recommended, settings(r).first?.1 == x { plots[i].marks[k] = "recommended" }
            }
        }
        var front: FrontPlot?
        if objectives.count >= 2 {
            let onFront = Set(frontLabels)
            front = FrontPlot(xMetric: objectives[0], yMetric: objectives[1], xUnit: Self.unit(of: objectives[0], timeUnit: doc.timeUnit),
                              yUnit: Self.unit(of: objectives[1], timeUnit: doc.timeUnit), points: doc.points.map { p in
                (label(p), value(p.metrics[objectives[0]]), value(p.metrics[objectives[1]]), onFront.contains(label(p)), p.feasible)
            })
        }
        let facts = ["\(doc.points.count) points", "\(doc.replicationsUsed) of \(doc.budget) replications", "ended: \(doc.ended)",
                     "confidence \(doc.confidence.value)"]
        // Every point, with its status and what it fails.
        let shownMetrics = objectives + constraints.map(\.0).filter { !objectives.contains($0) }
        var table = [(points.first?.settings.map(\.0) ?? []) + ["replications", "status"] + shownMetrics + ["fails"]]
        for (i, p) in doc.points.enumerated() {
            let fails = (p.constraints ?? []).filter { $0.verdict != "met" && $0.excess.value > 0 }
                .map { c in "\(c.constraint) (estimate \(Report.num(c.mean.value)), \(c.verdict))" }
            table.append(settings(p).map(\.1) + ["\(p.replications)", p.status]
                         + shownMetrics.map { m in let v = value(points[i].metrics[m]); return "\(Report.num(v.mean)) ± \(Report.num(v.halfWidth))" }
                         + [fails.joined(separator: "; ")])
        }
        let equivalent = doc.equivalent.map(label).filter { !runners.contains($0) }
        if !equivalent.isEmpty {
            notes.append("Equivalent (means meet every constraint, objective within delta): " + equivalent.joined(separator: "; "))
        }
        for c in doc.closest ?? [] {
            let at = c.settings.entries.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            notes.append("No point is feasible. \(c.constraint): best \(Report.num(c.best.value)) at \(at)"
                         + (c.moreReplicationsCouldHelp ? " (undecided: more replications could change the verdict)" : " (failed with confidence)"))
        }
        var report = Report(title: "Optimisation: " + doc.scenario, facts: facts, metricOrder: [], metrics: [:],
                            profiles: [], variants: [], lines: plots, notes: notes, front: front)
        report.pointTable = table
        return report
    }

    struct WarmupPlot {
        var timeUnit: String
        var origin: Double, bin: Double
        var inside: [Double], welch: [Double], window: Int, insideCut: Int
        var waits: [Double], waitsCut: Int
        var recommended: Double
    }

    public static func fromWarmup(_ doc: WarmupDocument) -> Report {
        let unit = doc.timeUnit, origin = doc.origin.value, recommended = doc.recommendedWarmup.value
        var facts = [NumberText.counted(doc.replications, "replication"), "seed \(doc.seed)"]
        facts.append(origin > 0 ? "series start after a warm-up of \(JSON.number(origin)) \(unit)s" : "started empty")
        facts.append(doc.settled == false
            ? "no warm-up recommended: the number inside did not settle within the run (MSER-5's cut, \(JSON.number(recommended)) \(unit)s, is at the end of its search)"
            : "recommended warm-up \(JSON.number(recommended)) \(unit)s")
        let plot = WarmupPlot(timeUnit: unit, origin: origin, bin: doc.bin.value, inside: doc.inSystem.mean.map(\.value),
                              welch: doc.inSystem.welch.map(\.value), window: doc.inSystem.window, insideCut: doc.inSystem.cutBins,
                              waits: doc.waits.mean.map(\.value), waitsCut: doc.waits.cutPatients, recommended: recommended)
        return Report(title: "Warm-up: " + doc.scenario, facts: facts, metricOrder: [], metrics: [:], profiles: [], variants: [], warmup: plot)
    }

    /// A staffing study, hour by hour: the demand (arrivals and offered load), the staff of
    /// today's roster, each method's requirement and roster, and the service level each of them
    /// achieves against the target (dashed).
    public static func fromStaffing(_ doc: StaffingDocument) -> Report {
        let n = doc.replications
        func values(_ xs: [StaffingDocument.Interval]) -> [Value] { xs.map { Value(mean: $0.mean.value, halfWidth: $0.halfWidth.value, n: n) } }
        func exact(_ xs: [Double]) -> [Value] { xs.map { Value(mean: $0, halfWidth: 0, n: n) } }
        var staff: [(name: String, values: [Value])] = []
        var achieved: [(name: String, values: [Value])] = []
        if let today = doc.current.staff { staff.append(("today's roster", exact(today.map(\.value)))) }
        if !doc.current.achieved.isEmpty { achieved.append(("today's roster", values(doc.current.achieved))) }
        for m in doc.methods {
            staff.append(("\(m.method) requirement", exact(m.requirement.map(Double.init))))
            if !m.achieved.isEmpty { achieved.append(("\(m.method) requirement", values(m.achieved))) }
            if let r = m.roster {
                staff.append(("\(m.method) roster", exact(r.coverage.map(Double.init))))
                if !r.achieved.isEmpty { achieved.append(("\(m.method) roster", values(r.achieved))) }
            }
        }
        let target = "\(doc.target.metric) \(doc.target.op) \(doc.target.written)"
        var facts = ["\(doc.resource), \(doc.period) by the hour", "target \(target)", "\(n) replications per simulation, \(doc.replicationsRun) in all"]
        if let c = doc.current.cost { facts.append("today's roster costs \(Report.num(c.value)) per \(doc.period)") }
        for m in doc.methods {
            if let r = m.roster { facts.append("\(m.method) roster costs \(Report.num(r.cost.value)), misses \(r.missed.count) hours") }
        }
        var report = Report(title: "Staffing: " + doc.scenario, facts: facts, metricOrder: [], metrics: [:], profiles: [], variants: [])
        let x = doc.hours
        report.lines = [
            LinePlot(title: "Demand on \(doc.resource): requests per hour, and busy units with ample staff (the offered load)",
                     xLabel: "hour", yLabel: "per hour / units", x: x,
                     series: [("requests per hour", values(doc.arrivals)), ("offered load", values(doc.offeredLoad))]),
            LinePlot(title: "Staff on duty by hour: today's roster, each method's requirement and the roster covering it",
                     xLabel: "hour", yLabel: "staff", x: x, series: staff),
            LinePlot(title: "\(doc.target.metric) by hour (95% intervals) against the target (dashed)",
                     xLabel: "hour", yLabel: doc.target.metric, x: x, series: achieved, limit: doc.target.value.value),
        ]
        return report
    }

    /// A forecast's fan charts: occupancy and queue of each resource, the probability that it is
    /// full, and arrivals, by hour ahead.
    public static func fromForecast(_ doc: ForecastDocument) throws -> Report {
        func fan(_ band: ForecastDocument.Band, _ title: String, _ yLabel: String) throws -> FanPlot {
            guard band.p05.count == band.mean.count, band.p95.count == band.mean.count else {
                throw ReportError(message: "a forecast's mean, p05 and p95 of \(title) differ in length")
            }
            return FanPlot(title: title, yLabel: yLabel, mean: band.mean.map(\.value), lower: band.p05.map(\.value), upper: band.p95.map(\.value))
        }
        var fans: [FanPlot] = []
        // Occupancy of every resource first (beds, doctors), then queues, then the chance of
        // being full; resources by name.
        let named = doc.resources.entries
        for (name, r) in named {
            var plot = try fan(r.occupancy, "\(name): busy units (mean, 5th-95th percentile band)"
                               + (r.capacity == nil ? "" : "; dashed: units staffed"), "busy units")
            if let capacity = r.capacity?.map(\.value), capacity.count == doc.hours.count, capacity.contains(where: \.isFinite) { plot.capacity = capacity }
            fans.append(plot)
        }
        for (name, r) in named { fans.append(try fan(r.queue, "\(name): patients waiting (mean, 5th-95th percentile band)", "patients waiting")) }
        for (name, r) in named where r.fullProbability.count == doc.hours.count {
            let full = r.fullProbability.map(\.value)
            var title = "\(name): probability that no unit is free at the hour"
            if let within = r.fullWithin, let hours = doc.withinHours, within.count == hours.count {
                title += "; full at some moment within " + zip(hours, within).map { "\($0) h: \(NumberText.significant($1.value, 3))" }.joined(separator: ", ")
            }
            fans.append(FanPlot(title: title, yLabel: "probability", mean: full, lower: full, upper: full, limit: 1))
        }
        fans.append(try fan(doc.arrivals, "Arrivals in each hour (mean, 5th-95th percentile band)", "arrivals"))
        if let unit = TimeUnit(rawValue: doc.timeUnit) {
            let clock = doc.hours.map { ForecastResult.clock(start: doc.start.value, timeUnit: unit, afterHours: $0) }
            for i in fans.indices { fans[i].clock = clock }
        }
        let facts = ["forecast from \(doc.now)", "\(doc.hours.count) hours ahead", "\(doc.census) patients in the census", NumberText.counted(doc.replications, "replication")]
        var report = Report(title: "Forecast: " + doc.scenario, facts: facts, metricOrder: [], metrics: [:], profiles: [], variants: [])
        report.fans = fans
        return report
    }

    /// A forecast backtest's report: by horizon, each resource's error spread and bias in
    /// percent of the units staffed, the 90% band's coverage, and the Brier score of "full"
    /// beside the base rate's.
    public static func fromForecastBacktest(_ b: ForecastBacktest) -> Report {
        let x = b.horizons.map(String.init)
        func series(_ pick: (ForecastBacktest.Scores) -> [DocumentNumber], suffix: String = "") -> [(name: String, values: [Value])] {
            b.resources.entries.map { e in (e.key + suffix, pick(e.value).map { Value(mean: $0.value, halfWidth: 0, n: b.origins.count) }) }
        }
        let facts = ["\(b.origins.count) origins, \(b.origins.first ?? "") to \(b.origins.last ?? "")", "\(b.replications) replications each",
                     "log: \(b.log)", "\(b.censusPatients.reduce(0, +)) patients placed, \(b.unplaced.reduce(0, +)) left out"]
        var report = Report(title: "Forecast backtest: " + b.scenario, facts: facts, metricOrder: [], metrics: [:], profiles: [], variants: [])
        report.lines.append(LinePlot(title: "Standard deviation of the occupancy error, in percent of the units staffed, by horizon",
                                     xLabel: "hours ahead", yLabel: "error sd, % of staffed", x: x, series: series(\.errorSDPercent)))
        report.lines.append(LinePlot(title: "Bias (mean forecast minus actual), in percent of the units staffed, by horizon (dashed: 0)",
                                     xLabel: "hours ahead", yLabel: "bias, % of staffed", x: x, series: series(\.biasPercent), limit: 0))
        report.lines.append(LinePlot(title: "The share of origins whose occupancy fell within the forecast's 90% band (dashed: 0.9)",
                                     xLabel: "hours ahead", yLabel: "coverage", x: x, series: series(\.coverage90), limit: 0.9))
        report.lines.append(LinePlot(title: "Brier score of the probability of being full, and of always forecasting the share full (lower is better)",
                                     xLabel: "hours ahead", yLabel: "Brier score", x: x,
                                     series: series(\.brier) + series(\.brierBaseRate, suffix: " (base rate)")))
        return report
    }

    /// A fit's report: each duration column's fitted forms beside the data (the Kaplan-Meier
    /// curve when values were censored), and a table of the fits.
    public static func fromFit(_ doc: FitDocument) -> Report {
        var report = Report(title: "Fit: " + doc.file, facts: ["\(doc.arrivals.count) arrivals", "from \(doc.arrivals.firstDay)",
                                                               "\(JSON.number(doc.arrivals.hours.value / 24)) days"],
                            metricOrder: [], metrics: [:], profiles: [], variants: [])
        var table = [["column", "form", "method", "AIC", "KS D or KM distance", "KS p", "parameters (95% intervals)"]]
        for (column, d) in doc.durations.entries {
            var fits: [(label: String, survival: (Double) -> Double)] = []
            for f in d.fits.prefix(3) {
                let p = Dictionary(uniqueKeysWithValues: f.parameters.entries.map { ($0.key, $0.value.value) })
                let distribution: Distribution? = switch f.form {
                case "exponential": try? .exponential(mean: p["mean"] ?? .nan)
                case "lognormal": try? .lognormal(mean: p["mean"] ?? .nan, sd: p["sd"] ?? .nan)
                case "gamma": try? .gamma(shape: p["shape"] ?? .nan, scale: p["scale"] ?? .nan)
                case "weibull": try? .weibull(shape: p["shape"] ?? .nan, scale: p["scale"] ?? .nan)
                case "normal": try? .normal(mean: p["mean"] ?? .nan, sd: p["sd"] ?? .nan)
                default: nil
                }
                if let distribution { fits.append(("\(f.form) (AIC \(NumberText.fixed(f.aic.value, 1)))", { 1 - distribution.cdf($0) })) }
            }
            for f in d.fits {
                let parameters = f.parameters.entries.map { e in
                    let i = f.intervals[e.key]?.map(\.value) ?? []
                    return "\(e.key) \(NumberText.significant(e.value.value, 4))" + (i.count == 2 ? " (\(NumberText.significant(i[0], 4))-\(NumberText.significant(i[1], 4)))" : "")
                }
                table.append([column, f.form, f.method ?? "exact", NumberText.fixed(f.aic.value, 1), NumberText.fixed(f.ksStatistic.value, 4),
                              f.ksP.value.isFinite ? NumberText.significant(f.ksP.value, 3) : "-", parameters.joined(separator: ", ")])
            }
            let km = d.kaplanMeier.map { k in (k.time.map(\.value), k.survival.map(\.value), k.lower.map(\.value), k.upper.map(\.value)) }
            // To the 95th percentile and a little beyond, or the curve's last step.
            let p95 = d.percentiles.count == 21 ? d.percentiles[19].value : (d.percentiles.last?.value ?? 1)
            let end = max(p95 * 1.25, 1e-9)
            let title = km == nil
                ? "\(column): the fraction lasting longer than each time, by the fitted forms (best three)"
                : "\(column): the fraction still under way after each time: Kaplan-Meier (steps, 95% band; \(d.censored ?? 0) censored) beside the fitted forms"
            var plot = SurvivalPlot(title: title, xLabel: "\(column) (\(d.unit)s)", fits: fits, kaplanMeier: km, end: end)
            // The recorded values' percentiles, where nothing was censored (censored values are
            // not durations, so their percentiles are not the curve's).
            if km == nil, d.percentiles.count == 21 {
                plot.percentiles = d.percentiles.enumerated().map { ($0.element.value, 1 - Double($0.offset) / 20) }
            }
            report.survivals.append(plot)
            if let note = d.note { report.notes.append("\(column): \(note)") }
        }
        report.pointTable = table.count > 1 ? table : []
        if let b = doc.backtest {
            func series(_ pick: (FitDocument.Backtest.Scores) -> [DocumentNumber]?) -> [(name: String, values: [Value])] {
                b.models.entries.compactMap { e in pick(e.value).map { (e.key, $0.map { Value(mean: $0.value, halfWidth: 0, n: b.origins) }) } }
            }
            let x = b.horizons.map(String.init)
            report.lines.append(LinePlot(title: "Arrival forecasts backtested from \(b.origins) origins: MASE by horizon (below 1 beats the same hour last week)",
                                         xLabel: "hours ahead", yLabel: "MASE", x: x, series: series(\.mase), limit: 1))
            report.lines.append(LinePlot(title: "The profiles' 95% Poisson prediction intervals: the share of hours inside, by horizon (dashed: 0.95)",
                                         xLabel: "hours ahead", yLabel: "coverage", x: x, series: series(\.coverage95), limit: 0.95))
        }
        return report
    }

    /// "120 hours", "1 minute".
    static func duration(_ x: Double, _ unit: String?) -> String {
        guard let unit else { return JSON.number(x) }
        return "\(JSON.number(x)) \(unit)\(x == 1 ? "" : "s")"
    }

    /// What `fromDocument` takes, said when it is handed something else.
    static let reportable = "report takes the JSON of run, compare, sweep, optimize, sensitivity, warmup, fit, forecast (or its --backtest) or staff, or a results database"

    /// The report of a JSON document of any kind the tool writes (bar partials and checks).
    public static func fromDocument(_ data: Data, file: String) throws -> Report {
        let kind = try DocumentKind.of(data, file: file)
        switch kind {
        case .warmup: return fromWarmup(try WarmupDocument.read(data, file: file))
        case .staffing: return fromStaffing(try StaffingDocument.read(data, file: file))
        case .forecast: return try fromForecast(try ForecastDocument.read(data, file: file))
        case .forecastBacktest: return fromForecastBacktest(try ForecastBacktest.read(data, file: file))
        case .sensitivity:
            let doc = try SensitivityDocument.read(data, file: file)
            var report = Report(title: "Sensitivity: " + doc.scenario, facts: ["\(doc.inputs.count) inputs, each \(NumberText.readable(doc.change.value * 100))% down and up",
                                                                           "\(doc.replications) replications each on common random numbers", "seed \(doc.seed)"],
                                metricOrder: [], metrics: [:], profiles: [], variants: [])
            let moved = Dictionary(doc.inputs.map { ($0.path, "\($0.path) (\($0.low) - \($0.high))") }, uniquingKeysWith: { a, _ in a })
            report.tornadoes = doc.metrics.entries.map { m in
                Tornado(title: "\(m.key): the effect of each input low and high (paired difference from \(Report.num(m.value.asWritten.mean.value)) as written, 95% interval), largest swing first",
                        rows: m.value.effects.map { e in
                            (moved[e.input] ?? e.input, Value(mean: e.low.mean.value, halfWidth: e.low.halfWidth.value, n: doc.replications),
                             Value(mean: e.high.mean.value, halfWidth: e.high.halfWidth.value, n: doc.replications))
                        })
            }
            return report
        case .optimization: return fromOptimization(try OptimizationDocument.read(data, file: file))
        case .sweep: return fromSweep(try SweepDocument.read(data, file: file))
        case .comparison:
            let doc = try ComparisonDocument.read(data, file: file)
            func value(_ s: ResultsDocument.SummaryEntry) -> Value { Value(mean: s.mean.value, halfWidth: s.halfWidth.value, n: s.n) }
            let variants = doc.variants.map { v in
                Variant(label: v.label, pareto: v.paretoEfficient, metrics: Dictionary(uniqueKeysWithValues: v.metrics.entries.map { ($0.key, value($0.value.summary)) }),
                        differences: Dictionary(uniqueKeysWithValues: v.metrics.entries.compactMap { e in
                            e.value.difference.map { (e.key, (Value(mean: $0.mean.value, halfWidth: $0.halfWidth.value, n: 0), $0.significant)) }
                        }))
            }
            let facts = [NumberText.counted(doc.replications, "replication"), "seed \(doc.seed)", "horizon \(duration(doc.horizon.value, doc.timeUnit))",
                         "warm-up \(duration(doc.warmup.value, doc.timeUnit))", "baseline: \(doc.baseline)"]
            var report = Report(title: doc.scenario, facts: facts, metricOrder: doc.variants[0].metrics.keys, metrics: variants.first?.metrics ?? [:],
                                profiles: [], variants: variants)
            report.timeUnit = doc.timeUnit
            return report
        case .results:
            let doc = try ResultsDocument.read(data, file: file)
            var facts: [String] = []
            if let r = doc.replications { facts.append(NumberText.counted(r, "replication")) }
            if let s = doc.seed { facts.append("seed \(s)") }
            if let h = doc.horizon { facts.append("horizon \(duration(h, doc.timeUnit))") }
            if let w = doc.warmup { facts.append("warm-up \(duration(w, doc.timeUnit))") }
            if let p = doc.policy { facts.append("policy \(p)") }
            return fromResults(doc.stored, title: doc.scenario ?? file, facts: facts)
        case .fit: return fromFit(try FitDocument.read(data, file: file))
        case .check, .partial:
            throw ReportError(message: "this is \(kind!.described), which has no report: " + Self.reportable)
        case nil:
            throw ReportError(message: "not a document simrun writes: " + Self.reportable)
        }
    }

    /// A run's report, from its document or its database rows alike.
    public static func fromResults(_ results: StoredResults, title: String, facts: [String]) -> Report {
        var metrics: [String: Value] = [:]
        for m in results.metrics { metrics[m.name] = Value(mean: m.mean, halfWidth: m.halfWidth, n: m.n) }
        let profiles = results.profiles.map { p in (p.name, p.hours.map { Value(mean: $0.mean, halfWidth: $0.halfWidth, n: 0) }) }
        var report = Report(title: title, facts: facts, metricOrder: metrics.keys.sorted(), metrics: metrics, profiles: profiles, variants: [])
        report.timeUnit = results.timeUnit
        report.waits = (results.waitDistribution.map { [$0] } ?? []) + results.classWaitDistributions
        report.treatments = (results.treatmentDistribution.map { [$0] } ?? []) + results.classTreatmentDistributions
        report.theory = results.theory
        return report
    }

    public static func fromDatabase(_ path: String, runID: Int?) throws -> Report {
        let run: StoredRun
        do {
            run = try ResultsLocation.readRun(path, runID: runID.map(Int64.init))
        } catch {
            let shown = ResultsLocation.isPostgres(path) ? PostgresResults.displayed(path) : path
            throw ReportError(message: error.message.hasPrefix(shown + ": ") ? String(error.message.dropFirst(shown.count + 2)) : error.message,
                              file: shown)
        }
        let facts = ["run \(run.id)", NumberText.counted(run.replications, "replication"), "seed \(run.seed)",
                     "horizon \(duration(run.horizon, run.timeUnit))", "warm-up \(duration(run.warmup, run.timeUnit))", "policy \(run.policy)"]
        return fromResults(ResultsDocument.results(of: run), title: run.scenario, facts: facts)
    }
}
