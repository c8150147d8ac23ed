import GRDB

extension ArtifactWriter {
    /// The artifact's `heap_profiles` row, created on first use.
    func heapProfileID(line: Int) throws -> Int64 {
        if let id = profile.profileID { return id }
        let id = try insertParentRow(
            "INSERT INTO heap_profiles (artifact_id, line, label, kind, sampling) VALUES (?, ?, '', '', 'none')",
            line: line)
        profile.profileID = id
        return id
    }

    func emitProfileStack(_ s: ProfileStack) throws {
        let profileID = try heapProfileID(line: s.line)
        var b = try statement(
            """
            INSERT INTO profile_stacks (profile_id, line, depth, frames, objects, bytes, alloc_objects, alloc_bytes,
              objects_unbiased, bytes_unbiased) VALUES (?,?,?,?,?,?,?,?,?,?)
            """)
        b.int64(profileID)
        b.int(s.line)
        b.int(s.frames.count)
        b.text(s.framesText)
        b.int(s.objects)
        b.int(s.bytes)
        b.int(s.allocObjects)
        b.int(s.allocBytes)
        b.number(s.objectsUnbiased)
        b.number(s.bytesUnbiased)
        try b.step(db: db)
        let stackID = db.lastInsertedRowID
        // Frames a profile names itself (tracemalloc's sites) need no symbolizing: the site is both function and
        // location; address frames leave them NULL until `profile symbolize`.
        var f = try statement(
            "INSERT INTO profile_frames (stack_id, profile_id, depth, address, function, location) VALUES (?,?,?,?,?,?)"
        )
        for (depth, address) in s.frames.enumerated() {
            let site = s.sites.flatMap { depth < $0.count ? $0[depth] : nil }
            f.int64(stackID)
            f.int64(profileID)
            f.int(depth)
            f.int64(address)
            f.text(site)
            f.text(site)
            try f.step(db: db)
        }
        profile.stacks += 1
        profile.frames += s.frames.count
    }

    func emitProfileMap(_ m: ProfileMap) throws {
        let profileID = try heapProfileID(line: m.line)
        var b = try statement(
            """
            INSERT INTO profile_maps (profile_id, line, start_address, end_address, perms, file_offset, path)
            VALUES (?,?,?,?,?,?,?)
            """)
        b.int64(profileID)
        b.int(m.line)
        b.int64(m.start)
        b.int64(m.end)
        b.text(m.perms)
        b.int64(m.fileOffset)
        b.text(m.path)
        try b.step(db: db)
        profile.maps += 1
    }

    /// Completes the profile row with the file's header fields and totals.
    func emitHeapProfile(_ p: HeapProfile) throws {
        let profileID = try heapProfileID(line: p.line)
        var b = try statement(
            """
            UPDATE heap_profiles SET line = ?, label = ?, kind = ?, profile_type = ?, dump_trigger = ?, pid = ?,
              seq = ?, trigger_seq = ?, taken_at = ?, taken_at_source = ?, host = ?, sample_period = ?, sampling = ?,
              stacks = ?, objects = ?, bytes = ?, objects_unbiased = ?, bytes_unbiased = ?, alloc_objects = ?,
              alloc_bytes = ?, threads = ?, maps = ?
            WHERE id = ?
            """)
        b.int(p.line)
        b.text(p.label)
        b.text(p.kind)
        b.text(p.profileType)
        b.text(p.dumpTrigger)
        b.int(p.pid)
        b.int(p.seq)
        b.int(p.triggerSeq)
        b.timestamp(p.takenAt)
        b.text(p.takenAtSource)
        b.text(host ?? p.host)
        b.int(p.samplePeriod)
        b.text(p.sampling.rawValue)
        b.int(p.stacks)
        b.int(p.objects)
        b.int(p.bytes)
        b.number(p.objectsUnbiased)
        b.number(p.bytesUnbiased)
        b.int(p.allocObjects)
        b.int(p.allocBytes)
        b.int(p.threads)
        b.int(p.maps)
        b.int64(profileID)
        try b.step(db: db)
        seen(p.takenAt)
        count("heap_profiles")
        count("profile_stacks", by: profile.stacks)
        count("profile_frames", by: profile.frames)
        count("profile_maps", by: profile.maps)
        profile.stacks = 0
        profile.frames = 0
        profile.maps = 0
    }
}
