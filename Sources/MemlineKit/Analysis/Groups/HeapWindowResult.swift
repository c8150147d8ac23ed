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

        /// Whether the group's live objects, or their bytes, grew at every snapshot (a memo that replaces its
        /// strings by longer ones keeps its object count and grows in bytes).
        var rising: Bool {
            func risesAtEachStep(_ v: [Int]) -> Bool { v.count >= 2 && zip(v.dropFirst(), v).allSatisfy { $0 > $1 } }
            return risesAtEachStep(counts) || risesAtEachStep(memsizes)
        }
    }

    var window: GrowthWindow
    /// BASE, TARGET, then the LATER snapshots.
    var snapshots: [HeapSnapshotInfo]
    var leakedObjects: Int
    var leakedMemsize: Int
    /// Site and gem groups, each grouping ranked from 1.
    var groups: [Group]
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
