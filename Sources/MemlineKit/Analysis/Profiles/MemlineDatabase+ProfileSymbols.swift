import Foundation
import GRDB

extension MemlineDatabase {
    /// Every stored heap profile, in the order they were taken (then pid and dump sequence).
    public func heapProfiles() throws -> [HeapProfileInfo] {
        try read { db in try Self.heapProfiles(db) }
    }

    /// Every profile in time order, except that the dumps of one process follow jemalloc's sequence number:
    /// mtimes of copied files often disagree with it (`cp` without `-p`, a checkout), the sequence never does.
    static func heapProfiles(_ db: Database) throws -> [HeapProfileInfo] {
        var profiles = try HeapProfileInfo.fetchAll(
            db,
            sql: """
                SELECT h.id, h.label, h.kind, h.taken_at, h.taken_at_source, h.host, h.pid, h.seq, h.dump_trigger,
                       h.sample_period, h.sampling, h.stacks, h.bytes, h.bytes_unbiased, h.objects_unbiased,
                       a.name AS file
                FROM heap_profiles h JOIN artifacts a ON a.id = h.artifact_id
                ORDER BY h.taken_at IS NULL, h.taken_at, h.pid, h.seq, h.id
                """)
        // The slots a process's dumps hold in time order are refilled with those dumps in sequence order.
        var slots: [Int: [Int]] = [:]
        for (index, p) in profiles.enumerated() where p.seq != nil {
            if let pid = p.pid { slots[pid, default: []].append(index) }
        }
        for indices in slots.values where indices.count > 1 {
            let ordered = indices.map { profiles[$0] }.sorted { ($0.seq ?? 0, $0.id) < ($1.seq ?? 0, $1.id) }
            for (slot, profile) in zip(indices, ordered) { profiles[slot] = profile }
        }
        return profiles
    }

    /// The profile a user named: a label, or an id when no label matches.
    public func heapProfile(named name: String) throws -> HeapProfileInfo {
        try read { db in try Self.resolveProfile(name, in: Self.heapProfiles(db)) }
    }

    static func resolveProfile(_ name: String, in all: [HeapProfileInfo]) throws -> HeapProfileInfo {
        let labelled = all.filter { $0.label == name || $0.file == name }
        if labelled.count == 1 { return labelled[0] }
        if labelled.count > 1 { throw ProfileError.ambiguousLabel(name, ids: labelled.map(\.id)) }
        if let id = Int64(name), let byID = all.first(where: { $0.id == id }) { return byID }
        if all.isEmpty { throw ProfileError.noProfiles }
        throw ProfileError.unknownProfile(name, known: all.map { "\($0.label) (\($0.id))" })
    }

    /// Names the frames of heap profiles with the toolchain's symbolizer, caching every answer.
    ///
    /// Each frame's mapping (from the profile's `MAPPED_LIBRARIES`) decides the file to read: `binary`
    /// for the main program (the mapping whose file has the binary's name, else the first mapped file that
    /// is not a shared library, as PIE executables come first in /proc/self/maps), the mapped path itself
    /// for libraries readable on this machine when `libraries` is true (they must be the same build as on
    /// the profiled machine, as jeprof also assumes). Addresses outside every mapping go to `binary` as they
    /// are (a non-PIE executable). Without `names`, when the profiles come from several programs, the binary
    /// is used only for those whose program has the binary's file name; name the profiles to force it.
    /// The looked-up offset is `address - start + file offset`, less 1 for return addresses (every frame
    /// but the youngest), as jeprof's `FixCallerAddresses` does.
    /// ```swift
    /// let summary = try db.symbolizeProfiles([], binary: "target/release/server")
    /// ```
    /// - Parameters:
    ///   - names: profile labels or ids; empty for every profile.
    /// - Throws: `ProfileError` when no symbolizer is installed, the binary is unreadable or a tool fails.
    public func symbolizeProfiles(_ names: [String], binary: String?, libraries: Bool = true) throws
        -> SymbolizeSummary
    {
        guard let tool = SymbolTool.find() else { throw ProfileError.noSymbolizer }
        return try symbolizeProfiles(names, binary: binary, libraries: libraries, tool: tool)
    }

    func symbolizeProfiles(_ names: [String], binary: String?, libraries: Bool, tool: SymbolTool) throws
        -> SymbolizeSummary
    {
        var binaryPath: String?
        if let binary {
            guard FileManager.default.isReadableFile(atPath: binary) else {
                throw ProfileError.unreadableBinary(binary)
            }
            binaryPath = URL(fileURLWithPath: binary).standardizedFileURL.path
        }
        var summary = SymbolizeSummary()
        summary.tool = tool.name
        let plan = try read { db in
            try Self.planSymbols(db, names: names, binary: binary, binaryPath: binaryPath, libraries: libraries)
        }
        if let binary, !plan.binaryUsed {
            throw ProfileError.binaryMatchesNoProfile(binary, programs: plan.mains.sorted())
        }
        summary.profiles = plan.profiles
        summary.frames = plan.frames
        summary.missingFiles = plan.missing.sorted()
        summary.files = plan.needed.keys.sorted()
        let found = try lookUpSymbols(plan.needed, tool: tool, summary: &summary)
        summary.framesNamed = try storeSymbols(found, plan: plan, tool: tool)
        return summary
    }

    /// Where one frame is looked up: a file and the offset in it.
    private struct FrameLookup {
        var profileID: Int64
        var address: Int64
        var leaf: Bool
        var file: String
        var offset: Int64
    }

    /// What symbolizing the profiles needs: each frame's file and offset, and the offsets wanted per file.
    private struct SymbolPlan {
        var lookups: [FrameLookup] = []
        var needed: [String: Set<Int64>] = [:]
        /// Mapped files not readable here.
        var missing = Set<String>()
        /// The main programs of the profiles.
        var mains = Set<String>()
        /// Whether any profile takes the binary.
        var binaryUsed = false
        var profiles = 0
        var frames = 0
    }

    /// The file each mapping's frames are looked up in, chosen once per path: the binary for the main program,
    /// the mapped library itself when it is readable here and `libraries` is on, else none (noted as missing).
    private struct SymbolFiles {
        /// nil when this profile does not take the binary.
        let binaryPath: String?
        let binaryName: String?
        let main: String?
        let libraries: Bool
        var chosen: [String: String?] = [:]

        mutating func file(for path: String?, missing: inout Set<String>) -> String? {
            guard let path, !path.hasPrefix("[") else { return nil }
            if let cached = chosen[path] { return cached }
            var file: String?
            if let binaryPath, path == main || (path as NSString).lastPathComponent == binaryName {
                file = binaryPath
            } else if libraries, FileManager.default.isReadableFile(atPath: path) {
                file = path
            } else {
                missing.insert(path)
            }
            chosen[path] = file
            return file
        }
    }

    /// Which file and offset each frame of the named profiles (all when `names` is empty) needs.
    private static func planSymbols(
        _ db: Database, names: [String], binary: String?, binaryPath: String?, libraries: Bool
    ) throws -> SymbolPlan {
        var plan = SymbolPlan()
        let binaryName = binary.map { ($0 as NSString).lastPathComponent }
        let all = try heapProfiles(db)
        let profiles = try names.isEmpty ? all : names.map { try resolveProfile($0, in: all) }
        plan.profiles = profiles.count
        var programs = Set<String>()
        for p in profiles {
            if let main = try mainProgram(db, profileID: p.id) { programs.insert(main) }
        }
        for p in profiles {
            let maps = try profileMaps(db, profileID: p.id)
            let main = mainProgram(maps)
            // Unnamed profiles of a database holding several programs only take the binary when their
            // program has its file name.
            let mainName = main.map { ($0 as NSString).lastPathComponent }
            let useBinary = binaryPath != nil && (!names.isEmpty || programs.count <= 1 || mainName == binaryName)
            if let main { plan.mains.insert(main) }
            if useBinary { plan.binaryUsed = true }
            var files = SymbolFiles(
                binaryPath: useBinary ? binaryPath : nil, binaryName: binaryName, main: main, libraries: libraries)
            try planFrames(db, of: p, maps: maps, files: &files, into: &plan)
        }
        return plan
    }

    /// One profile's distinct frames, each given its file and offset. The looked-up offset is
    /// `address - start + file offset`, less 1 for return addresses (every frame but the youngest).
    private static func planFrames(
        _ db: Database, of p: HeapProfileInfo, maps: [ProfileMap], files: inout SymbolFiles, into plan: inout SymbolPlan
    ) throws {
        let rows = try Row.fetchAll(
            db, sql: "SELECT DISTINCT address, depth = 0 AS leaf FROM profile_frames WHERE profile_id = ?",
            arguments: [p.id])
        plan.frames +=
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM profile_frames WHERE profile_id = ?", arguments: [p.id]) ?? 0
        for row in rows {
            let address: Int64 = row["address"]
            let leaf: Bool = row["leaf"]
            let pc = leaf ? address : address &- 1
            var file: String?
            var offset = pc
            if let map = map(containing: pc, in: maps) {
                file = files.file(for: map.path, missing: &plan.missing)
                offset = pc &- map.start &+ map.fileOffset
            } else if let binaryPath = files.binaryPath {
                // Outside every mapping: a non-PIE executable's address, as it is.
                file = binaryPath
            }
            guard let file else { continue }
            plan.lookups.append(FrameLookup(profileID: p.id, address: address, leaf: leaf, file: file, offset: offset))
            plan.needed[file, default: []].insert(offset)
        }
    }

    /// Runs the tool on the offsets the cache does not hold yet, per file.
    private func lookUpSymbols(
        _ needed: [String: Set<Int64>], tool: SymbolTool, summary: inout SymbolizeSummary
    ) throws -> [String: [Int64: [SymbolTool.Frame]]] {
        var found: [String: [Int64: [SymbolTool.Frame]]] = [:]
        for (file, offsets) in needed {
            summary.lookups += offsets.count
            let cached = try read { db in
                try Set(
                    Int64.fetchAll(
                        db, sql: "SELECT DISTINCT lookup_offset FROM profile_symbols WHERE symbol_file = ?",
                        arguments: [file]))
            }
            let todo = offsets.subtracting(cached).sorted()
            summary.cached += offsets.count - todo.count
            guard !todo.isEmpty else { continue }
            let frames = try tool.symbolize(file: file, offsets: todo)
            found[file] = frames
            summary.resolved += frames.values.filter { $0.first?.function != nil }.count
        }
        return found
    }

    /// Caches the tool's answers (offsets it printed nothing for as unknown) and names the frames.
    /// - Returns: the frames given a function name.
    private func storeSymbols(
        _ found: [String: [Int64: [SymbolTool.Frame]]], plan: SymbolPlan, tool: SymbolTool
    ) throws -> Int {
        try write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO profile_symbols (symbol_file, lookup_offset, inline_depth, function, location,
                      tool) VALUES (?,?,?,?,?,?)
                    """)
            for (file, byOffset) in found {
                for (offset, frames) in byOffset {
                    let list =
                        frames.isEmpty ? [SymbolTool.Frame(function: nil, location: "?", tool: tool.name)] : frames
                    for (depth, frame) in list.enumerated() {
                        try insert.execute(arguments: [file, offset, depth, frame.function, frame.location, frame.tool])
                    }
                }
                for offset in plan.needed[file] ?? [] where byOffset[offset] == nil {
                    try insert.execute(arguments: [file, offset, 0, nil, "?", tool.name])
                }
            }
            return try Self.nameFrames(db, plan.lookups)
        }
    }

    /// Gives every looked-up frame the cached name of its file and offset.
    /// - Returns: the frames given a function name.
    private static func nameFrames(_ db: Database, _ lookups: [FrameLookup]) throws -> Int {
        let lookup = try db.cachedStatement(
            sql: """
                SELECT function, location FROM profile_symbols
                WHERE symbol_file = ? AND lookup_offset = ? AND inline_depth = 0
                """)
        let update = try db.cachedStatement(
            sql: """
                UPDATE profile_frames SET symbol_file = ?, lookup_offset = ?, function = ?, location = ?
                WHERE profile_id = ? AND address = ? AND (depth = 0) = ?
                """)
        var named = 0
        for a in lookups {
            let row = try Row.fetchOne(lookup, arguments: [a.file, a.offset])
            let function: String? = row?["function"]
            let location: String? = row?["location"]
            try update.execute(arguments: [a.file, a.offset, function, location, a.profileID, a.address, a.leaf])
            if function != nil { named += db.changesCount }
        }
        return named
    }

    /// The program's own mapping: the first mapped file that is not a shared library (PIE executables
    /// come first in /proc/self/maps).
    static func mainProgram(_ maps: [ProfileMap]) -> String? {
        maps.first { m in
            guard let path = m.path, !path.hasPrefix("[") else { return false }
            return !(path.split(separator: "/").last ?? "").contains(".so")
        }?.path
    }

    static func mainProgram(_ db: Database, profileID: Int64) throws -> String? {
        mainProgram(try profileMaps(db, profileID: profileID))
    }

    static func profileMaps(_ db: Database, profileID: Int64) throws -> [ProfileMap] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT line, start_address, end_address, perms, file_offset, path FROM profile_maps
                WHERE profile_id = ? ORDER BY start_address
                """, arguments: [profileID]
        ).map { row in
            ProfileMap(
                line: row["line"], start: row["start_address"], end: row["end_address"], perms: row["perms"],
                fileOffset: row["file_offset"], path: row["path"])
        }
    }

    /// The mapping holding `address`; later (more specific) lines win over overlapping earlier ones.
    static func map(containing address: Int64, in maps: [ProfileMap]) -> ProfileMap? {
        maps.last { $0.contains(address) }
    }
}
