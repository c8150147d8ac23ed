/// The totals of one `/proc/PID/smaps_rollup` file, in KiB.
///
/// PSS (proportional set size) splits shared pages between the processes that map them, so the PSS
/// of forked workers adds up to what they really cost, where their RSS counts shared pages once each.
public struct SmapsRollup: Sendable, Equatable {
    public var rssKB: Int?
    public var pssKB: Int
    public var pssAnonKB: Int?
    public var pssFileKB: Int?
    public var pssShmemKB: Int?
    public var privateDirtyKB: Int?
    public var swapKB: Int?
    public var swapPssKB: Int?

    public init(
        rssKB: Int? = nil, pssKB: Int, pssAnonKB: Int? = nil, pssFileKB: Int? = nil, pssShmemKB: Int? = nil,
        privateDirtyKB: Int? = nil, swapKB: Int? = nil, swapPssKB: Int? = nil
    ) {
        self.rssKB = rssKB
        self.pssKB = pssKB
        self.pssAnonKB = pssAnonKB
        self.pssFileKB = pssFileKB
        self.pssShmemKB = pssShmemKB
        self.privateDirtyKB = privateDirtyKB
        self.swapKB = swapKB
        self.swapPssKB = swapPssKB
    }

    /// Parses the text of a smaps_rollup file; nil when it has no `Pss:` line (empty for kernel threads).
    public static func parse(_ text: String) -> SmapsRollup? {
        let values = ProcKeyValues(text)
        guard let pss = values.number("Pss") else { return nil }
        return SmapsRollup(
            rssKB: values.number("Rss"), pssKB: pss, pssAnonKB: values.number("Pss_Anon"),
            pssFileKB: values.number("Pss_File"), pssShmemKB: values.number("Pss_Shmem"),
            privateDirtyKB: values.number("Private_Dirty"), swapKB: values.number("Swap"),
            swapPssKB: values.number("SwapPss"))
    }
}
