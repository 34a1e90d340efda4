/// How a document is laid out as text: which objects and arrays take a line per entry, which
/// keys share a line, and which objects hang (their first entries on the opening line, the rest
/// below). Paths run from the top (`[]`); an array's items are `"*"`, so the variants of a
/// comparison are `["variants", "*"]`.
public struct DocumentLayout: Sendable {
    public enum Style: Sendable, Equatable {
        /// On one line.
        case inline
        /// An array on one line without spaces after the commas (long runs of counts).
        case tight
        /// One entry (or item) per line, indented `step` spaces more than the line it opens on.
        case block(step: Int)
        /// The first line group on the opening line, each further group on its own line indented
        /// `indent` spaces more than the opening line, the closing brace right after the last.
        case hanging(indent: Int)
    }

    public var styles: [[String]: Style]
    /// Runs of keys written on one line, as `"horizon": 28800, "warmup": 1440, ...`.
    public var lines: [[String]]
    /// With `expanded`, every object and every array holding objects or arrays takes a line per
    /// entry (arrays of plain values stay on one line) unless `styles` says otherwise.
    public var expanded: Bool

    public init(blocks: Set<[String]> = [], hanging: [[String]: Int] = [:], steps: [[String]: Int] = [:],
                tight: Set<[String]> = [], lines: [[String]] = [], expanded: Bool = false) {
        var styles: [[String]: Style] = [:]
        for path in tight { styles[path] = .tight }
        for path in blocks { styles[path] = .block(step: 2) }
        for (path, step) in steps { styles[path] = .block(step: step) }
        for (path, indent) in hanging { styles[path] = .hanging(indent: indent) }
        self.styles = styles
        self.lines = lines
        self.expanded = expanded
    }

    /// Everything expanded, two spaces a level: the layout of fit and forecast documents.
    public static let expandedLayout = DocumentLayout(expanded: true)

    func style(of node: DocumentNode, at path: [String]) -> Style {
        if let style = styles[path] { return style }
        guard expanded else { return .inline }
        switch node {
        case .object: return .block(step: 2)
        case .array(let items): return items.allSatisfy(\.isScalar) ? .inline : .block(step: 2)
        case .scalar: return .inline
        }
    }
}
