/// The heap diff of one process's Ruby heap snapshots taken in a growth window, with the RSS it kept meanwhile.
///
/// With three or more snapshots it is the three-snapshot diff: objects in TARGET (the second to last),
/// not in BASE (the first), still alive in the last; with two, the objects of the last that are not in the first.
struct HeapWindowResult: Sendable {
    /// A site or gem group of the diff (`heap_diff` row).
    struct Group: Sendable {
        var grouping: HeapGrouping
        var key: String
        var rank: Int
        var objects: Int
        var memsize: Int
        /// Live objects of the group in each snapshot, in snapshot order.
        var counts: [Int]
        var sampleAddress: Int64?
        var retentionPath: String?

        /// Bytes (memsize) of the group's live objects in each snapshot, for sites; empty when not read.
        var memsizes: [Int] = []
        /// Seconds between consecutive snapshots when their times are known; nil when they are ordered by sequence.
        var gapSeconds: [Double]? = nil

        /// Whether the group's live objects, or their bytes, grew at every snapshot (a memo that replaces its
        /// strings by longer ones keeps its object count and grows in bytes), and did not level off at the last.
        var rising: Bool {
            func risesAtEachStep(_ v: [Int]) -> Bool { v.count >= 2 && zip(v.dropFirst(), v).allSatisfy { $0 > $1 } }
            return (risesAtEachStep(counts) || risesAtEachStep(memsizes)) && !levelledAtTheLast
        }

        /// A last step growing at most this share as fast as the steps before it has levelled off.
        static let levelledRateShare = 0.1

        /// Whether its last step grew at most `levelledRateShare` as fast as the steps before it (per second when
        /// the dumps' times are known, else per gap), in objects and in bytes: a capped cache that filled and now
        /// only swaps its entries (5,447 → 9,893 → 10,101), where a leak keeps its pace.
        var levelledAtTheLast: Bool {
            func levelled(_ v: [Int]) -> Bool {
                let n = v.count
                guard n >= 3 else { return false }
                let known = gapSeconds.map { $0.count == n - 1 && $0.allSatisfy { $0 > 0 } } ?? false
                let gaps = known ? gapSeconds ?? [] : Array(repeating: 1.0, count: n - 1)
                let before = Double(v[n - 2] - v[0]) / gaps[0..<(n - 2)].reduce(0, +)
                let last = Double(v[n - 1] - v[n - 2]) / gaps[n - 2]
                return before > 0 && last <= Self.levelledRateShare * before
            }
            return levelled(counts) && (memsizes.count != counts.count || levelled(memsizes))
        }
    }

    var window: GrowthWindow
    /// BASE, TARGET, then the LATER snapshots.
    var snapshots: [HeapSnapshotInfo]
    var leakedObjects: Int
    var leakedMemsize: Int
    /// Site, gem and class groups (classes name the holder of dumps without allocation sites), each grouping ranked
    /// from 1.
    var groups: [Group]
    /// Whether the dumps carry no allocation sites (`ObjectSpace.trace_object_allocations` was off): every leaked
    /// object is at `(untraced)`, and only the class groups' retention paths say who holds them.
    var withoutAllocationSites: Bool {
        let sites = groups.filter { $0.grouping == .site }
        return !sites.isEmpty && sites.allSatisfy { $0.key == "(untraced)" }
    }

    /// The leaked class groups by the class or module holding them (`SuspectBuilder.holder` of their retention path).
    var classesByHolder: [String: [Group]] {
        var out: [String: [Group]] = [:]
        for g in groups where g.grouping == .className {
            if let holder = SuspectBuilder.holder(g.retentionPath) { out[holder, default: []].append(g) }
        }
        return out
    }

    /// RSS kept between BASE and TARGET, KiB: the window the leaked objects were allocated in.
    var keptKB: Double
    /// Whether the groups were read back from `heap_diff` rather than computed.
    var reused: Bool
    /// How the snapshots were tied to this window when their files did not say (no pid, no trusted time); nil
    /// when they were taken inside it by the same pid.
    var placement: String? = nil
    /// Whether the dumps' times are known (else they are ordered by sequence and compared with the whole segment).
    var timed = true

    var base: HeapSnapshotInfo { snapshots[0] }
    var target: HeapSnapshotInfo { snapshots[1] }
    var later: [HeapSnapshotInfo] { Array(snapshots.dropFirst(2)) }
    /// `heap_diff.later_ids` of this diff.
    var laterIDs: String { later.map { String($0.id) }.joined(separator: ",") }
}
