/// Which objects of a document take a line per entry (the rest are written on one line), and
/// which keys share a line.
public struct DocumentLayout: Sendable {
    /// Key paths from the top (the top itself is `[]`) of objects written one entry per line.
    public var blocks: Set<[String]>
    /// Runs of keys written on one line, as `"horizon": 28800, "warmup": 1440, ...`.
    public var lines: [[String]]

    public init(blocks: Set<[String]>, lines: [[String]] = []) {
        self.blocks = blocks
        self.lines = lines
    }
}
