import Foundation

/// Evidence and wording shared by the suspects found inside a growth window (heap, profile, Erlang process).
extension SuspectBuilder {
    /// The RSS sample at or just before `ms` in the window's segment, as an evidence row.
    func rssEvidence(_ w: GrowthWindow, at ms: Int64, label: String) -> EvidenceDraft? {
        let samples = segments[w.segment].segment.samples
        guard !samples.isEmpty else { return nil }
        let s = samples[GrowthWindow.sampleIndex(samples, at: ms)]
        return EvidenceDraft(
            label: label, artifactID: s.artifactID, line: s.line, lineEnd: nil, ms: s.ms, value: formatMB(s.rssKB))
    }

    /// `report_service pid 14992 on vm` kept or (for a spike) rose.
    func keptWords(_ w: GrowthWindow) -> String {
        w.isSpike ? "rose by" : "kept"
    }

    /// Credits `kb` of a window's growth to its segment, for the "nothing explains it" check: what the snapshots
    /// explain of the RSS kept between them, applied to the whole segment.
    func credit(_ explained: inout [Int: Double], _ w: GrowthWindow, coveredKB kb: Double, ofKeptKB kept: Double) {
        guard !w.isSpike, kept > 0 else { return }
        let a = segments[w.segment]
        explained[w.segment, default: 0] += min(1, kb / kept) * a.trend.retainedKB
    }

    /// Clock time of an ISO timestamp for sentences (`05:32:45`), or the text itself.
    func clock(_ iso: String?) -> String { clockTime(iso) }
}
