import GRDB

extension MemlineDatabase {
    /// One profile's in-use memory by function and stack, like `jeprof --text BINARY PROFILE`.
    /// - Throws: `ProfileError` for an unknown or ambiguous name.
    public func profileTop(_ name: String) throws -> ProfileReport {
        try read { db in
            let target = try Self.resolveProfile(name, in: Self.heapProfiles(db))
            let aggregate = try ProfileAggregate.load(db, profileID: target.id)
            return Self.report(base: nil, target: target, baseAggregate: nil, targetAggregate: aggregate)
        }
    }

    /// Growth from BASE to TARGET by function (flat and cumulative) and by stack, like
    /// `jeprof --text --base=BASE BINARY TARGET`; the rows are also stored in `profile_diff`
    /// (replacing an earlier diff of the same pair; not on a read-only database).
    /// ```swift
    /// let growth = try db.profileDiff(base: "jeprof.out.16429.0.i0", target: "jeprof.out.16429.3.f")
    /// print(growth.rendered(as: .table, limit: 10))
    /// ```
    /// - Throws: `ProfileError` for an unknown or ambiguous name.
    public func profileDiff(base baseName: String, target targetName: String) throws -> ProfileReport {
        try computing { db, canStore in
            let all = try Self.heapProfiles(db)
            let base = try Self.resolveProfile(baseName, in: all)
            let target = try Self.resolveProfile(targetName, in: all)
            let baseAggregate = try ProfileAggregate.load(db, profileID: base.id)
            let targetAggregate = try ProfileAggregate.load(db, profileID: target.id)
            let report = Self.report(
                base: base, target: target, baseAggregate: baseAggregate, targetAggregate: targetAggregate)
            if canStore { try Self.store(report, base: baseAggregate, target: targetAggregate, in: db) }
            return report
        }
    }

    static func report(
        base: HeapProfileInfo?, target: HeapProfileInfo, baseAggregate: ProfileAggregate?,
        targetAggregate: ProfileAggregate
    ) -> ProfileReport {
        let empty = ProfileAggregate()
        let b = baseAggregate ?? empty
        let t = targetAggregate
        let names = Set(b.flat.keys).union(t.flat.keys).union(b.cumulative.keys).union(t.cumulative.keys)
        var functions: [ProfileReport.FunctionRow] = []
        for name in names {
            let flat = (t.flat[name] ?? .init()) - (b.flat[name] ?? .init())
            let cumulative = (t.cumulative[name] ?? .init()) - (b.cumulative[name] ?? .init())
            // jeprof leaves out functions whose flat and cumulative amounts are both zero.
            guard flat.bytes != 0 || cumulative.bytes != 0 else { continue }
            functions.append(
                ProfileReport.FunctionRow(
                    name: name, flatBytes: flat.bytes, flatObjects: flat.objects, cumulativeBytes: cumulative.bytes,
                    cumulativeObjects: cumulative.objects,
                    baseFlatBytes: baseAggregate == nil ? nil : (b.flat[name]?.bytes ?? 0),
                    targetFlatBytes: baseAggregate == nil ? nil : (t.flat[name]?.bytes ?? 0)))
        }
        functions.sort {
            if $0.flatBytes != $1.flatBytes { return $0.flatBytes > $1.flatBytes }
            if $0.cumulativeBytes != $1.cumulativeBytes { return $0.cumulativeBytes > $1.cumulativeBytes }
            return $0.name < $1.name
        }
        var stacks: [ProfileReport.StackRow] = []
        for key in Set(b.stacks.keys).union(t.stacks.keys) {
            let amount = (t.stacks[key] ?? .init()) - (b.stacks[key] ?? .init())
            guard amount.bytes != 0 else { continue }
            stacks.append(ProfileReport.StackRow(key: key, bytes: amount.bytes, objects: amount.objects))
        }
        stacks.sort { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.key < $1.key }
        return ProfileReport(
            base: base, target: target, totalBytes: t.totalBytes - b.totalBytes,
            totalObjects: t.totalObjects - b.totalObjects, functions: functions, stacks: stacks,
            namedFrames: b.namedFrames + t.namedFrames, frames: b.frames + t.frames)
    }

    /// Replaces the stored `profile_diff` rows of the report's pair with its flat, cumulative and stack growth, and
    /// by owner: the first function outside the language's standard library (`StandardLibraryFrames`).
    static func store(
        _ report: ProfileReport, base: ProfileAggregate, target: ProfileAggregate, in db: Database
    ) throws {
        guard let baseInfo = report.base else { return }
        try db.execute(
            sql: "DELETE FROM profile_diff WHERE base_id = ? AND target_id = ?",
            arguments: [baseInfo.id, report.target.id])
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO profile_diff (base_id, target_id, grouping, key, rank, base_bytes, target_bytes,
                  growth_bytes, growth_objects, share) VALUES (?,?,?,?,?,?,?,?,?,?)
                """)
        let total = report.totalBytes
        func share(_ bytes: Double) -> Double { total == 0 ? 0 : bytes / total }
        typealias Amount = ProfileAggregate.Amount
        func put(_ grouping: String, _ rows: [(key: String, base: Amount, target: Amount)]) throws {
            var growth: [(key: String, base: Amount, target: Amount, growth: Amount)] = []
            for row in rows {
                let g = row.target - row.base
                if g.bytes != 0 { growth.append((row.key, row.base, row.target, g)) }
            }
            growth.sort { $0.growth.bytes != $1.growth.bytes ? $0.growth.bytes > $1.growth.bytes : $0.key < $1.key }
            for (rank, row) in growth.enumerated() {
                let arguments: StatementArguments = [
                    baseInfo.id, report.target.id, grouping, row.key, rank + 1, row.base.bytes, row.target.bytes,
                    row.growth.bytes, row.growth.objects, share(row.growth.bytes),
                ]
                try insert.execute(arguments: arguments)
            }
        }
        func rows(_ b: [String: Amount], _ t: [String: Amount]) -> [(key: String, base: Amount, target: Amount)] {
            Set(b.keys).union(t.keys).map { (key: $0, base: b[$0] ?? Amount(), target: t[$0] ?? Amount()) }
        }
        try put("flat", rows(base.flat, target.flat))
        try put("cumulative", rows(base.cumulative, target.cumulative))
        try put("stack", rows(base.stacks, target.stacks))
        try put("owner", rows(base.owner, target.owner))
    }

    /// The profile list as rows, for `memline profile list`.
    public func heapProfileList() throws -> QueryResult {
        let rows = try heapProfiles().map { p -> [QueryResult.Cell] in
            [
                .integer(p.id), .text(p.label), p.takenAt.map(QueryResult.Cell.text) ?? .null,
                p.pid.map { .integer(Int64($0)) } ?? .null, p.seq.map { .integer(Int64($0)) } ?? .null,
                p.dumpTrigger.map(QueryResult.Cell.text) ?? .null, .text(p.kind),
                p.samplePeriod.map { .integer(Int64($0)) } ?? .null, .integer(Int64(p.stacks)),
                .real((p.bytesUnbiased / 1_048_576 * 100).rounded() / 100), .text(p.file),
            ]
        }
        return QueryResult(
            columns: [
                "id", "label", "taken_at", "pid", "seq", "trigger", "kind", "sample_period", "stacks", "inuse_mb",
                "file",
            ], rows: rows)
    }
}
