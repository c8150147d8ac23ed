import Foundation
import GRDB

/// When a heap snapshot or profile was taken, and which process it belongs to, when its file says less than it
/// should.
///
/// Files copied by git, object storage, chat or `tar` without `-p` lose their mtime, and `ObjectSpace.dump_all`
/// writes no pid. So:
/// - a time is trusted when it came from the file, its name or `--at`; an mtime only when it falls inside or near
///   the span of the incident's other data (`marginMS`, or a quarter of the span). Otherwise the time is unknown and
///   the dumps are ordered by their sequence (jemalloc's `seq`, the number in the file name);
/// - a snapshot without a pid attaches to the one growing process, or, with several, to the one whose kept growth
///   is closest to the snapshots' own growth. The note says which and why.
struct SnapshotPlacement: Sendable {
    /// The span of the rows that date themselves (every artifact but snapshots and profiles timed by mtime).
    let spanMS: ClosedRange<Int64>?

    static let marginMS: Int64 = 10 * 60_000

    init(_ db: Database) throws {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT min(first_ts) AS f, max(last_ts) AS l FROM artifacts
                WHERE id NOT IN (SELECT artifact_id FROM heap_snapshots WHERE taken_at_source = 'mtime')
                  AND id NOT IN (SELECT artifact_id FROM heap_profiles WHERE taken_at_source = 'mtime')
                  AND first_ts IS NOT NULL
                """)
        if let f = (row?["f"] as String?).flatMap(GrowthWindow.ms),
            let l = (row?["l"] as String?).flatMap(GrowthWindow.ms),
            f <= l
        {
            spanMS = f...l
        } else {
            spanMS = nil
        }
    }

    init(spanMS: ClosedRange<Int64>?) { self.spanMS = spanMS }

    /// The time to use for a dump, or nil when it is unknown (no time, or an mtime far from every other row).
    func trustedMS(_ takenAt: String?, source: String?) -> Int64? {
        guard let ms = takenAt.flatMap(GrowthWindow.ms) else { return nil }
        guard source == "mtime", let span = spanMS else { return ms }
        let margin = max(Self.marginMS, (span.upperBound - span.lowerBound) / 4)
        return ms >= span.lowerBound - margin && ms <= span.upperBound + margin ? ms : nil
    }

    /// Whether an mtime was set aside as a copy time.
    func isCopyTime(_ takenAt: String?, source: String?) -> Bool {
        takenAt != nil && source == "mtime" && trustedMS(takenAt, source: source) == nil
    }

    /// Whether a process name is a Ruby program's (unicorn, puma, sidekiq, rails, passenger, resque, ruby…), or
    /// unknown: a Ruby heap dump attaches only to such a process.
    static func looksLikeRuby(_ process: String?) -> Bool {
        guard let process = process?.lowercased() else { return true }
        return ["ruby", "unicorn", "puma", "sidekiq", "rails", "passenger", "resque", "rack", "thin", "falcon", "rake"]
            .contains { process.contains($0) }
    }

    /// The role a dump's file name gives its process.
    enum Role: String, Sendable {
        case jobs = "ran jobs"
        case requests = "served requests"
    }

    /// The role named in every label (`sidekiq-heap-1` → jobs, `puma-heap-2` → requests), or nil.
    static func role(ofLabels labels: [String]) -> Role? {
        let jobs = ["sidekiq", "resque", "delayed_job", "good_job", "solid_queue", "job"]
        let web = ["puma", "unicorn", "passenger", "web", "rails", "thin", "falcon"]
        if !labels.isEmpty, labels.allSatisfy({ l in jobs.contains { l.contains($0) } }) { return .jobs }
        if !labels.isEmpty, labels.allSatisfy({ l in web.contains { l.contains($0) } }) { return .requests }
        return nil
    }

    /// Whether a process name says it plays the role (`sidekiq 6.5 app [0 of 4 busy]`, `puma: cluster worker 1`).
    static func namesRole(_ process: String?, _ role: Role) -> Bool {
        guard let p = process?.lowercased() else { return false }
        let words =
            role == .jobs ? ["sidekiq", "resque", "delayed_job", "good_job"] : ["puma", "unicorn", "passenger"]
        return words.contains { p.contains($0) }
    }

    /// The pid of the one recorded process whose name shares a word with a dump's label, a word no other process's
    /// name has (`heap-w4.0003` and `brimcombe-w4`); nil when none or several do. Numbers alone are no such word:
    /// they are pids or sequence numbers (`numbers(in:)`).
    static func pid(namedIn label: String, processes: [(pid: Int, name: String)]) -> Int? {
        func words(_ text: String) -> Set<String> {
            Set(
                text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init).filter {
                    $0.count >= 2 && !$0.allSatisfy(\.isNumber)
                })
        }
        let named = processes.map { (pid: $0.pid, words: words($0.name)) }
        var owners = Set<Int>()
        for word in words(label) {
            let pids = Set(named.filter { $0.words.contains(word) }.map(\.pid))
            if pids.count == 1 { owners.formUnion(pids) }
        }
        return owners.count == 1 ? owners.first : nil
    }

    /// The one pid among `known` that a dump's label carries (`heap-13742-1.json` → 13742); nil when none or several.
    static func pid(numberedIn label: String, known: Set<Int>) -> Int? {
        let pids = numbers(in: label).filter(known.contains)
        return pids.count == 1 ? pids[0] : nil
    }

    /// Every run of digits in a label (`heap-13742-1` → 13742, 1).
    static func numbers(in label: String) -> [Int] {
        label.split { !($0.isASCII && $0.isNumber) }.compactMap { Int($0) }
    }

    /// The number a dump's label carries last (`heap-3` → 3, `jeprof.out.1234.7.i7` → 7 via `seq`), for ordering
    /// dumps whose times are unknown.
    static func sequence(of label: String) -> Int? {
        var digits = ""
        var last: Int?
        for c in label {
            if c.isASCII, c.isNumber {
                digits.append(c)
            } else if !digits.isEmpty {
                last = Int(digits)
                digits = ""
            }
        }
        if !digits.isEmpty { last = Int(digits) }
        return last
    }

    /// The growing window a pid-less set of dumps belongs to, with the sentence saying why.
    /// - Parameters:
    ///   - candidates: growing windows (not spikes) of processes that may have written the dumps.
    ///   - growthKB: the dumps' own growth (last minus first), to match against each window's kept RSS.
    static func attach(
        _ candidates: [(window: GrowthWindow, keptKB: Double, label: String)], growthKB: Double, what: String
    ) -> (window: GrowthWindow, note: String)? {
        guard !candidates.isEmpty else { return nil }
        if candidates.count == 1 {
            let c = candidates[0]
            return (c.window, "\(what) carry no pid: attached to \(c.label), the only process that grows")
        }
        guard growthKB > 0 else { return nil }
        // Closest kept growth on a log scale; ties go to the earlier segment.
        let ranked = candidates.enumerated().sorted { a, b in
            let da = abs(log(max(a.element.keptKB, 1) / growthKB))
            let db = abs(log(max(b.element.keptKB, 1) / growthKB))
            return (da, a.offset) < (db, b.offset)
        }
        let best = ranked[0].element
        let second = ranked[1].element
        // Only when the match is clearly better than the next one (a factor of 2 apart on the log scale).
        let dBest = abs(log(max(best.keptKB, 1) / growthKB))
        let dSecond = abs(log(max(second.keptKB, 1) / growthKB))
        guard dSecond - dBest >= log(2.0) else { return nil }
        return (
            best.window,
            "\(what) carry no pid: attached to \(best.label), whose kept growth (\(formatMB(best.keptKB))) matches "
                + "theirs (\(formatMB(growthKB))) best of \(candidates.count) growing processes"
        )
    }
}
