/// Hour arithmetic for event loops: an hour's place in a day or a week, and the hour a time
/// falls in, each without the division or the call into libm that the plain expressions cost.
public enum HourCycle {
    /// Hour `hour`'s place in a cycle of `hours` (`hour % hours`). A day and a week are the
    /// common cycles: a remainder by a constant is a multiplication, by a variable a division
    /// (and fmod, before, was 2% of a model's time).
    @inlinable
    public static func index(ofHour hour: Int, in hours: Int) -> Int {
        hours == 24 ? hour % 24 : hours == 168 ? hour % 168 : hour % hours
    }
}

extension Double {
    /// `rounded(.down)`, the same value, without a call into libm for a positive value below
    /// 2^62 (the usual case: a time divided by an hour): the baseline x86-64 has no rounding
    /// instruction, so `rounded(.down)` is a call to `floor`.
    @inlinable
    public var roundedDownInline: Double { self > 0 && self < 0x1p62 ? Double(Int64(self)) : rounded(.down) }
}
