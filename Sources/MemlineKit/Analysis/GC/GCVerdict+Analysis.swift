import Foundation

extension GCVerdict {
    /// Live slots or RSS growing by at least this share (first quarter of the series vs the last) is growth.
    static let growthThreshold = 0.20
    /// Live slots within this share count as flat when RSS grows.
    static let flatThreshold = 0.10

    /// Judges one process from its GC and RSS samples.
    ///
    /// In order: a stretch of 3+ samples (or the whole series) where `GC.count` stays put while objects are
    /// allocated and live slots grow is **GC never runs**; live slots up ≥20% is **Ruby heap growth**; RSS up
    /// ≥20% with live slots within ±10% is **malloc growth / fragmentation**; otherwise **stable**.
    /// Series are compared by the mean of their first and last quarters, so a GC sawtooth is not growth.
    public init(series: GCSeries) {
        let points = series.points
        let rss = series.rss
        let first = points.first?.ts
        let last = points.last?.ts
        var figures: [Figure] = []
        func figure(_ name: String, _ value: String) { figures.append(Figure(name: name, value: value)) }

        guard points.count >= 2 else {
            self.init(
                host: series.host, pid: series.pid, kind: .notEnoughData, samples: points.count, from: first, to: last,
                evidence: "\(points.count) GC sample(s); a verdict needs two or more over time.",
                advice: "Sample GC.stat regularly (every few seconds or per request) while memory grows.",
                figures: [])
            return
        }

        let counts = points.compactMap(\.count)
        let runs = (counts.last ?? 0) - (counts.first ?? 0)
        figure("GC runs", "\(Self.n(counts.first)) → \(Self.n(counts.last)) (+\(Self.n(runs)))")
        let live = points.compactMap(\.liveSlots).map(Double.init)
        let liveGrowth = Self.growth(live)
        if let firstLive = live.first, let lastLive = live.last {
            figure(
                "live slots",
                "\(Self.n(Int(firstLive))) → \(Self.n(Int(lastLive))) "
                    + "(\(Self.percent(liveGrowth)) first vs last quarter)")
        }
        let pages = points.compactMap(\.heapPages)
        if let a = pages.first, let b = pages.last { figure("heap pages", "\(Self.n(a)) → \(Self.n(b))") }
        let allocated = points.compactMap(\.totalAllocated)
        if let a = allocated.first, let b = allocated.last { figure("objects allocated", "+\(Self.n(b - a))") }
        let rssKB = rss.map(\.kb)
        let rssGrowth = Self.growth(rssKB)
        if let a = rssKB.first, let b = rssKB.last {
            figure(
                "RSS",
                "\(Self.mb(a)) → \(Self.mb(b)) (\(Self.percent(rssGrowth)) first vs last quarter, "
                    + "\(rss.count) samples)")
        } else {
            figure("RSS", "no RSS samples for this pid")
        }

        let kind: Kind
        let evidence: String
        let advice: String
        if let stall = Self.longestStall(points), stall.samples >= 3 || stall.samples == points.count,
            Self.isUnusual(stall: stall, runs: runs, allocated: allocated)
        {
            kind = .gcNeverRuns
            let liveText = stall.liveBefore.flatMap { before in
                stall.liveAfter.map { "live slots grew \(Self.n(before)) → \(Self.n($0))" }
            }
            var text = "GC.count stayed at \(Self.n(stall.count)) for \(stall.samples) samples"
            if let from = stall.from, let to = stall.to { text += " (\(from.iso8601) → \(to.iso8601))" }
            text += " while \(stall.allocated.map { "\(Self.n($0)) objects were allocated" } ?? "objects piled up")"
            if let liveText { text += " and \(liveText)" }
            text += "."
            if stall.endIndex < points.count - 1 {
                let after = (counts.last ?? 0) - stall.count
                text += " GC ran again afterwards (+\(Self.n(after)) runs)."
            }
            evidence = text
            advice =
                "Something disables GC (GC.disable, e.g. in an after_fork hook) or the process "
                + "stops allocating through Ruby; find and remove it, then re-measure."
        } else if let liveGrowth, liveGrowth >= Self.growthThreshold {
            kind = .rubyHeapGrowth
            var text = "Live slots grew \(Self.percent(liveGrowth)) while GC ran \(Self.n(runs)) times"
            if let rssGrowth { text += ", and RSS grew \(Self.percent(rssGrowth))" }
            evidence = text + ": objects are being retained."
            advice =
                "A reference leak: take three heap dumps (ObjectSpace.dump_all) and run `memline heap diff` "
                + "to see which allocation site grows and who holds it."
        } else if let rssGrowth, rssGrowth >= Self.growthThreshold,
            abs(liveGrowth ?? 0) < Self.flatThreshold
        {
            kind = .mallocGrowth
            evidence =
                "RSS grew \(Self.percent(rssGrowth)) while live slots stayed flat "
                + "(\(Self.percent(liveGrowth))) and GC ran \(Self.n(runs)) times: memory grows outside the Ruby heap."
            advice =
                "malloc growth or fragmentation (C extensions, big string buffers, glibc arenas): try jemalloc "
                + "(LD_PRELOAD=libjemalloc.so.2) or MALLOC_ARENA_MAX=2 (often 20–30% less memory)."
        } else {
            kind = .stable
            var text = "Live slots changed \(Self.percent(liveGrowth))"
            text += rssGrowth.map { " and RSS \(Self.percent($0))" } ?? " (no RSS samples to compare)"
            evidence = text + " between the first and last quarter; GC ran \(Self.n(runs)) times."
            advice =
                rssGrowth == nil
                ? "No growth in the Ruby heap; ingest RSS samples of the same pid to rule out malloc growth."
                : "No sign of a leak in these samples; if memory saturates, it is a plateau, not a leak."
        }
        self.init(
            host: series.host, pid: series.pid, kind: kind, samples: points.count, from: first, to: last,
            evidence: evidence, advice: advice, figures: figures)
    }

    /// A pause in GC is only suspicious when far more was allocated (or retained) than usually triggers a GC:
    /// more than 3× the objects allocated per GC run elsewhere in the series, or live slots up 20%+, or (with no
    /// run at all to compare with) 100,000 objects.
    static func isUnusual(
        stall: (
            samples: Int, count: Int, from: Timestamp?, to: Timestamp?, allocated: Int?, liveBefore: Int?,
            liveAfter: Int?, endIndex: Int
        ), runs: Int, allocated: [Int]
    ) -> Bool {
        if let before = stall.liveBefore, let after = stall.liveAfter, before > 0,
            Double(after - before) / Double(before) >= growthThreshold
        {
            return true
        }
        guard let during = stall.allocated else { return false }
        if runs > 0, let a = allocated.first, let b = allocated.last {
            let perRun = Double(b - a - during) / Double(runs)
            return Double(during) > 3 * perRun
        }
        return during >= 100_000
    }

    /// The longest run of consecutive samples with the same `GC.count` while objects were being allocated.
    static func longestStall(_ points: [GCSeries.Point]) -> (
        samples: Int, count: Int, from: Timestamp?, to: Timestamp?, allocated: Int?, liveBefore: Int?,
        liveAfter: Int?, endIndex: Int
    )? {
        var best: (start: Int, end: Int)?
        var start = 0
        func allocating(_ a: GCSeries.Point, _ b: GCSeries.Point) -> Bool {
            if let x = a.totalAllocated, let y = b.totalAllocated { return y > x }
            if let x = a.liveSlots, let y = b.liveSlots { return y > x }
            return false
        }
        for i in 1..<points.count {
            let flat =
                points[i].count != nil && points[i].count == points[i - 1].count
                && allocating(points[i - 1], points[i])
            if !flat { start = i }
            if flat, i - start > (best.map { $0.end - $0.start } ?? 0) { best = (start, i) }
        }
        guard let best, let count = points[best.start].count else { return nil }
        let a = points[best.start]
        let b = points[best.end]
        let allocated = a.totalAllocated.flatMap { x in b.totalAllocated.map { $0 - x } }
        return (best.end - best.start + 1, count, a.ts, b.ts, allocated, a.liveSlots, b.liveSlots, best.end)
    }

    /// Growth of the last quarter's mean over the first quarter's mean, as a fraction; nil without data.
    static func growth(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        let q = max(1, values.count / 4)
        let head = values.prefix(q).reduce(0, +) / Double(q)
        let tail = values.suffix(q).reduce(0, +) / Double(q)
        guard head > 0 else { return nil }
        return (tail - head) / head
    }

    static func percent(_ fraction: Double?) -> String {
        guard let fraction else { return "n/a" }
        let p = (fraction * 100).rounded()
        return (p > 0 ? "+" : "") + IngestSummary.grouped(Int(p)) + "%"
    }

    static func n(_ value: Int?) -> String { value.map(IngestSummary.grouped) ?? "?" }

    static func mb(_ kb: Double) -> String { String(format: "%.1f MB", kb / 1024) }
}
