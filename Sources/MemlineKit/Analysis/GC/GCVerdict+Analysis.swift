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
        guard points.count >= 2 else {
            self.init(
                host: series.host, pid: series.pid, kind: .notEnoughData, samples: points.count,
                from: points.first?.ts, to: points.last?.ts,
                evidence: "\(points.count) GC sample(s); a verdict needs two or more over time.",
                advice: "Sample GC.stat regularly (every few seconds or per request) while memory grows.",
                figures: [])
            return
        }
        let change = Change(series)
        let judgement = Self.judge(points, change)
        self.init(
            host: series.host, pid: series.pid, kind: judgement.kind, samples: points.count, from: points.first?.ts,
            to: points.last?.ts, evidence: judgement.evidence, advice: judgement.advice,
            figures: Self.figures(series, change))
    }

    /// How a process's GC counters and RSS changed over its samples.
    private struct Change {
        /// `GC.count` of every sample that has it.
        var counts: [Int]
        /// GC runs from the first sample to the last.
        var runs: Int
        var live: [Double]
        /// `total_allocated_objects` of every sample that has it.
        var allocated: [Int]
        /// Growth of the last quarter over the first, as a fraction (see `growth`).
        var liveGrowth: Double?
        var rssGrowth: Double?

        init(_ series: GCSeries) {
            counts = series.points.compactMap(\.count)
            runs = (counts.last ?? 0) - (counts.first ?? 0)
            live = series.points.compactMap(\.liveSlots).map(Double.init)
            allocated = series.points.compactMap(\.totalAllocated)
            liveGrowth = GCVerdict.growth(live)
            rssGrowth = GCVerdict.growth(series.rss.map(\.kb))
        }
    }

    /// A verdict's kind and its words.
    private struct Judgement {
        var kind: Kind
        var evidence: String
        var advice: String
    }

    /// The figures behind a verdict: GC runs, live slots, heap pages, objects allocated and RSS, first to last.
    private static func figures(_ series: GCSeries, _ change: Change) -> [Figure] {
        let points = series.points
        let counts = change.counts
        var figures: [Figure] = []
        func figure(_ name: String, _ value: String) { figures.append(Figure(name: name, value: value)) }
        figure("GC runs", "\(n(counts.first)) → \(n(counts.last)) (+\(n(change.runs)))")
        if let firstLive = change.live.first, let lastLive = change.live.last {
            figure(
                "live slots",
                "\(n(Int(firstLive))) → \(n(Int(lastLive))) (\(percent(change.liveGrowth)) first vs last quarter)")
        }
        let pages = points.compactMap(\.heapPages)
        if let a = pages.first, let b = pages.last { figure("heap pages", "\(n(a)) → \(n(b))") }
        if let a = change.allocated.first, let b = change.allocated.last { figure("objects allocated", "+\(n(b - a))") }
        let rssKB = series.rss.map(\.kb)
        if let a = rssKB.first, let b = rssKB.last {
            figure(
                "RSS",
                "\(mb(a)) → \(mb(b)) (\(percent(change.rssGrowth)) first vs last quarter, \(series.rss.count) samples)")
        } else {
            figure("RSS", "no RSS samples for this pid")
        }
        return figures
    }

    /// The rules in order: GC never runs, Ruby heap growth, malloc growth, else stable.
    private static func judge(_ points: [GCSeries.Point], _ change: Change) -> Judgement {
        // A pause of a few samples is GC not needed (a heap grown earlier has free slots); GC.disable holds for a
        // quarter of the series or more.
        if let stall = longestStall(points),
            stall.samples >= max(3, points.count / 4) || stall.samples == points.count,
            isUnusual(stall: stall, runs: change.runs, allocated: change.allocated)
        {
            return gcNeverRuns(stall, points: points, change)
        }
        if let liveGrowth = change.liveGrowth, liveGrowth >= growthThreshold {
            var text = "Live slots grew \(percent(liveGrowth)) while GC ran \(n(change.runs)) times"
            if let rssGrowth = change.rssGrowth { text += ", and RSS grew \(percent(rssGrowth))" }
            return Judgement(
                kind: .rubyHeapGrowth, evidence: text + ": objects are being retained.",
                advice: "A reference leak: take three heap dumps (ObjectSpace.dump_all) and run `memline heap diff` "
                    + "to see which allocation site grows and who holds it.")
        }
        if let rssGrowth = change.rssGrowth, rssGrowth >= growthThreshold, abs(change.liveGrowth ?? 0) < flatThreshold {
            return Judgement(
                kind: .mallocGrowth,
                evidence: "RSS grew \(percent(rssGrowth)) while live slots stayed flat "
                    + "(\(percent(change.liveGrowth))) and GC ran \(n(change.runs)) times: memory grows outside the "
                    + "Ruby heap.",
                advice: "malloc growth or fragmentation (C extensions, big string buffers, glibc arenas): try jemalloc "
                    + "(LD_PRELOAD=libjemalloc.so.2) or MALLOC_ARENA_MAX=2 (often 20–30% less memory).")
        }
        var text = "Live slots changed \(percent(change.liveGrowth))"
        text += change.rssGrowth.map { " and RSS \(percent($0))" } ?? " (no RSS samples to compare)"
        return Judgement(
            kind: .stable,
            evidence: text + " between the first and last quarter; GC ran \(n(change.runs)) times.",
            advice: change.rssGrowth == nil
                ? "No growth in the Ruby heap; ingest RSS samples of the same pid to rule out malloc growth."
                : "No sign of a leak in these samples; if memory saturates, it is a plateau, not a leak.")
    }

    /// GC stood still while objects were allocated: when, how long, and whether it ran again.
    private static func gcNeverRuns(_ stall: Stall, points: [GCSeries.Point], _ change: Change) -> Judgement {
        let liveText = stall.liveBefore.flatMap { before in
            stall.liveAfter.map { "live slots grew \(n(before)) → \(n($0))" }
        }
        var text = "GC.count stayed at \(n(stall.count)) for \(stall.samples) samples"
        if let from = stall.from, let to = stall.to { text += " (\(from.iso8601) → \(to.iso8601))" }
        text += " while \(stall.allocated.map { "\(n($0)) objects were allocated" } ?? "objects piled up")"
        if let liveText { text += " and \(liveText)" }
        text += "."
        if stall.endIndex < points.count - 1 {
            let after = (change.counts.last ?? 0) - stall.count
            text += " GC ran again afterwards (+\(n(after)) runs)."
        }
        return Judgement(
            kind: .gcNeverRuns, evidence: text,
            advice: "Something disables GC (GC.disable, e.g. in an after_fork hook) or the process "
                + "stops allocating through Ruby; find and remove it, then re-measure.")
    }

    /// The longest run of samples in which `GC.count` stood still while objects were allocated.
    struct Stall {
        var samples: Int
        var count: Int
        var from: Timestamp?
        var to: Timestamp?
        /// Objects allocated during the stall, when the samples count them.
        var allocated: Int?
        var liveBefore: Int?
        var liveAfter: Int?
        /// The index of the stall's last sample.
        var endIndex: Int
    }

    /// A pause in GC is only suspicious when far more was allocated (or retained) than usually triggers a GC:
    /// more than 3× the objects allocated per GC run elsewhere in the series, or live slots up 20%+, or (with no
    /// run at all to compare with) 100,000 objects.
    static func isUnusual(stall: Stall, runs: Int, allocated: [Int]) -> Bool {
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
    static func longestStall(_ points: [GCSeries.Point]) -> Stall? {
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
        return Stall(
            samples: best.end - best.start + 1, count: count, from: a.ts, to: b.ts, allocated: allocated,
            liveBefore: a.liveSlots, liveAfter: b.liveSlots, endIndex: best.end)
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
        return (p > 0 ? "+" : "") + formatCount(Int(p)) + "%"
    }

    static func n(_ value: Int?) -> String { value.map(formatCount) ?? "?" }

    static func mb(_ kb: Double) -> String { String(format: "%.1f MB", kb / 1024) }
}
