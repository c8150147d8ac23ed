/// Erlang processes (`process_samples`) of one node sampled in a growth window of its memory series, with how
/// much the series kept between their first and last samples.
struct ProcessWindowResult: Sendable {
    var window: GrowthWindow
    var host: String?
    /// The processes' growth over the window's samples.
    var processes: [ProcessGrowth]
    var fromMS: Int64
    var toMS: Int64
    /// RSS (or `erlang:memory()` total) kept between the first and last process sample, KiB.
    var keptKB: Double
}
