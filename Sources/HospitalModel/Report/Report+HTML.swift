import Foundation
import HospitalModel

/// The report's HTML and SVG, written by hand: one file, no scripts, nothing fetched.
extension Report {
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func num(_ x: Double) -> String { NumberText.chart(x) }

    /// Horizontal bars with 95% interval whiskers, on an axis of round ticks labelled with `unit`;
    /// each bar's hover title gives the exact value and interval.
    static func barChart(_ title: String, unit: String, _ items: [(label: String, value: Value)]) -> String {
        let shown = items.filter { $0.value.mean.isFinite }
        guard !shown.isEmpty else { return "" }
        func hw(_ v: Value) -> Double { v.halfWidth.isFinite ? v.halfWidth : 0 }
        // Room on the left for the longest label (12px text, about 7px a character).
        let left = min(420, max(200, Self.textWidth(shown.map(\.label).max { $0.count < $1.count } ?? "") + 16))
        let rowHeight = 26.0, width = 760.0, plot = width - left - 90
        let high = shown.map { $0.value.mean + hw($0.value) }.max() ?? 1
        let ticks = niceTicks(0, high > 0 ? high : 1, count: 5)
        let top = max(ticks.last ?? 1, high)
        let scale = plot / top
        let axisY = 10 + Double(shown.count) * rowHeight
        let height = axisY + 44
        var svg = "<figure><figcaption>\(escape(title))</figcaption>"
        svg += "<svg class=\"chart bars\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for t in ticks where t <= top {
            let x = left + t * scale
            svg += "<line x1=\"\(f1(x))\" x2=\"\(f1(x))\" y1=\"8\" y2=\"\(f1(axisY))\" class=\"grid\"/>"
            svg += "<text x=\"\(f1(x))\" y=\"\(f1(axisY + 15))\" text-anchor=\"middle\">\(tick(t, ticks))</text>"
        }
        svg += "<line x1=\"\(Int(left))\" x2=\"\(f1(left + plot))\" y1=\"\(f1(axisY))\" y2=\"\(f1(axisY))\" class=\"axis\"/>"
        svg += "<text x=\"\(f1(left + plot / 2))\" y=\"\(f1(axisY + 34))\" text-anchor=\"middle\" class=\"axis-label\">\(escape(unit))</text>"
        for (i, item) in shown.enumerated() {
            let y = 10 + Double(i) * rowHeight
            let w = max(0, item.value.mean * scale)
            let exact = "\(item.label): \(num(item.value.mean))" + (hw(item.value) > 0 ? " ± \(num(item.value.halfWidth))" : "")
                + " \(unit)" + (item.value.n > 0 ? " (n = \(item.value.n))" : "")
            svg += "<text x=\"\(Int(left - 8))\" y=\"\(Int(y + 15))\" text-anchor=\"end\">\(escape(item.label))</text>"
            svg += "<rect x=\"\(Int(left))\" y=\"\(Int(y + 3))\" width=\"\(f1(w))\" height=\"16\" class=\"bar\"><title>\(escape(exact))</title></rect>"
            var labelX = left + w + 6
            if hw(item.value) > 0 {
                let lo = left + max(0, (item.value.mean - item.value.halfWidth) * scale), hi = left + (item.value.mean + item.value.halfWidth) * scale
                svg += "<line x1=\"\(f1(lo))\" x2=\"\(f1(hi))\" y1=\"\(Int(y + 11))\" y2=\"\(Int(y + 11))\" class=\"ci\"/>"
                labelX = max(labelX, hi + 6)
            }
            svg += "<text x=\"\(Int(labelX))\" y=\"\(Int(y + 15))\" class=\"value\">\(num(item.value.mean))</text>"
        }
        return svg + "</svg></figure>\n"
    }

    static func f1(_ v: Double) -> String { NumberText.fixed(v, 1) }

    /// A 24-hour profile: the mean as a line, the 95% interval as a band, round ticks on the
    /// y axis labelled with `yLabel`, and each hour's exact value on hover.
    static func profileChart(_ title: String, yLabel: String, _ hours: [Value]) -> String {
        guard hours.count == 24, hours.contains(where: { $0.mean.isFinite }) else { return "" }
        func hw(_ v: Value) -> Double { v.halfWidth.isFinite ? v.halfWidth : 0 }
        let width = 760.0, height = 240.0, left = 70.0, plotW = width - left - 20, plotH = height - 60 - 20
        let high = max(hours.map { $0.mean + hw($0) }.filter(\.isFinite).max() ?? 1, 1e-9)
        let ticks = niceTicks(0, high, count: 4)
        let top = max(ticks.last ?? high, high)
        func x(_ h: Int) -> Double { left + (Double(h) + 0.5) * plotW / 24 }
        func y(_ v: Double) -> Double { 20 + plotH - max(0, v) / top * plotH }
        let defined = (0..<24).filter { hours[$0].mean.isFinite }
        let upper = defined.map { "\(f1(x($0))),\(f1(y(hours[$0].mean + hw(hours[$0]))))" }
        let lower = defined.reversed().map { "\(f1(x($0))),\(f1(y(hours[$0].mean - hw(hours[$0]))))" }
        let line = defined.map { "\(f1(x($0))),\(f1(y(hours[$0].mean)))" }
        var svg = "<figure><figcaption>\(escape(title))</figcaption>"
        svg += "<svg class=\"chart profile\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for t in ticks where t <= top {
            svg += "<line x1=\"\(Int(left - 4))\" x2=\"\(Int(left + plotW))\" y1=\"\(f1(y(t)))\" y2=\"\(f1(y(t)))\" class=\"grid\"/>"
            svg += "<text x=\"\(Int(left - 6))\" y=\"\(f1(y(t) + 4))\" text-anchor=\"end\">\(tick(t, ticks))</text>"
        }
        svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotW))\" y1=\"\(Int(20 + plotH))\" y2=\"\(Int(20 + plotH))\" class=\"axis\"/>"
        svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left))\" y1=\"20\" y2=\"\(Int(20 + plotH))\" class=\"axis\"/>"
        for h in stride(from: 0, to: 24, by: 3) {
            svg += "<text x=\"\(f1(x(h)))\" y=\"\(Int(20 + plotH + 16))\" text-anchor=\"middle\">\(String(format: "%02d:00", h))</text>"
        }
        svg += "<text x=\"\(Int(left + plotW / 2))\" y=\"\(Int(20 + plotH + 36))\" text-anchor=\"middle\" class=\"axis-label\">hour of day (the hour starting at)</text>"
        svg += yAxisLabel(yLabel, left: left)
        svg += "<polygon points=\"\((upper + lower).joined(separator: " "))\" class=\"band\"/>"
        svg += "<polyline points=\"\(line.joined(separator: " "))\" class=\"line\"/>"
        for h in defined {
            svg += "<circle cx=\"\(f1(x(h)))\" cy=\"\(f1(y(hours[h].mean)))\" r=\"2.5\" class=\"dot\"><title>\(String(format: "%02d:00", h)): \(num(hours[h].mean)) ± \(num(hours[h].halfWidth)) \(escape(yLabel))</title></circle>"
        }
        return svg + "</svg></figure>\n"
    }

    /// Empirical distribution functions of waits, one line per series, from their percentiles
    /// 0..100: x is the wait (up to the largest 95th percentile or target), y the fraction of
    /// patients who waited at most that long. Targets are dashed verticals in the series' colour,
    /// `theory` (when given) a dashed black curve.
    static func cdfChart(_ title: String, unit: String, _ series: [StoredResults.WaitPercentiles], theory: WaitDistribution? = nil,
                         quantity: String = "wait", within: String = "fraction waited at most x") -> String {
        let shown = series.filter { $0.n > 0 && $0.percentiles.count == 101 && $0.percentiles.allSatisfy(\.isFinite) }
        guard !shown.isEmpty else { return "" }
        // To the largest 95th percentile (the tail beyond flattens the picture) or target.
        let reach = max(shown.map { $0.percentiles[95] }.max() ?? 1, shown.compactMap(\.target).max() ?? 0)
        let ticks = niceTicks(0, reach > 0 ? reach : 1, count: 6)
        let right = max(ticks.last ?? 1, reach)
        let legend: Double = shown.count > 1 || theory != nil ? 18.0 * Double(shown.count + (theory == nil ? 0 : 1)) : 0
        let width = 760.0, left = 70.0, plotW = width - left - 30, plotH = 220.0, height = 20 + plotH + 50 + legend
        func x(_ v: Double) -> Double { left + min(v, right) / right * plotW }
        func y(_ p: Double) -> Double { 20 + plotH - p * plotH }
        var svg = frame("cdf", title, width: width, height: height, left: left, plotW: plotW, plotH: plotH, yTicks: [0, 0.25, 0.5, 0.75, 1],
                        y: y, xTicks: ticks.filter { $0 <= right }, x: x, xLabel: "\(quantity) (\(unit))", xLabelY: 20 + plotH + 36,
                        yLabel: within)
        for (s, d) in shown.enumerated() {
            let color = palette[s % palette.count]
            // A step function: flat between percentiles, rising at each.
            var points: [String] = []
            var previous = 0.0
            for (k, q) in d.percentiles.enumerated() where q <= right {
                points.append("\(f1(x(q))),\(f1(y(previous)))")
                points.append("\(f1(x(q))),\(f1(y(Double(k) / 100)))")
                previous = Double(k) / 100
            }
            points.append("\(f1(x(right))),\(f1(y(previous)))")
            let median = d.percentiles[50], p90 = d.percentiles[90]
            svg += "<polyline points=\"\(points.joined(separator: " "))\" stroke=\"\(color)\" class=\"series\"><title>\(escape(d.name)): median \(num(median)), 90th percentile \(num(p90)) \(escape(unit)) (\(d.n) patients)</title></polyline>"
            if let target = d.target {
                let met = fraction(atMost: target, d.percentiles)
                svg += "<line x1=\"\(f1(x(target)))\" x2=\"\(f1(x(target)))\" y1=\"20\" y2=\"\(Int(20 + plotH))\" stroke=\"\(color)\" class=\"target\"><title>\(escape(d.name)) target \(num(target)) \(escape(unit)): about \(num(met)) of patients with \(escape(quantity)) within it</title></line>"
            }
            if legend > 0 {
                let ly = 20 + plotH + 50 + 18 * Double(s)
                svg += "<rect x=\"\(Int(left))\" y=\"\(Int(ly - 9))\" width=\"14\" height=\"10\" fill=\"\(color)\"/><text x=\"\(Int(left + 20))\" y=\"\(Int(ly))\">\(escape(d.name))\(d.target.map { " (target \(JSON.number($0)) \(unit), dashed)" } ?? "")</text>"
            }
        }
        if let theory {
            let steps = 200
            let curve = (0...steps).map { i -> String in
                let t = right * Double(i) / Double(steps)
                return "\(f1(x(t))),\(f1(y(theory.cdf(t))))"
            }
            svg += "<polyline points=\"\(([ "\(f1(x(0))),\(f1(y(0)))" ] + curve).joined(separator: " "))\" class=\"theory\"><title>theory: P(wait = 0) = \(num(theory.noWait))</title></polyline>"
            let ly = 20 + plotH + 50 + 18 * Double(shown.count)
            svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + 14))\" y1=\"\(Int(ly - 4))\" y2=\"\(Int(ly - 4))\" class=\"theory\"/><text x=\"\(Int(left + 20))\" y=\"\(Int(ly))\">theory</text>"
        }
        return svg + "</svg></figure>\n"
    }

    /// The fraction of patients with a wait at most `x`, read off percentiles 0..100.
    static func fraction(atMost x: Double, _ percentiles: [Double]) -> Double {
        percentiles.lastIndex { $0 <= x }.map { Double($0) / 100 } ?? 0
    }

    /// The teaching view: the share of patients in each wait bin, simulated (bars) against
    /// theory (dots), with no wait at all as the first bin.
    static func histogramChart(_ title: String, unit: String, _ d: StoredResults.WaitPercentiles, theory: WaitDistribution) -> String {
        guard d.n > 0, d.percentiles.count == 101, d.percentiles.allSatisfy(\.isFinite) else { return "" }
        let reach = d.percentiles[99] > 0 ? d.percentiles[99] : 1
        let ticks = niceTicks(0, reach, count: 10)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : reach
        let edges = ticks.filter { $0 <= reach + step * 0.999 }
        // Simulated share in (a, b], interpolated linearly between percentiles.
        func simulated(atMost t: Double) -> Double {
            let p = d.percentiles
            if t < p[0] { return 0 }
            guard let i = p.lastIndex(where: { $0 <= t }) else { return 0 }
            if i == 100 { return 1 }
            let (a, b) = (p[i], p[i + 1])
            return (Double(i) + (b > a ? (t - a) / (b - a) : 0)) / 100
        }
        let zeroSim = fraction(atMost: 0, d.percentiles)
        var bins: [(label: String, sim: Double, theory: Double)] = [("0", zeroSim, theory.noWait)]
        var lowSim = zeroSim, lowTheory = theory.noWait
        for (a, b) in zip(edges, edges.dropFirst()) {
            let hs = max(simulated(atMost: b), lowSim), ht = theory.cdf(b)
            bins.append(("\(tick(a, edges))–\(tick(b, edges))", hs - lowSim, ht - lowTheory))
            (lowSim, lowTheory) = (hs, ht)
        }
        bins.append(("over \(tick(edges.last ?? reach, edges))", max(0, 1 - lowSim), max(0, 1 - lowTheory)))
        let top = niceTicks(0, max(bins.map { max($0.sim, $0.theory) }.max() ?? 1, 1e-9), count: 4)
        let high = top.last ?? 1
        let width = 760.0, left = 70.0, plotW = width - left - 20, plotH = 220.0, height = 20 + plotH + 70
        let slot = plotW / Double(bins.count)
        func y(_ p: Double) -> Double { 20 + plotH - p / high * plotH }
        var svg = "<figure><figcaption>\(escape(title))</figcaption>"
        svg += "<svg class=\"chart histogram\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for t in top {
            svg += "<line x1=\"\(Int(left - 4))\" x2=\"\(Int(left + plotW))\" y1=\"\(f1(y(t)))\" y2=\"\(f1(y(t)))\" class=\"grid\"/>"
            svg += "<text x=\"\(Int(left - 6))\" y=\"\(f1(y(t) + 4))\" text-anchor=\"end\">\(tick(t, top))</text>"
        }
        svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotW))\" y1=\"\(Int(20 + plotH))\" y2=\"\(Int(20 + plotH))\" class=\"axis\"/>"
        for (i, bin) in bins.enumerated() {
            let x0 = left + Double(i) * slot
            svg += "<rect x=\"\(f1(x0 + slot * 0.15))\" y=\"\(f1(y(bin.sim)))\" width=\"\(f1(slot * 0.7))\" height=\"\(f1(max(0, 20 + plotH - y(bin.sim))))\" class=\"bar\"><title>wait \(escape(bin.label)) \(escape(unit)): simulated \(num(bin.sim)), theory \(num(bin.theory))</title></rect>"
            svg += "<circle cx=\"\(f1(x0 + slot / 2))\" cy=\"\(f1(y(bin.theory)))\" r=\"4\" class=\"theory-dot\"><title>theory: \(num(bin.theory))</title></circle>"
            if bins.count <= 14 || i % 2 == 0 {
                svg += "<text x=\"\(f1(x0 + slot / 2))\" y=\"\(Int(20 + plotH + 16))\" text-anchor=\"middle\" class=\"small\">\(escape(bin.label))</text>"
            }
        }
        svg += "<text x=\"\(Int(left + plotW / 2))\" y=\"\(Int(20 + plotH + 36))\" text-anchor=\"middle\" class=\"axis-label\">wait (\(escape(unit))); the first bin is no wait at all</text>"
        svg += yAxisLabel("fraction of patients", left: left)
        svg += "<rect x=\"\(Int(left))\" y=\"\(Int(height - 18))\" width=\"14\" height=\"10\" class=\"bar\"/><text x=\"\(Int(left + 20))\" y=\"\(Int(height - 9))\">simulation (\(d.n) patients)</text>"
        svg += "<circle cx=\"\(Int(left + 227))\" cy=\"\(Int(height - 13))\" r=\"4\" class=\"theory-dot\"/><text x=\"\(Int(left + 236))\" y=\"\(Int(height - 9))\">theory</text>"
        return svg + "</svg></figure>\n"
    }

    /// Welch's plot: a series (thin), its moving average (bold) and the truncation (a dashed
    /// line), against x = x0 + i * dx.
    static func seriesChart(_ title: String, xLabel: String, yLabel: String, x0: Double, dx: Double,
                            series: [Double], smooth: [Double], cut: Int) -> String {
        let finite = (series + smooth).filter(\.isFinite)
        guard series.count >= 2, let high = finite.max() else { return "" }
        let yTicks = niceTicks(min(0, finite.min() ?? 0), high > min(0, finite.min() ?? 0) ? high : 1, count: 4)
        let low = yTicks.first ?? 0
        let width = 760.0, height = 260.0, left = 60.0, bottom = 40.0, plotW = width - left - 20, plotH = height - bottom - 20
        let top = max(yTicks.last ?? high, high > low ? high : low + 1)
        let n = Double(series.count - 1)
        func x(_ i: Int) -> Double { left + Double(i) / n * plotW }
        // x at a value of the axis (x0 + i dx), for round ticks between the first and last point.
        func xAt(_ value: Double) -> Double { left + (value - x0) / (dx * n) * plotW }
        let xTicks = niceTicks(x0, x0 + dx * n, count: 5).filter { $0 >= x0 - 1e-9 * abs(dx * n) && $0 <= x0 + dx * n * (1 + 1e-9) }
        func y(_ v: Double) -> Double { 20 + plotH - (v - low) / (top - low) * plotH }
        func points(_ ys: [Double]) -> String {
            // At most about 2000 points: a long series is thinned evenly for the drawing.
            let step = max(1, ys.count / 2000)
            return stride(from: 0, to: ys.count, by: step).filter { ys[$0].isFinite }
                .map { String(format: "%.1f,%.1f", x($0), y(ys[$0])) }.joined(separator: " ")
        }
        var svg = frame("series", title, width: width, height: height, left: left, plotW: plotW, plotH: plotH, yTicks: yTicks.filter { $0 <= top },
                        y: y, xTicks: xTicks, x: xAt, xLabel: xLabel, xLabelY: height - 4, yLabel: yLabel)
        svg += "<polyline points=\"\(points(series))\" class=\"raw\"><title>\(escape(yLabel)), averaged over replications</title></polyline>"
        svg += "<polyline points=\"\(points(smooth))\" class=\"line\"><title>Welch's moving average</title></polyline>"
        if cut > 0, cut < series.count {
            svg += "<line x1=\"\(NumberText.fixed(x(cut), 1))\" x2=\"\(NumberText.fixed(x(cut), 1))\" y1=\"20\" y2=\"\(Int(20 + plotH))\" class=\"cut\"><title>MSER-5 cut: \(num(x0 + Double(cut) * dx))</title></line>"
        }
        return svg + "</svg></figure>\n"
    }

    /// Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten.
    /// A generous estimate of a 12px label's width, for laying out text so that it fits.
    static func textWidth(_ text: String) -> Double { 7.2 * Double(text.count) }

    /// The value axis's label, written horizontally above the plot from the axis rightwards (a
    /// rotated label longer than the plot is tall would be cut; the tick labels stay left of the
    /// axis, so nothing runs into it).
    static func yAxisLabel(_ text: String, left: Double) -> String {
        "<text x=\"\(Int(left + 4))\" y=\"12\" text-anchor=\"start\" class=\"axis-label\">\(escape(text))</text>"
    }

    /// A range to draw values between: `low`..`high` itself, or around a value when the series is
    /// flat (so that 76500 does not get an axis from 76500.0 to 76501.0).
    static func drawnRange(_ low: Double, _ high: Double) -> (Double, Double) {
        guard high - low <= 1e-9 * max(1, abs(high)) else { return (low, high) }
        if high == 0 { return (0, 1) }
        let pad = 0.1 * abs(high)
        return (low >= 0 && low - pad < 0 ? 0 : low - pad, high + pad)
    }

    static func niceTicks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low, low.isFinite, high.isFinite else { return [low] }
        let raw = (high - low) / Double(max(1, count))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (low / step).rounded(.down) * step
        return stride(from: first, through: high + step * 0.999, by: step).map { ($0 / step).rounded() * step }
    }

    /// A tick's label with as many decimals as the step between ticks needs ("0.25", "20", "1.5").
    static func tick(_ t: Double, _ ticks: [Double]) -> String {
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : abs(t)
        // The fewest decimals that write the step exactly.
        let decimals = (0...6).first { d in
            let scaled = step * pow(10, Double(d))
            return abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled)
        } ?? 6
        let text = String(format: "%.\(decimals)f", t)
        return text == "-0" ? "0" : text
    }

    static let palette = ["#1f4e79", "#b5402a", "#3a7d44", "#8e5ea2", "#c77c02", "#2a9d8f", "#6c757d", "#d62828"]

    /// Metrics against a setting: a line per series with its 95% band, round ticks, axis labels,
    /// a legend when there are several series, a dashed limit, and hover titles with the values.
    /// Horizontal bars from zero to each input's effect of low and of high, inputs down the
    /// side, largest swing on top, with each effect's 95% interval as a whisker.
    static func tornadoChart(_ t: Tornado) -> String {
        let labelWidth = 360.0, plotWidth = 420.0, rowHeight = 26.0, top = 34.0
        let height = top + rowHeight * Double(t.rows.count) + 40
        let extent = t.rows.flatMap { [abs($0.low.mean) + ($0.low.halfWidth.isFinite ? $0.low.halfWidth : 0),
                                        abs($0.high.mean) + ($0.high.halfWidth.isFinite ? $0.high.halfWidth : 0)] }.filter(\.isFinite).max() ?? 1
        let ticks = niceTicks(-max(extent, 1e-12), max(extent, 1e-12))
        let lo = ticks.first ?? -extent, hi = ticks.last ?? extent
        func x(_ v: Double) -> Double { labelWidth + (v - lo) / (hi - lo) * plotWidth }
        var svg = "<h3>\(escape(t.title))</h3>\n"
        svg += "<svg class=\"chart tornado\" width=\"\(Int(labelWidth + plotWidth + 44))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(escape(t.title))\">"
        for tick in ticks {
            svg += "<line x1=\"\(x(tick))\" y1=\"\(top - 6)\" x2=\"\(x(tick))\" y2=\"\(height - 34)\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(x(tick))\" y=\"\(height - 18)\" text-anchor=\"middle\" font-size=\"11\">\(escape(NumberText.chart(tick)))</text>"
        }
        svg += "<line x1=\"\(x(0))\" y1=\"\(top - 6)\" x2=\"\(x(0))\" y2=\"\(height - 34)\" stroke=\"#333\"/>"
        svg += "<text x=\"\(labelWidth + plotWidth / 2)\" y=\"\(height - 2)\" text-anchor=\"middle\" font-size=\"12\">change in the metric from the file as written</text>"
        for (i, row) in t.rows.enumerated() {
            let y = top + rowHeight * Double(i)
            // A long key path keeps its end, the part that says which parameter it is.
            let label = row.input.count > 52 ? "…" + row.input.suffix(51) : row.input
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"11\"><title>\(escape(row.input))</title>\(escape(label))</text>"
            for (value, colour, name) in [(row.low, "#9ecae1", "low"), (row.high, "#2b6a99", "high")] where value.mean.isFinite {
                let (a, b) = (min(x(0), x(value.mean)), max(x(0), x(value.mean)))
                let (offset, h) = (name == "low" ? 3.0 : 12.0, 9.0)
                svg += "<rect x=\"\(a)\" y=\"\(y + offset)\" width=\"\(max(b - a, 0.5))\" height=\"\(h)\" fill=\"\(colour)\"><title>\(escape(row.input)) \(name): \(escape(Report.num(value.mean))) ± \(escape(Report.num(value.halfWidth)))</title></rect>"
                if value.halfWidth.isFinite, value.halfWidth > 0 {
                    svg += "<line x1=\"\(x(value.mean - value.halfWidth))\" y1=\"\(y + offset + h / 2)\" x2=\"\(x(value.mean + value.halfWidth))\" y2=\"\(y + offset + h / 2)\" stroke=\"#111\"/>"
                }
            }
        }
        return svg + "</svg>\n"
    }

    static func lineChart(_ plot: LinePlot) -> String {
        var all: [Double] = []
        for series in plot.series {
            for v in series.values where v.mean.isFinite {
                let h: Double = v.halfWidth.isFinite ? v.halfWidth : 0
                all.append(v.mean - h)
                all.append(v.mean + h)
            }
        }
        if let limit = plot.limit { all.append(limit) }
        guard let lo0 = all.min(), let hi0 = all.max(), plot.x.count >= 1 else { return "" }
        let (lo, hi) = drawnRange(lo0, hi0)
        // From zero when the values are spread widely anyway; otherwise from near the lowest, so
        // that differences of a few percent (costs, say) can be seen.
        let start: Double = lo >= 0 && lo < 0.5 * hi ? 0 : lo
        let ticks = niceTicks(start, hi == start ? start + 1 : hi)
        let low: Double = ticks.first ?? start
        let high: Double = max(ticks.last ?? hi, hi)
        let width = 760.0
        let legend: Double = plot.series.count > 1 ? 18.0 * Double(plot.series.count) : 0
        let height: Double = 260.0 + legend
        let left = 84.0, plotW = width - left - 30, plotH = 260.0 - 60 - 20
        let n = Double(max(1, plot.x.count - 1))
        func x(_ i: Int) -> Double { plot.x.count == 1 ? left + plotW / 2 : left + Double(i) / n * plotW }
        func y(_ v: Double) -> Double { 20 + plotH - (v - low) / (high - low) * plotH }
        var svg = "<figure><figcaption>\(escape(plot.title))</figcaption>"
        svg += "<svg class=\"chart lines\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(plot.title))\">"
        svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotW))\" y1=\"\(Int(20 + plotH))\" y2=\"\(Int(20 + plotH))\" class=\"axis\"/>"
        svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left))\" y1=\"20\" y2=\"\(Int(20 + plotH))\" class=\"axis\"/>"
        for t in ticks where t <= high {
            svg += "<line x1=\"\(Int(left - 4))\" x2=\"\(Int(left + plotW))\" y1=\"\(NumberText.fixed(y(t), 1))\" y2=\"\(NumberText.fixed(y(t), 1))\" class=\"grid\"/>"
            svg += "<text x=\"\(Int(left - 6))\" y=\"\(NumberText.fixed(y(t) + 4, 0))\" text-anchor=\"end\">\(tick(t, ticks))</text>"
        }
        // Labels far enough apart not to run into each other (every one in the hover titles).
        let spacing = plot.x.count > 1 ? plotW / n : plotW
        let widest = (plot.x + plot.marks.values).map(Self.textWidth).max() ?? 0
        let every = max(1, plot.x.count / 12, Int(((widest + 10) / spacing).rounded(.up)))
        // A label near an edge is anchored on the side that keeps it inside the chart.
        // The x and text-anchor attributes of label `text` under point i.
        func placed(_ i: Int, _ text: String) -> String {
            let w = Self.textWidth(text)
            let (anchor, at): (String, Double) =
                x(i) - w / 2 < left - 4 ? ("start", max(left - 4, x(i) - 4))
                : x(i) + w / 2 > width - 2 ? ("end", min(width - 2, x(i) + 4))
                : ("middle", x(i))
            return "x=\"\(NumberText.fixed(at, 0))\" text-anchor=\"\(anchor)\""
        }
        for (i, label) in plot.x.enumerated() where i % every == 0 || plot.marks[i] != nil {
            if i % every == 0 {
                svg += "<text \(placed(i, label)) y=\"\(Int(20 + plotH + 16))\">\(escape(label))</text>"
            }
            if let mark = plot.marks[i] {
                svg += "<text \(placed(i, mark)) y=\"\(Int(20 + plotH + 29))\" class=\"mark \(mark)\">\(escape(mark))<title>\(escape(plot.x[i]))</title></text>"
            }
        }
        svg += "<text x=\"\(Int(left + plotW / 2))\" y=\"\(Int(20 + plotH + 48))\" text-anchor=\"middle\" class=\"axis-label\">\(escape(plot.xLabel))</text>"
        svg += Self.yAxisLabel(plot.yLabel, left: left)
        if let limit = plot.limit {
            svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotW))\" y1=\"\(NumberText.fixed(y(limit), 1))\" y2=\"\(NumberText.fixed(y(limit), 1))\" class=\"cut\"><title>constraint limit \(num(limit))</title></line>"
        }
        for (s, series) in plot.series.enumerated() {
            let color = palette[s % palette.count]
            let defined = series.values.indices.filter { series.values[$0].mean.isFinite }
            func hw(_ v: Value) -> Double { v.halfWidth.isFinite ? v.halfWidth : 0 }
            let upper = defined.map { String(format: "%.1f,%.1f", x($0), y(series.values[$0].mean + hw(series.values[$0]))) }
            let lower = defined.reversed().map { String(format: "%.1f,%.1f", x($0), y(series.values[$0].mean - hw(series.values[$0]))) }
            if defined.count > 1 { svg += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" class=\"bandline\"/>" }
            svg += "<polyline points=\"\(defined.map { String(format: "%.1f,%.1f", x($0), y(series.values[$0].mean)) }.joined(separator: " "))\" stroke=\"\(color)\" class=\"series\"/>"
            for i in defined {
                let v = series.values[i]
                svg += "<circle cx=\"\(NumberText.fixed(x(i), 1))\" cy=\"\(NumberText.fixed(y(v.mean), 1))\" r=\"3\" fill=\"\(color)\"><title>\(escape(series.name)) at \(escape(plot.x[i])): \(num(v.mean)) ± \(num(v.halfWidth))</title></circle>"
            }
            if plot.series.count > 1 {
                let ly = 260.0 + 18 * Double(s) + 4
                svg += "<rect x=\"\(Int(left))\" y=\"\(Int(ly - 9))\" width=\"14\" height=\"10\" fill=\"\(color)\"/><text x=\"\(Int(left + 20))\" y=\"\(Int(ly))\">\(escape(series.name))</text>"
            }
        }
        return svg + "</svg></figure>\n"
    }

    /// Two objectives against each other: every point with its 95% intervals on both axes, the
    /// estimated front joined and marked, infeasible points hollow.
    static func frontChart(_ f: FrontPlot) -> String {
        let shown = f.points.filter { $0.x.mean.isFinite && $0.y.mean.isFinite }
        guard shown.count >= 2 else { return "" }
        func hw(_ v: Value) -> Double { v.halfWidth.isFinite ? v.halfWidth : 0 }
        let xs = shown.flatMap { [$0.x.mean - hw($0.x), $0.x.mean + hw($0.x)] }, ys = shown.flatMap { [$0.y.mean - hw($0.y), $0.y.mean + hw($0.y)] }
        let xt = niceTicks(xs.min()!, xs.max()! > xs.min()! ? xs.max()! : xs.min()! + 1), yt = niceTicks(ys.min()!, ys.max()! > ys.min()! ? ys.max()! : ys.min()! + 1)
        let (x0, x1, y0, y1) = (xt.first!, max(xt.last!, xs.max()!), yt.first!, max(yt.last!, ys.max()!))
        let width = 760.0, height = 340.0, left = 84.0, plotW = width - left - 30, plotH = height - 60 - 20
        func x(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * plotW }
        func y(_ v: Double) -> Double { 20 + plotH - (v - y0) / (y1 - y0) * plotH }
        let title = f.title ?? "\(f.yMetric) against \(f.xMetric): every point (95% intervals), the estimated Pareto front joined"
        var svg = "<figure><figcaption>\(escape(title))</figcaption>"
        svg += "<svg class=\"chart front\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotW))\" y1=\"\(Int(20 + plotH))\" y2=\"\(Int(20 + plotH))\" class=\"axis\"/>"
        svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left))\" y1=\"20\" y2=\"\(Int(20 + plotH))\" class=\"axis\"/>"
        for t in yt where t <= y1 { svg += "<text x=\"\(Int(left - 6))\" y=\"\(f1(y(t) + 4))\" text-anchor=\"end\">\(tick(t, yt))</text>" }
        for t in xt where t <= x1 { svg += "<text x=\"\(f1(x(t)))\" y=\"\(Int(20 + plotH + 16))\" text-anchor=\"middle\">\(tick(t, xt))</text>" }
        func label(_ metric: String, _ unit: String) -> String { unit.isEmpty ? metric : "\(metric) (\(unit))" }
        svg += "<text x=\"\(Int(left + plotW / 2))\" y=\"\(Int(20 + plotH + 40))\" text-anchor=\"middle\" class=\"axis-label\">\(escape(label(f.xMetric, f.xUnit)))</text>"
        svg += yAxisLabel(label(f.yMetric, f.yUnit), left: left)
        let front = shown.filter(\.onFront).sorted { $0.x.mean < $1.x.mean }
        if f.joinFront, front.count > 1 { svg += "<polyline points=\"\(front.map { "\(f1(x($0.x.mean))),\(f1(y($0.y.mean)))" }.joined(separator: " "))\" class=\"series\" stroke=\"#3a7d44\"/>" }
        for p in shown {
            let (cx, cy) = (x(p.x.mean), y(p.y.mean))
            svg += "<line x1=\"\(f1(x(p.x.mean - hw(p.x))))\" x2=\"\(f1(x(p.x.mean + hw(p.x))))\" y1=\"\(f1(cy))\" y2=\"\(f1(cy))\" class=\"whisker\"/>"
            svg += "<line x1=\"\(f1(cx))\" x2=\"\(f1(cx))\" y1=\"\(f1(y(p.y.mean - hw(p.y))))\" y2=\"\(f1(y(p.y.mean + hw(p.y))))\" class=\"whisker\"/>"
            let style = p.feasible == false ? "fill=\"white\" stroke=\"#b5402a\"" : (p.onFront ? "fill=\"#3a7d44\"" : "fill=\"#1f4e79\"")
            svg += "<circle cx=\"\(f1(cx))\" cy=\"\(f1(cy))\" r=\"\(p.onFront ? 5 : 3.5)\" \(style)><title>\(escape(p.label)): \(escape(f.xMetric)) \(num(p.x.mean)) ± \(num(p.x.halfWidth)), \(escape(f.yMetric)) \(num(p.y.mean)) ± \(num(p.y.halfWidth))\(p.onFront ? " (front)" : "")\(p.feasible == false ? " (infeasible)" : "")</title></circle>"
            if f.labelled {
                let nearRight = cx > left + 0.7 * plotW
                svg += "<text x=\"\(f1(nearRight ? cx - 8 : cx + 8))\" y=\"\(f1(cy - 6))\"\(nearRight ? " text-anchor=\"end\"" : "") class=\"label\">\(escape(p.label))</text>"
            }
        }
        return svg + "</svg></figure>\n"
    }

    /// The frame of an x-y chart: the figure with its caption, the y grid and ticks, the x
    /// ticks, both axes and their labels; the caller draws the data and closes the svg.
    static func frame(_ kind: String, _ title: String, width: Double, height: Double, left: Double, plotW: Double, plotH: Double,
                      yTicks: [Double], y: (Double) -> Double, xTicks: [Double], x: (Double) -> Double,
                      xLabel: String, xLabelY: Double, yLabel: String) -> String {
        var svg = "<figure><figcaption>\(escape(title))</figcaption>"
        svg += "<svg class=\"chart \(kind)\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left + plotW))\" y1=\"\(Int(20 + plotH))\" y2=\"\(Int(20 + plotH))\" class=\"axis\"/>"
        svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(left))\" y1=\"20\" y2=\"\(Int(20 + plotH))\" class=\"axis\"/>"
        for v in yTicks {
            svg += "<line x1=\"\(Int(left - 4))\" x2=\"\(Int(left + plotW))\" y1=\"\(f1(y(v)))\" y2=\"\(f1(y(v)))\" class=\"grid\"/>"
            svg += "<text x=\"\(Int(left - 6))\" y=\"\(f1(y(v) + 4))\" text-anchor=\"end\">\(tick(v, yTicks))</text>"
        }
        for v in xTicks {
            svg += "<text x=\"\(f1(x(v)))\" y=\"\(Int(20 + plotH + 16))\" text-anchor=\"middle\">\(tick(v, xTicks))</text>"
        }
        svg += "<text x=\"\(Int(left + plotW / 2))\" y=\"\(Int(xLabelY))\" text-anchor=\"middle\" class=\"axis-label\">\(escape(xLabel))</text>"
        svg += yAxisLabel(yLabel, left: left)
        return svg
    }

    public static func fanChart(_ plot: FanPlot) -> String {
        let n = plot.mean.count
        guard n > 0 else { return "" }
        let width = 760.0, height = 240.0, left = 70.0, plotW = width - left - 20, plotH = height - 60 - 20
        let high = max((plot.upper + plot.mean + [plot.limit ?? 0] + (plot.capacity ?? [])).filter(\.isFinite).max() ?? 1, 1e-9)
        let ticks = niceTicks(0, high, count: 4)
        let top = max(ticks.last ?? high, high)
        func x(_ h: Double) -> Double { left + h / Double(n) * plotW }
        func y(_ v: Double) -> Double { 20 + plotH - max(0, v) / top * plotH }
        var svg: String
        if plot.clock.count == n {
            // Wall-clock ticks: every 6 hours up to a day and a half, 12 up to four days, then each midnight.
            let step = n <= 36 ? 6 : n <= 96 ? 12 : 24
            let marked = (1...n).filter { h in
                let label = plot.clock[h - 1]
                return label.hasSuffix(":00") && Int(label.suffix(5).prefix(2)).map { $0 % step == 0 } == true
            }
            svg = frame("fan", plot.title, width: width, height: height, left: left, plotW: plotW, plotH: plotH, yTicks: ticks.filter { $0 <= top },
                        y: y, xTicks: [], x: x, xLabel: "clock time (hours from now in the tooltips)", xLabelY: 20 + plotH + 36, yLabel: plot.yLabel)
            for h in marked {
                svg += "<text x=\"\(f1(x(Double(h))))\" y=\"\(Int(20 + plotH + 16))\" text-anchor=\"middle\" class=\"small\">\(escape(plot.clock[h - 1]))</text>"
            }
        } else {
            let xTicks = niceTicks(0, Double(n), count: 6).filter { $0 <= Double(n) }
            svg = frame("fan", plot.title, width: width, height: height, left: left, plotW: plotW, plotH: plotH, yTicks: ticks.filter { $0 <= top },
                        y: y, xTicks: xTicks, x: x, xLabel: "hours from now", xLabelY: 20 + plotH + 36, yLabel: plot.yLabel)
        }
        if let capacity = plot.capacity {
            // A step line: the staffed units hold through each hour.
            var points: [String] = []
            for h in 0..<n where capacity[h].isFinite {
                points.append("\(f1(x(Double(h)))),\(f1(y(capacity[h])))")
                points.append("\(f1(x(Double(h + 1)))),\(f1(y(capacity[h])))")
            }
            svg += "<polyline points=\"\(points.joined(separator: " "))\" class=\"capacity\"><title>units staffed</title></polyline>"
        }
        let hours = (0..<n).filter { plot.mean[$0].isFinite }
        let upper = hours.map { "\(f1(x(Double($0 + 1)))),\(f1(y(plot.upper[$0])))" }
        let lower = hours.reversed().map { "\(f1(x(Double($0 + 1)))),\(f1(y(plot.lower[$0])))" }
        svg += "<polygon points=\"\((upper + lower).joined(separator: " "))\" class=\"band\"/>"
        svg += "<polyline points=\"\(hours.map { "\(f1(x(Double($0 + 1)))),\(f1(y(plot.mean[$0])))" }.joined(separator: " "))\" class=\"line\"/>"
        for h in hours {
            let when = plot.clock.count == n ? "hour \(h + 1), \(plot.clock[h])" : "hour \(h + 1)"
            let staffed = plot.capacity.map { $0[h].isFinite ? ", \(num($0[h])) staffed" : "" } ?? ""
            svg += "<circle cx=\"\(f1(x(Double(h + 1))))\" cy=\"\(f1(y(plot.mean[h])))\" r=\"\(n > 100 ? 1 : 2)\" class=\"dot\"><title>\(escape(when)): \(num(plot.mean[h])) (\(num(plot.lower[h]))-\(num(plot.upper[h]))) \(escape(plot.yLabel))\(staffed)</title></circle>"
        }
        return svg + "</svg></figure>\n"
    }

    /// The fraction lasting longer than each time: the fits as lines, the Kaplan-Meier estimate
    /// as steps with its band.
    static func survivalChart(_ plot: SurvivalPlot) -> String {
        let width = 760.0, height = 300.0, left = 70.0, plotW = width - left - 20, plotH = height - 80 - 20
        let xTicks = niceTicks(0, plot.end, count: 6).filter { $0 <= plot.end }
        let yTicks = [0, 0.25, 0.5, 0.75, 1.0]
        func x(_ t: Double) -> Double { left + min(t, plot.end) / plot.end * plotW }
        func y(_ s: Double) -> Double { 20 + plotH - min(max(s, 0), 1) * plotH }
        var svg = frame("survival", plot.title, width: width, height: height, left: left, plotW: plotW, plotH: plotH, yTicks: yTicks,
                        y: y, xTicks: xTicks, x: x, xLabel: plot.xLabel, xLabelY: 20 + plotH + 36, yLabel: "fraction lasting longer")
        if let km = plot.kaplanMeier, !km.time.isEmpty {
            // Steps: level until each time, then down to the new level.
            func steps(_ levels: [Double]) -> [(Double, Double)] {
                var points: [(Double, Double)] = [(0, 1)]
                var level = 1.0
                for (t, s) in zip(km.time, levels) where t <= plot.end {
                    points.append((t, level))
                    points.append((t, s))
                    level = s
                }
                points.append((plot.end, level))
                return points
            }
            let upper = steps(km.upper), lower = steps(km.lower)
            svg += "<polygon points=\"\((upper + lower.reversed()).map { "\(f1(x($0.0))),\(f1(y($0.1)))" }.joined(separator: " "))\" class=\"band\"/>"
            svg += "<polyline points=\"\(steps(km.survival).map { "\(f1(x($0.0))),\(f1(y($0.1)))" }.joined(separator: " "))\" class=\"line km\"><title>Kaplan-Meier estimate</title></polyline>"
        }
        for p in plot.percentiles where p.value <= plot.end {
            svg += "<circle cx=\"\(f1(x(p.value)))\" cy=\"\(f1(y(p.above)))\" r=\"3\" class=\"dot\"><title>\(num(p.value)): \(num(p.above * 100))% of the values are above</title></circle>"
        }
        for (i, fit) in plot.fits.enumerated() {
            let color = palette[(i + 1) % palette.count]
            let points = (0...120).map { k -> String in
                let t = plot.end * Double(k) / 120
                return "\(f1(x(t))),\(f1(y(fit.survival(t))))"
            }
            svg += "<polyline points=\"\(points.joined(separator: " "))\" stroke=\"\(color)\" class=\"series\"><title>\(escape(fit.label))</title></polyline>"
            let ly = 20 + plotH + 52 + 14 * Double((i + 1) / 3)
            let lx = left + Double((i + 1) % 3) * 230
            svg += "<rect x=\"\(Int(lx))\" y=\"\(Int(ly - 9))\" width=\"14\" height=\"10\" fill=\"\(color)\"/><text x=\"\(Int(lx + 20))\" y=\"\(Int(ly))\">\(escape(fit.label))</text>"
        }
        let first = plot.kaplanMeier != nil ? "Kaplan-Meier (steps, 95% band)" : "the data's percentiles (dots)"
        svg += "<rect x=\"\(Int(left))\" y=\"\(Int(20 + plotH + 43))\" width=\"14\" height=\"10\" fill=\"\(plot.kaplanMeier != nil ? "#222" : palette[0])\"/><text x=\"\(Int(left + 20))\" y=\"\(Int(20 + plotH + 52))\">\(first)</text>"
        return svg + "</svg></figure>\n"
    }

    /// The charts' styles: the report's page has them, and so must any page that shows its charts.
    public static let chartStyle = "svg text { font-size: 12px; fill: #333; } .bar { fill: #4a7fb5; } .ci { stroke: #111; stroke-width: 2; }\n"
        + ".band { fill: #4a7fb5; opacity: .25; } .raw { fill: none; stroke: #9bb7d4; stroke-width: 1; } .cut { stroke: #b5402a; stroke-width: 2; stroke-dasharray: 6 4; } .grid { stroke: #eee; } .series { fill: none; stroke-width: 2; } .bandline { opacity: .15; } .mark { font-size: 10px; } .mark.infeasible { fill: #b5402a; } .mark.recommended { fill: #3a7d44; font-weight: 700; } .note { font-weight: 600; } .whisker { stroke: #555; stroke-width: 1; } .line { fill: none; stroke: #1f4e79; stroke-width: 2; } .line.km { stroke: #222; stroke-width: 2.5; } .capacity { fill: none; stroke: #b5402a; stroke-width: 1.5; stroke-dasharray: 5 3; } .axis { stroke: #999; } .axis-label { font-weight: 600; } .target { stroke-width: 1.5; stroke-dasharray: 5 3; } .theory { fill: none; stroke: #111; stroke-width: 2; stroke-dasharray: 6 3; } .theory-dot { fill: #111; } .dot { fill: #1f4e79; } .small { font-size: 10px; } .label { font-size: 11px; }"

    public func html() -> String {
        var body = "<h1>\(Self.escape(title))</h1>\n<p class=\"facts\">\(facts.map(Self.escape).joined(separator: " · "))</p>\n"
        for note in notes { body += "<p class=\"note\">\(Self.escape(note))</p>\n" }
        if !survivals.isEmpty {
            body += "<p>Each chart shows, for one duration column, the fraction of values lasting longer than each time under the best fitted forms; where some values were still under way when the extract was taken, the Kaplan-Meier estimate (no assumed form) is drawn as steps with its 95% band, and a good fit follows it.</p>\n"
            for plot in survivals { body += Self.survivalChart(plot) }
            for plot in lines { body += Self.lineChart(plot) }
            if let header = pointTable.first {
                body += "<h2>Every fit</h2>\n<div class=\"wide\"><table class=\"points\"><thead><tr>" + header.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
                for row in pointTable.dropFirst() { body += "<tr>" + row.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n" }
                body += "</tbody></table></div>\n"
            }
        } else if !tornadoes.isEmpty {
            body += "<p>Each chart ranks the inputs by how much the metric moves between the input low and high, one input at a time on the same replications: the bar to the left of the axis or right of it is the effect of the low value (lighter) and of the high value (darker), each a paired difference from the file as written, with its 95% interval as a whisker.</p>\n"
            for t in tornadoes { body += Self.tornadoChart(t) }
        } else if !fans.isEmpty {
            body += "<p>Each chart shows the mean over replications at the end of each hour after now, and the band in which 90% of the replications fall (5th to 95th percentile): a prediction interval for this hospital's next hours, not a confidence interval for a mean.</p>\n"
            for fan in fans { body += Self.fanChart(fan) }
        } else if !lines.isEmpty || front != nil {
            if let front { body += Self.frontChart(front) }
            for plot in lines { body += Self.lineChart(plot) }
            if let header = pointTable.first {
                body += "<h2>Every point</h2>\n<div class=\"wide\"><table class=\"points\"><thead><tr>" + header.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
                for row in pointTable.dropFirst() { body += "<tr>" + row.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n" }
                body += "</tbody></table></div>\n"
            }
        } else if let w = warmup {
            body += "<h2>Number of patients inside</h2>\n"
            body += Self.seriesChart("Mean number inside per bin of \(Report.duration(w.bin, w.timeUnit)); Welch's moving average (window \(w.window)); dashed: the MSER-5 cut",
                                     xLabel: "time (\(w.timeUnit)s)", yLabel: "patients inside", x0: w.origin, dx: w.bin,
                                     series: w.inside, smooth: w.welch, cut: w.insideCut)
            body += "<h2>Waits in arrival order</h2>\n"
            let window = max(1, w.waits.count / 40)
            body += Self.seriesChart("Mean wait of the k-th completed patient; moving average (window \(window)); dashed: the MSER-5 cut",
                                     xLabel: "patient, in arrival order", yLabel: "wait (\(w.timeUnit)s)", x0: 1, dx: 1,
                                     series: w.waits, smooth: Warmup.welch(w.waits, window: window), cut: w.waitsCut)
            body += "<p>The recommended warm-up, \(Self.num(w.recommended)) \(Self.escape(w.timeUnit))s, is the cut of the number inside; the waits' cut is a check (the k-th patients of different replications come at different times, so this series is noisier).</p>\n"
        } else if variants.isEmpty {
            body += resultsBody()
        } else {
            body += comparisonBody()
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 820px; color: #222; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
            .facts { color: #555; } figure { margin: 1em 0; } figcaption { font-weight: 600; margin-bottom: .3em; }
            \(Self.chartStyle)
            table { border-collapse: collapse; font-size: 13px; } td, th { padding: 2px 10px; text-align: right; border-bottom: 1px solid #eee; }
            td:first-child, th:first-child { text-align: left; } .wide { overflow-x: auto; } table.points td { white-space: nowrap; } .significant { font-weight: 700; }
            </style></head>
            <body>
            \(body)<p class="facts">Made by hospsim's simrun report.</p>
            </body></html>

            """
    }

    /// The time unit in the plural ("minutes"), or "time units".
    var timeUnits: String { timeUnit.map { $0 + "s" } ?? "time units" }

    /// A run's charts: waits (means, percentiles, distributions by class with targets),
    /// resources, hours of the day, theory beside simulation for a single station, every metric.
    func resultsBody() -> String {
        var body = "<h2>Waiting</h2>\n"
        body += "<p>Time to treatment runs from arrival to the start of the class's treatment step (the step "
            + "time-to-treatment targets judge). Total queueing time adds up every queue on the pathway, "
            + "the wait for a ward bed included.</p>\n"
        func byClass(_ suffix: String) -> [(String, Value)] {
            metricOrder.filter { $0.hasPrefix("class.") && $0.hasSuffix(suffix) }.compactMap { name in
                metrics[name].map { (String(name.dropFirst(6).dropLast(suffix.count)), $0) }
            }
        }
        body += Self.barChart("Mean time to treatment by class: arrival to start of treatment (95% interval)", unit: timeUnits,
                              byClass(".time_to_treatment.mean"))
        body += Self.barChart("Mean total queueing time by class: every queue, beds included (95% interval)", unit: timeUnits,
                              byClass(".wait.mean"))
        body += Self.barChart("Time to treatment, all patients: mean and percentiles (95% interval over replications)", unit: timeUnits,
                              ["time_to_treatment.mean", "time_to_treatment.p50", "time_to_treatment.p90", "time_to_treatment.p95"].compactMap { n in metrics[n].map { (n, $0) } })
        body += Self.barChart("Total queueing time, all patients: mean and percentiles (95% interval over replications)", unit: timeUnits,
                              Metric.names(Metric.waitSummary).compactMap { n in metrics[n].map { (n, $0) } })
        let treatedByClass = Array(treatments.dropFirst())
        if !treatedByClass.isEmpty {
            body += Self.cdfChart("Time to treatment by class, all replications pooled: fraction whose treatment started within x"
                                  + (treatedByClass.contains { $0.target != nil } ? " (dashed: each class's target)" : ""),
                                  unit: timeUnits, treatedByClass, quantity: "time to treatment", within: "fraction treated within x")
        } else if waits.count > 1 {
            // An older document without times to treatment: show queueing time, and no targets,
            // which judge another quantity.
            body += Self.cdfChart("Total queueing time by class, all replications pooled (targets judge time to treatment, which this document does not hold)",
                                  unit: timeUnits, Array(waits.dropFirst()).map { StoredResults.WaitPercentiles(name: $0.name, n: $0.n, target: nil, percentiles: $0.percentiles) },
                                  quantity: "total queueing time", within: "fraction queued at most x")
        }
        let targets = treatedByClass.filter { $0.target != nil }
        if !targets.isEmpty {
            body += "<table><thead><tr><th>class</th><th>target (\(Self.escape(timeUnits)))</th><th>treated within target</th><th>95% ±</th><th>median time to treatment</th><th>90th percentile</th></tr></thead><tbody>\n"
            for d in targets {
                let met = metrics["class.\(d.name).target_met.fraction"]
                body += "<tr><td>\(Self.escape(d.name))</td><td>\(JSON.number(d.target!))</td><td>\(met.map { Self.num($0.mean) } ?? "–")</td>"
                    + "<td>\(met.map { Self.num($0.halfWidth) } ?? "–")</td><td>\(Self.num(d.percentiles[50]))</td><td>\(Self.num(d.percentiles[90]))</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        let stays = byClass(".stay_target_met.fraction")
        if !stays.isEmpty {
            body += Self.barChart("Share of patients leaving within their class's stay target (arrival to departure; 95% interval)",
                                  unit: "fraction of patients", stays)
        }
        let utilizations = metricOrder.filter { $0.hasPrefix("resource.") && $0.hasSuffix(".utilization") && !$0.contains(".class.") }
        body += "<h2>Resources</h2>\n"
        body += Self.barChart("Utilisation by resource (95% interval)", unit: "fraction of staffed time busy", utilizations.compactMap { name in
            metrics[name].map { (String(name.dropFirst(9).dropLast(12)), $0) }
        })
        let clinics = metricOrder.filter { $0.hasPrefix("clinic.") && $0.hasSuffix(".booked") }.map { String($0.dropFirst(7).dropLast(7)) }
        if !clinics.isEmpty {
            body += "<h2>Clinics</h2>\n"
            body += Self.barChart("Booked patients' wait from appointment to consultation, mean and 90th percentile (95% interval)", unit: timeUnits,
                                  clinics.flatMap { c in ["wait.mean", "wait.p90"].compactMap { m in metrics["clinic.\(c).\(m)"].map { ("\(c) \(m)", $0) } } })
            body += Self.barChart("Doctors' idle time within sessions (95% interval)", unit: "fraction of session time idle",
                                  clinics.compactMap { c in metrics["clinic.\(c).idle.fraction"].map { (c, $0) } })
            let columns = ["booked", "attended", "no_show.fraction", "wait.mean", "wait.p90", "idle.fraction", "overtime.mean"]
            body += "<table><thead><tr><th>clinic</th>" + columns.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>\n"
            for c in clinics {
                body += "<tr><td>\(Self.escape(c))</td>" + columns.map { "<td>\(metrics["clinic.\(c).\($0)"].map { Self.num($0.mean) } ?? "–")</td>" }.joined() + "</tr>\n"
            }
            body += "</tbody></table>\n<p>Waits and overtime in \(Self.escape(timeUnits)); means over replications.</p>\n"
        }
        if !profiles.isEmpty {
            body += "<h2>Hour of day</h2>\n"
            for (name, hours) in profiles {
                let parts = name.split(separator: ".")
                let busy = parts.count >= 4 && parts[2] == "busy"
                let what = parts.count >= 4 ? "\(parts[1]): \(busy ? "busy units" : "patients waiting")" : name
                body += Self.profileChart("\(what) by hour of day (mean, 95% band)", yLabel: busy ? "busy units" : "patients waiting", hours)
            }
        }
        if let theory, let w = theory.waitDistribution, let all = waits.first {
            body += "<h2>Simulation beside theory</h2>\n"
            body += "<p>This scenario is a single station that queueing theory solves exactly: \(Self.escape(theory.model)), "
                + "\(Self.escape(theory.parameters)). Bars and lines are the simulation (\(all.n) patients, all replications pooled); "
                + "dots and the dashed curve are the exact distribution of the wait in steady state. A gap near zero wait "
                + "or in the tail that does not shrink with more replications or a longer horizon is worth a question.</p>\n"
            body += Self.histogramChart("Waits: share of patients in each band, simulation (bars) and theory (dots)", unit: timeUnits, all, theory: w)
            body += Self.cdfChart("Waits: fraction of patients seen within x, simulation and theory (dashed)", unit: timeUnits,
                                  [StoredResults.WaitPercentiles(name: "simulation", n: all.n, target: nil, percentiles: all.percentiles)], theory: w)
            body += "<table><thead><tr><th>metric</th><th>simulation</th><th>95% ±</th><th>theory</th></tr></thead><tbody>\n"
            body += "<tr><td>P(wait = 0)</td><td>\(Self.num(Self.fraction(atMost: 0, all.percentiles)))</td><td>–</td><td>\(Self.num(w.noWait))</td></tr>\n"
            for (name, value) in theory.values {
                guard let v = metrics[name] else { continue }
                body += "<tr><td>\(Self.escape(name))</td><td>\(Self.num(v.mean))</td><td>\(Self.num(v.halfWidth))</td><td>\(Self.num(value))</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        body += "<h2>Every metric</h2>\n<table><thead><tr><th>metric</th><th>mean</th><th>95% ±</th><th>n</th></tr></thead><tbody>\n"
        for name in metricOrder {
            guard let v = metrics[name] else { continue }
            body += "<tr><td>\(Self.escape(name))</td><td>\(Self.num(v.mean))</td><td>\(Self.num(v.halfWidth))</td><td>\(v.n)</td></tr>\n"
        }
        return body + "</tbody></table>\n"
    }

    /// A comparison's charts: each headline metric by variant, cost against quality with the
    /// Pareto-efficient variants marked, and the paired differences.
    func comparisonBody() -> String {
        var body = "<h2>Variants</h2>\n<ol>" + variants.map { "<li>\(Self.escape($0.label))\($0.pareto ? " <strong>(Pareto-efficient)</strong>" : "")</li>" }.joined() + "</ol>\n"
        for key in Metric.names(Metric.comparisonHeadline) where variants.allSatisfy({ $0.metrics[key] != nil }) {
            body += Self.barChart("\(key) by variant (95% interval)", unit: Self.unit(of: key, timeUnit: timeUnit), variants.map { ($0.label, $0.metrics[key]!) })
        }
        // Quality is the share seen within target where classes have targets, else the mean wait.
        let quality = variants.allSatisfy({ $0.metrics["target_met.fraction"]?.mean.isFinite == true }) ? "target_met.fraction" : "wait.mean"
        if variants.count >= 2, variants.allSatisfy({ $0.metrics["cost.total"] != nil && $0.metrics[quality] != nil }) {
            let plot = FrontPlot(title: "Cost against quality: each variant with its 95% intervals; green: Pareto-efficient "
                                 + "(no other variant is better on wait, cost and target met together)",
                                 xMetric: "cost.total", yMetric: quality, xUnit: "cost", yUnit: Self.unit(of: quality, timeUnit: timeUnit),
                                 points: variants.enumerated().map { i, v in
                                     // "[2] fast-track": the number of the list above, the policy without its parameters.
                                     ("[\(i + 1)] " + v.label.prefix { $0 != "{" }, v.metrics["cost.total"]!, v.metrics[quality]!, v.pareto, nil)
                                 },
                                 labelled: true, joinFront: false)
            body += Self.frontChart(plot)
        }
        body += "<h2>Paired differences from \(Self.escape(variants[0].label))</h2>\n<table><thead><tr><th>metric</th>"
        body += variants.dropFirst().map { "<th>\(Self.escape($0.label))</th>" }.joined() + "</tr></thead><tbody>\n"
        for name in metricOrder {
            body += "<tr><td>\(Self.escape(name))</td>"
            for v in variants.dropFirst() {
                if let (d, significant) = v.differences[name] {
                    body += "<td class=\"\(significant ? "significant" : "")\">\(Self.num(d.mean)) ± \(Self.num(d.halfWidth))</td>"
                } else {
                    body += "<td>–</td>"
                }
            }
            body += "</tr>\n"
        }
        return body + "</tbody></table>\n<p>Bold: the 95% interval of the paired difference excludes zero.</p>\n"
    }
}
