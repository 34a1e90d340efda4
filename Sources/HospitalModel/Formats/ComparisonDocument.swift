import SimKernel

/// The JSON and CSV forms of a comparison, with a fixed key order.
public enum ComparisonDocument {
    public static func json(_ c: Comparison) -> String {
        guard let first = c.variants.first?.result else { return "{}\n" }
        var out = "{\n" + ResultsDocument.header(first)
        out += "  \"baseline\": \(JSON.string(c.variants[0].label)),\n"
        out += "  \"variants\": [\n"
        out += c.variants.enumerated().map { v, variant in
            var s = "    {\"label\": \(JSON.string(variant.label)), \"pareto_efficient\": \(variant.paretoEfficient),\n"
            s += "     \"metrics\": {\n"
            s += c.metricNames.map { name in
                var entry = "       \(JSON.string(name)): {\"summary\": \(ResultsDocument.summary(variant.result.metric(name)!))"
                if v > 0, let d = c.difference(variant: v, metric: name) {
                    entry += ", \"difference\": {\"mean\": \(JSON.number(d.summary.mean)), \"half_width\": \(JSON.number(d.summary.halfWidth)), \"significant\": \(d.significant)}"
                }
                return entry + "}"
            }.joined(separator: ",\n")
            s += "\n     }}"
            return s
        }.joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }

    /// One row per metric and variant.
    public static func csv(_ c: Comparison) -> String {
        var out = "metric,variant,mean,half_width,n,difference,difference_half_width,significant,pareto_efficient\n"
        for name in c.metricNames {
            for (v, variant) in c.variants.enumerated() {
                let s = variant.result.metric(name)!
                let d = v > 0 ? c.difference(variant: v, metric: name) : nil
                out += [CSV.field(name), CSV.field(variant.label), CSV.number(s.mean), CSV.number(s.halfWidth), String(s.n),
                        d.map { CSV.number($0.summary.mean) } ?? "", d.map { CSV.number($0.summary.halfWidth) } ?? "",
                        d.map { String($0.significant) } ?? "", String(variant.paretoEfficient)].joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
