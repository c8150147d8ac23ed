import Foundation
import GRDB

/// One heap profile reduced to functions and stacks, the way `jeprof --text` reduces it.
///
/// Each stack's frames are named (the symbolized function, the functions inlined at that address, or
/// `module+0xoffset` without symbols) and shortened as jeprof does (`ShortFunctionName`); frames up to
/// the last allocator frame are dropped (`AllocatorFrames`); a function seen twice on one stack
/// (recursion) counts once. The first remaining name gets the stack's bytes as *flat*; every remaining
/// name gets them as *cumulative*; the first name outside the language's standard library
/// (`StandardLibraryFrames`) gets them as *owner*, the function suspects are named by.
struct ProfileAggregate {
    struct Amount {
        var bytes = 0.0
        var objects = 0.0
    }

    var totalBytes = 0.0
    var totalObjects = 0.0
    var flat: [String: Amount] = [:]
    var cumulative: [String: Amount] = [:]
    var stacks: [String: Amount] = [:]
    /// The ids of the stacks (`profile_stacks.id`) charged to each flat function, in stack order.
    var flatStacks: [String: [Int64]] = [:]
    /// Bytes by the first frame outside the standard library, and the ids of the stacks charged to each.
    var owner: [String: Amount] = [:]
    var ownerStacks: [String: [Int64]] = [:]
    var frames = 0
    var namedFrames = 0

    static func load(_ db: Database, profileID: Int64) throws -> ProfileAggregate {
        let maps = try MemlineDatabase.profileMaps(db, profileID: profileID)
        var chains: [String: [String?]] = [:]
        let symbols = try Row.fetchAll(
            db,
            sql: """
                SELECT y.symbol_file, y.lookup_offset, y.inline_depth, y.function FROM profile_symbols y
                JOIN (SELECT DISTINCT symbol_file, lookup_offset FROM profile_frames
                      WHERE profile_id = ? AND symbol_file IS NOT NULL) f
                  ON f.symbol_file = y.symbol_file AND f.lookup_offset = y.lookup_offset
                ORDER BY y.inline_depth
                """, arguments: [profileID])
        for row in symbols {
            let file: String = row["symbol_file"]
            let offset: Int64 = row["lookup_offset"]
            chains["\(file)#\(offset)", default: []].append(row["function"])
        }

        var aggregate = ProfileAggregate()
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT s.id, s.bytes_unbiased, s.objects_unbiased, f.depth, f.address, f.symbol_file, f.lookup_offset,
                       f.function
                FROM profile_stacks s LEFT JOIN profile_frames f ON f.stack_id = s.id
                WHERE s.profile_id = ? ORDER BY s.id, f.depth
                """, arguments: [profileID])
        var currentStack: Int64?
        var amount = Amount()
        var path: [String] = []
        func close() {
            guard let currentStack else { return }
            aggregate.add(path: path, amount: amount, stackID: currentStack)
        }
        while let row = try rows.next() {
            let stackID: Int64 = row["id"]
            if stackID != currentStack {
                close()
                currentStack = stackID
                amount = Amount(bytes: row["bytes_unbiased"], objects: row["objects_unbiased"])
                path = []
            }
            guard let address: Int64 = row["address"] else { continue }
            aggregate.frames += 1
            let function: String? = row["function"]
            if function != nil { aggregate.namedFrames += 1 }
            let map = MemlineDatabase.map(containing: address, in: maps)
            var names: [String] = []
            if let file: String = row["symbol_file"], let offset: Int64 = row["lookup_offset"],
                let chain = chains["\(file)#\(offset)"]
            {
                names = chain.compactMap { $0 }.map(ShortFunctionName.of)
            } else if let function {
                names = [ShortFunctionName.of(function)]
            }
            let unnamed = names.isEmpty
            if unnamed { names = [Self.unsymbolizedName(address, map: map)] }
            let allocator =
                names.contains(where: AllocatorFrames.isAllocator)
                || (unnamed && AllocatorFrames.isAllocatorLibrary(map?.path))
            if allocator {
                // jeprof: throw away the frames seen so far (the allocator's own).
                path = []
                continue
            }
            path += names
        }
        close()
        return aggregate
    }

    /// The same profile with each stack charged, as flat, to its owner: what suspects and trends of the analysis
    /// read, so two containers of one library type are told apart by the functions that own them.
    var byOwner: ProfileAggregate {
        var copy = self
        copy.flat = owner
        copy.flatStacks = ownerStacks
        return copy
    }

    /// `libjemalloc.so.2+0xa2630`, or `0x7f480f6a2630` outside every mapping.
    static func unsymbolizedName(_ address: Int64, map: ProfileMap?) -> String {
        guard let map, let path = map.path else { return "0x" + String(UInt64(bitPattern: address), radix: 16) }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return base + "+0x" + String(UInt64(bitPattern: address &- map.start &+ map.fileOffset), radix: 16)
    }

    mutating func add(path raw: [String], amount: Amount, stackID: Int64? = nil) {
        totalBytes += amount.bytes
        totalObjects += amount.objects
        var seen = Set<String>()
        var path: [String] = []
        for name in raw where seen.insert(name).inserted { path.append(name) }
        guard let first = path.first else {
            stacks["(allocator frames only)", default: Amount()].add(amount)
            return
        }
        flat[first, default: Amount()].add(amount)
        if let stackID { flatStacks[first, default: []].append(stackID) }
        let owned = StandardLibraryFrames.owner(of: path) ?? first
        owner[owned, default: Amount()].add(amount)
        if let stackID { ownerStacks[owned, default: []].append(stackID) }
        for name in path { cumulative[name, default: Amount()].add(amount) }
        stacks[path.joined(separator: " < "), default: Amount()].add(amount)
    }
}

extension ProfileAggregate.Amount {
    mutating func add(_ other: ProfileAggregate.Amount) {
        bytes += other.bytes
        objects += other.objects
    }

    static func - (lhs: Self, rhs: Self) -> Self {
        Self(bytes: lhs.bytes - rhs.bytes, objects: lhs.objects - rhs.objects)
    }
}
