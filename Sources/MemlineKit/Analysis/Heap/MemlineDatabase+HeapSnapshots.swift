import GRDB

extension MemlineDatabase {
    /// Every stored heap snapshot, in the order they were taken (ingest order when unknown).
    public func heapSnapshots() throws -> [HeapSnapshotInfo] {
        try read { db in try Self.heapSnapshots(db) }
    }

    static func heapSnapshots(_ db: Database) throws -> [HeapSnapshotInfo] {
        try HeapSnapshotInfo.fetchAll(
            db,
            sql: """
                SELECT s.id, s.label, s.taken_at, s.taken_at_source, s.host, s.pid, s.objects, s.memsize, s.refs,
                       s.roots, s.traced, s.max_generation, a.name AS file, s.partial_line
                FROM heap_snapshots s JOIN artifacts a ON a.id = s.artifact_id
                ORDER BY s.taken_at IS NULL, s.taken_at, s.id
                """)
    }

    /// The snapshot a user named: a label, or an id when no label matches.
    /// - Throws: `HeapError.unknownSnapshot`, `.ambiguousLabel`.
    public func heapSnapshot(named name: String) throws -> HeapSnapshotInfo {
        try read { db in try Self.resolve(name, in: Self.heapSnapshots(db)) }
    }

    static func resolve(_ name: String, in all: [HeapSnapshotInfo]) throws -> HeapSnapshotInfo {
        let labelled = all.filter { $0.label == name }
        if labelled.count == 1 { return labelled[0] }
        if labelled.count > 1 { throw HeapError.ambiguousLabel(name, ids: labelled.map(\.id)) }
        if let id = Int64(name), let byID = all.first(where: { $0.id == id }) { return byID }
        if all.isEmpty { throw HeapError.noSnapshots }
        // Listed by id, so the message reads the same whatever order the snapshots were taken in.
        throw HeapError.unknownSnapshot(name, known: all.sorted { $0.id < $1.id }.map { "\($0.label) (\($0.id))" })
    }

    /// The snapshot list as rows, for `memline heap list`.
    public func heapSnapshotList() throws -> QueryResult {
        let rows = try heapSnapshots().map { s -> [QueryResult.Cell] in
            [
                .integer(s.id), .text(s.label), s.takenAt.map(QueryResult.Cell.text) ?? .null,
                s.takenAtSource.map(QueryResult.Cell.text) ?? .null, s.host.map(QueryResult.Cell.text) ?? .null,
                s.pid.map { .integer(Int64($0)) } ?? .null, .integer(Int64(s.objects)),
                .real((Double(s.memsize) / 1_048_576 * 100).rounded() / 100), .integer(Int64(s.refs)),
                .integer(Int64(s.traced)), s.maxGeneration.map { .integer(Int64($0)) } ?? .null, .text(s.file),
                s.partialLine.map { .text("PARTIAL: cut at line \($0)") } ?? .text(""),
            ]
        }
        return QueryResult(
            columns: [
                "id", "label", "taken_at", "taken_at_source", "host", "pid", "objects", "memsize_mb", "refs", "traced",
                "max_generation", "file", "partial",
            ], rows: rows)
    }
}
