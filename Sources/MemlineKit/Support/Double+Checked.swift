extension Double {
    /// The nearest whole number as `Int64`, or nil when the value is not finite or beyond `Int64`'s range.
    ///
    /// Parsed numbers go through this instead of `Int64(_:)`, which traps on `1e300` or `inf`.
    var checkedInt64: Int64? { isFinite ? Int64(exactly: rounded()) : nil }

    /// The nearest whole number as `Int`, or nil when the value is not finite or beyond `Int`'s range.
    var checkedInt: Int? { isFinite ? Int(exactly: rounded()) : nil }
}
