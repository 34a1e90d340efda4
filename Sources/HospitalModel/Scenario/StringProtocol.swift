extension StringProtocol {
    /// The text without its leading and trailing blanks: tabs, Unicode's space separators
    /// (category Zs) and the zero-width space, what `trimmingCharacters(in: .whitespaces)` removes
    /// on Linux; line breaks stay.
    /// Done on the Unicode scalars in Swift: Foundation's version goes through NSString and was
    /// 37% of `simrun fit` on a 100,000-row episode table.
    public func trimmingBlanks() -> String {
        let text = Substring(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isBlank }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isBlank })!
        // Cut by UTF-8 at the scalars' own boundaries: a view of scalars is rebuilt one by one, and
        // cutting by characters would round to a character's start.
        return String(text.utf8[first..<scalars.index(after: last)])!
    }
}

extension Unicode.Scalar {
    /// A tab, a space separator or the zero-width space (the blanks of `trimmingBlanks`).
    @inline(__always)
    var isBlank: Bool {
        switch value {
        case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
