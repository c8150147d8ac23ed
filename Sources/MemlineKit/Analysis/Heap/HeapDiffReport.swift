/// The result of `memline heap diff`: what leaked between the snapshots, grouped, and who holds it.
public struct HeapDiffReport: Sendable {
    /// nil when only one snapshot was given: the report is then that heap by group.
    public var base: HeapSnapshotInfo?
    public var target: HeapSnapshotInfo
    public var later: [HeapSnapshotInfo]
    public var leakedObjects: Int
    public var leakedMemsize: Int
    /// Every group of every grouping, each grouping ranked from 1.
    public var groups: [HeapLeakGroup]
    /// Caveats the reader must know: address reuse, untraced dumps, a missing LATER snapshot.
    public var notes: [String]

    /// The snapshots in the order of `HeapLeakGroup.counts`.
    public var snapshots: [HeapSnapshotInfo] { (base.map { [$0] } ?? []) + [target] + later }

    /// The first `limit` groups of `grouping` by rank.
    public func top(_ grouping: HeapGrouping, limit: Int) -> [HeapLeakGroup] {
        Array(groups.filter { $0.grouping == grouping }.sorted { $0.rank < $1.rank }.prefix(limit))
    }

    /// What "leaked" means for this report, in words.
    public var criterion: String {
        guard let base else { return "all objects of \(target.label)" }
        if later.isEmpty { return "in \(target.label), not in \(base.label)" }
        let laters = later.map(\.label).joined(separator: ", ")
        return "in \(target.label), not in \(base.label), still in \(laters)"
    }
}
