import GRDB

/// The three-snapshot leak diff: which objects of TARGET are new since BASE and survive in every LATER,
/// how they group, and (in the last snapshot's reference graph) who holds them.
///
/// One pass over each snapshot's stored rows: objects are matched by identity (`identity`) held as
/// hashes in sets, groups are counted in arrays by the dense numbers of `HeapGroupKeys`, and the last
/// snapshot's rows also become the nodes and edges of `HeapGraph` for the paths.
struct HeapDiffComputation {
    let base: HeapSnapshotInfo?
    let target: HeapSnapshotInfo
    let later: [HeapSnapshotInfo]
    /// Groups per grouping that get a retention path and retainers.
    let top: Int

    private static let groupingCount = HeapGrouping.allCases.count

    /// A snapshot reduced to what matching needs.
    private struct Sets {
        var objects = HeapSnapshotIndex()
        /// Objects per group, per grouping.
        var counts: [[Int]] = Array(repeating: [], count: HeapDiffComputation.groupingCount)
    }

    /// What the scan of the last snapshot keeps for the graph.
    private struct LastSnapshot {
        var graph = HeapGraph()
        var facts = HeapNodeDetails.Facts()
        var identities: [Int] = []
        var classes = HeapClassNames()
        /// References as (referring node, referenced address), in dump order.
        var from: [Int32] = []
        var to: [Int64] = []
    }

    /// TARGET's leaked objects: who they are, their groups, and the totals per group.
    private struct Leak {
        var identities: [Int] = []
        /// Each leaked object's memsize, in the order of `identities`.
        var memsizes: [Int] = []
        /// Each leaked object's group per grouping, in the order of `identities`.
        var groups: [[Int32]] = Array(repeating: [], count: HeapDiffComputation.groupingCount)
        var memsize = 0
        /// Leaked objects and their memsize per group, per grouping.
        var objectsByGroup: [[Int]] = Array(repeating: [], count: HeapDiffComputation.groupingCount)
        var memsizeByGroup: [[Int]] = Array(repeating: [], count: HeapDiffComputation.groupingCount)
        /// The gem of each site group that has one.
        var gems: [Int32: String] = [:]
        /// Objects at an address that held a different object in BASE.
        var reused = 0
        /// TARGET as a whole (leaked or not), for the counts per snapshot.
        var target = Sets()
    }

    /// Every group ranked, and which of them (the top ones) get a slot for paths and retainers.
    private struct Ranking {
        var groups: [HeapLeakGroup] = []
        /// slot → index in `groups`
        var slotGroup: [Int] = []
        /// grouping → group → slot (-1: none)
        var slotOf: [[Int32]] = []
    }

    /// The last snapshot's graph, and who refers directly to the top groups' objects.
    private struct Holders {
        var graph: HeapGraph
        var objects: [(slot: Int32, holder: Int32, held: Int32)] = []
        var roots: [(slot: Int32, root: String, held: Int32)] = []
    }

    func run(_ db: Database) throws -> HeapDiffReport {
        var keys = try HeapGroupKeys(db: db)
        var lastSnapshot = LastSnapshot()
        // BASE and the LATER snapshots as sets; the last one also as graph nodes.
        let baseSets = try base.map { try scanSets(db, &keys, $0, last: &lastSnapshot, isLast: false) }
        let laterSets = try scanLater(db, &keys, last: &lastSnapshot)
        var leak = try scanTarget(db, &keys, baseSets: baseSets, laterSets: laterSets, last: &lastSnapshot)
        let counts = (baseSets.map { [$0.counts] } ?? []) + [leak.target.counts] + laterSets.map(\.counts)
        var ranking = rank(leak, keys: keys, counts: counts)
        let (nodeSlots, nodeMemsize) = Self.nodeSlots(leak, ranking: ranking, identities: lastSnapshot.identities)
        leak.groups = []
        let holders = try linkReferences(db, &lastSnapshot, nodeSlots: nodeSlots)
        var details = HeapNodeDetails(
            graph: holders.graph, facts: lastSnapshot.facts, keys: keys, classes: lastSnapshot.classes)
        let closest = Self.pathNodes(nodeSlots, memsize: nodeMemsize, graph: holders.graph)
        Self.addPaths(to: &ranking, closest: closest, graph: holders.graph, details: &details)
        Self.addRetainers(to: &ranking, holders, details: &details)
        let unreachable = ranking.slotGroup.indices.filter { closest[Int32($0)] == nil }.count
        return HeapDiffReport(
            base: base, target: target, later: later, leakedObjects: leak.identities.count,
            leakedMemsize: leak.memsize, groups: ranking.groups,
            notes: notes(reused: leak.reused, unreachable: unreachable))
    }

    /// The LATER snapshots as sets; the last one also fills `last`.
    private func scanLater(_ db: Database, _ keys: inout HeapGroupKeys, last: inout LastSnapshot) throws -> [Sets] {
        let lastID = (later.last ?? target).id
        var laterSets: [Sets] = []
        for snapshot in later {
            laterSets.append(try scanSets(db, &keys, snapshot, last: &last, isLast: snapshot.id == lastID))
        }
        return laterSets
    }

    /// TARGET's objects that are not in BASE and are in every LATER snapshot, with their groups. Without LATER
    /// snapshots TARGET is the last one and fills `last`.
    private func scanTarget(
        _ db: Database, _ keys: inout HeapGroupKeys, baseSets: Sets?, laterSets: [Sets], last: inout LastSnapshot
    ) throws -> Leak {
        var leak = Leak()
        var baseCursor = baseSets.map { HeapSnapshotIndex.Cursor($0.objects) }
        var laterCursors = laterSets.map { HeapSnapshotIndex.Cursor($0.objects) }
        let targetClasses = try keys.classNames(db, snapshot: target.id)
        let targetIsLast = later.isEmpty
        if targetIsLast { last.classes = targetClasses }
        try HeapObjectRow.scan(db, snapshot: target.id, details: targetIsLast) { row in
            let (identity, groups) = Self.identify(row, &keys, targetClasses)
            if targetIsLast { Self.addNode(row, identity: identity, to: &last, &keys) }
            for g in 0..<Self.groupingCount { Self.bump(&leak.target.counts[g], groups[g]) }
            if baseCursor != nil {
                let found = baseCursor?.find(address: row.address, identity: Int64(identity))
                if found?.identity == true { return }
                if found?.address == true { leak.reused += 1 }
            }
            for k in laterCursors.indices
            where !laterCursors[k].find(address: row.address, identity: Int64(identity)).identity {
                return
            }
            leak.identities.append(identity)
            let memsize = Int(row.memsize)
            leak.memsizes.append(memsize)
            leak.memsize += memsize
            for g in 0..<Self.groupingCount {
                leak.groups[g].append(groups[g])
                Self.bump(&leak.objectsByGroup[g], groups[g])
                Self.bump(&leak.memsizeByGroup[g], groups[g], by: memsize)
            }
            if leak.gems[groups[HeapGroupKeys.site]] == nil, let gem = keys.siteGem(row.siteID) {
                leak.gems[groups[HeapGroupKeys.site]] = gem
            }
        }
        return leak
    }

    /// Each grouping's groups by leaked memsize (then objects, then key); the top `top` get a slot for paths
    /// and retainers. `counts` holds every snapshot's objects per group, in the order of `HeapLeakGroup.counts`.
    private func rank(_ leak: Leak, keys: HeapGroupKeys, counts: [[[Int]]]) -> Ranking {
        var ranking = Ranking()
        for (g, grouping) in HeapGrouping.allCases.enumerated() {
            let texts = keys.displays[g]
            let objects = leak.objectsByGroup[g]
            let memsize = leak.memsizeByGroup[g]
            let present = objects.indices.filter { objects[$0] > 0 }
            let ranked = present.sorted {
                (memsize[$0], objects[$0], texts[$1]) > (memsize[$1], objects[$1], texts[$0])
            }
            var slots = [Int32](repeating: -1, count: objects.count)
            for (rank, group) in ranked.enumerated() {
                let leakGroup = HeapLeakGroup(
                    grouping: grouping, key: texts[group], rank: rank + 1, objects: objects[group],
                    memsize: memsize[group], counts: counts.map { group < $0[g].count ? $0[g][group] : 0 },
                    gem: grouping == .site ? leak.gems[Int32(group)] : nil)
                if rank < top {
                    slots[group] = Int32(ranking.slotGroup.count)
                    ranking.slotGroup.append(ranking.groups.count)
                }
                ranking.groups.append(leakGroup)
            }
            ranking.slotOf.append(slots)
        }
        return ranking
    }

    /// The slots of the top groups each node of the last snapshot belongs to (by the identity of its object), and
    /// those nodes' memsize.
    private static func nodeSlots(_ leak: Leak, ranking: Ranking, identities: [Int]) -> (
        [Int32: [Int32]], [Int32: Int]
    ) {
        var slotsByIdentity: [Int: [Int32]] = [:]
        var memsizeByIdentity: [Int: Int] = [:]
        for (i, identity) in leak.identities.enumerated() {
            memsizeByIdentity[identity] = leak.memsizes[i]
            for g in 0..<groupingCount {
                let group = Int(leak.groups[g][i])
                if group < ranking.slotOf[g].count, ranking.slotOf[g][group] >= 0 {
                    slotsByIdentity[identity, default: []].append(ranking.slotOf[g][group])
                }
            }
        }
        var nodeSlots: [Int32: [Int32]] = [:]
        var nodeMemsize: [Int32: Int] = [:]
        if !slotsByIdentity.isEmpty {
            for (node, identity) in identities.enumerated() {
                if let slots = slotsByIdentity[identity] {
                    nodeSlots[Int32(node)] = slots
                    nodeMemsize[Int32(node)] = memsizeByIdentity[identity]
                }
            }
        }
        return (nodeSlots, nodeMemsize)
    }

    /// The last snapshot's references and roots made the graph's edges (searched from the roots), noting on the
    /// way the direct referrers of the top groups' objects. The references in `last` are released.
    private func linkReferences(
        _ db: Database, _ last: inout LastSnapshot, nodeSlots: [Int32: [Int32]]
    ) throws -> Holders {
        var holders = Holders(graph: last.graph)
        var from: [Int32] = []
        var to: [Int32] = []
        from.reserveCapacity(last.from.count)
        to.reserveCapacity(last.from.count)
        let graph = holders.graph
        for (f, t) in zip(last.from, last.to) {
            guard let ti = graph.index(of: t) else { continue }
            // A duplicated address keeps its first object, for the referrer as for the referenced.
            let fi = graph.hasDuplicates ? (graph.index(of: graph.addresses[Int(f)]) ?? f) : f
            from.append(fi)
            to.append(ti)
            if let slots = nodeSlots[ti] {
                let fromSlots = nodeSlots[fi] ?? []
                for slot in slots where !fromSlots.contains(slot) { holders.objects.append((slot, fi, ti)) }
            }
        }
        last.from = []
        last.to = []
        holders.graph.setEdges(from: from, to: to)
        from = []
        to = []
        let lastID = (later.last ?? target).id
        let roots = try Row.fetchAll(
            db, sql: "SELECT root, address FROM heap_roots WHERE snapshot_id = ? ORDER BY rowid", arguments: [lastID]
        ).map { (name: $0["root"] as String, address: $0["address"] as Int64) }
        for root in roots {
            guard let node = holders.graph.index(of: root.address), let slots = nodeSlots[node] else { continue }
            for slot in slots { holders.roots.append((slot, root.name, node)) }
        }
        holders.graph.search(roots: roots)
        return holders
    }

    /// Per slot, the node its retention path is shown through: the biggest of its objects a root reaches (the
    /// bytes are what the path should explain: a 700 KB string's holder, not a small one's on the stack), then the
    /// one closest to a root, then the lowest node number; slots no root reaches have none.
    private static func pathNodes(_ nodeSlots: [Int32: [Int32]], memsize: [Int32: Int], graph: HeapGraph)
        -> [Int32: Int32]
    {
        var best: [Int32: Int32] = [:]
        func rank(_ node: Int32) -> (Int, Int32, Int32) { (memsize[node] ?? 0, -graph.depth[Int(node)], -node) }
        for (node, slots) in nodeSlots {
            guard graph.depth[Int(node)] >= 0 else { continue }
            for slot in slots where best[slot].map({ rank(node) > rank($0) }) ?? true { best[slot] = node }
        }
        return best
    }

    /// Each top group's retention path, through its object closest to a root.
    private static func addPaths(
        to ranking: inout Ranking, closest: [Int32: Int32], graph: HeapGraph, details: inout HeapNodeDetails
    ) {
        for (slot, groupIndex) in ranking.slotGroup.enumerated() {
            guard let node = closest[Int32(slot)], let path = graph.path(to: node) else { continue }
            ranking.groups[groupIndex].sampleAddress = graph.addresses[Int(node)]
            ranking.groups[groupIndex].retentionPath = details.describe(path)
        }
    }

    /// Each top group's retainers by class and site, most objects held first.
    private static func addRetainers(to ranking: inout Ranking, _ holders: Holders, details: inout HeapNodeDetails) {
        // Retainers by (slot, class and site); each entry's sets grow in place (no copy per holder).
        var entryIndex: [Int32: [String: Int]] = [:]
        var entries: [(slot: Int32, retainer: String, site: String?, from: Set<Int32>, held: Set<Int32>)] = []
        func entry(_ slot: Int32, _ key: String, _ retainer: String, _ site: String?) -> Int {
            if let known = entryIndex[slot]?[key] { return known }
            entries.append((slot, retainer, site, [], []))
            entryIndex[slot, default: [:]][key] = entries.count - 1
            return entries.count - 1
        }
        for holder in holders.objects {
            let who = details.node(holder.holder)
            let e = entry(holder.slot, who.label + "\u{1F}" + (who.site ?? ""), who.label, who.site)
            entries[e].from.insert(holder.holder)
            entries[e].held.insert(holder.held)
        }
        for holder in holders.roots {
            let key = "ROOT " + holder.root
            let e = entry(holder.slot, key, key, nil)
            entries[e].from.insert(-1)
            entries[e].held.insert(holder.held)
        }
        for (slot, byKey) in entryIndex {
            ranking.groups[ranking.slotGroup[Int(slot)]].retainers = byKey.values
                .map { entries[$0] }
                .map {
                    HeapRetainer(retainer: $0.retainer, site: $0.site, retainers: $0.from.count, held: $0.held.count)
                }
                .sorted { ($0.held, $0.retainers, $1.retainer) > ($1.held, $1.retainers, $0.retainer) }
        }
    }

    /// One pass over a snapshot: its (address, identity) index and group counts; `last` collects the graph.
    private func scanSets(
        _ db: Database, _ keys: inout HeapGroupKeys, _ snapshot: HeapSnapshotInfo,
        last: inout LastSnapshot, isLast: Bool
    ) throws -> Sets {
        var sets = Sets()
        sets.objects = HeapSnapshotIndex(capacity: snapshot.objects)
        let classes = try keys.classNames(db, snapshot: snapshot.id)
        if isLast {
            last.classes = classes
            last.facts.reserve(snapshot.objects)
            last.graph.reserve(snapshot.objects)
            last.identities.reserveCapacity(snapshot.objects)
        }
        try HeapObjectRow.scan(db, snapshot: snapshot.id, details: isLast) { row in
            let (identity, groups) = Self.identify(row, &keys, classes)
            sets.objects.append(address: row.address, identity: Int64(identity))
            for g in 0..<Self.groupingCount { Self.bump(&sets.counts[g], groups[g]) }
            if isLast { Self.addNode(row, identity: identity, to: &last, &keys) }
        }
        sets.objects.finish()
        return sets
    }

    /// The row's node, the facts that name it, and its references.
    private static func addNode(
        _ row: HeapObjectRow, identity: Int, to last: inout LastSnapshot, _ keys: inout HeapGroupKeys
    ) {
        let node = Int32(last.graph.count)
        last.graph.addNode(address: row.address)
        last.identities.append(identity)
        let type = keys.typeIndex(row.type)
        last.facts.types.append(type)
        last.facts.classAddresses.append(row.classAddress ?? HeapNodeDetails.Facts.noClass)
        last.facts.siteIDs.append(row.siteID.map { Int32(truncatingIfNeeded: $0) } ?? -1)
        if let name = row.name {
            let typeName = keys.typeNames[Int(type)]
            if typeName == "CLASS" || typeName == "MODULE" {
                last.facts.names[node] = String(decoding: name, as: UTF8.self)
            }
        }
        row.forEachReference { address in
            last.from.append(node)
            last.to.append(address)
        }
    }

    /// The row's identity (address, type, class, allocation site and generation: two rows of different
    /// snapshots with the same identity are taken to be the same object) and its group in each grouping.
    private static func identify(
        _ row: HeapObjectRow, _ keys: inout HeapGroupKeys, _ classes: HeapClassNames
    ) -> (Int, SIMD4<Int32>) {
        let type = keys.typeIndex(row.type)
        let classAddress = row.classAddress
        let siteID = row.siteID
        let site = keys.siteGroup(siteID)
        let groups = SIMD4<Int32>(
            site, keys.classGroup(type: type, classAddress: classAddress, classes: classes), keys.typeGroup(type),
            keys.gemGroup(siteID))
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        h = mix(h, UInt64(bitPattern: row.address))
        h = mix(h, keys.typeHashes[Int(type)])
        h = mix(h, classAddress.map { UInt64(bitPattern: $0) } ?? 0xC1A5_5000_0000_0000)
        h = mix(h, UInt64(UInt32(bitPattern: site)))
        h = mix(h, row.generation.map { UInt64(bitPattern: $0) } ?? 0x6E4E_0000_0000_0001)
        return (Int(bitPattern: UInt(finish(h))), groups)
    }

    @inline(__always) private static func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
        var x = (h ^ v) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 31
        return x
    }

    /// splitmix64's finalizer.
    @inline(__always) private static func finish(_ h: UInt64) -> UInt64 {
        var z = h
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always) private static func bump(_ counts: inout [Int], _ group: Int32, by n: Int = 1) {
        let i = Int(group)
        if i >= counts.count { counts += Array(repeating: 0, count: i + 1 - counts.count) }
        counts[i] += n
    }

    private func notes(reused: Int, unreachable: Int) -> [String] {
        var notes: [String] = []
        if base != nil, later.isEmpty {
            notes.append(
                "With two snapshots, new objects include short-lived ones that a later GC may free; "
                    + "add a LATER snapshot to keep only the survivors.")
        }
        if reused > 0 {
            notes.append(
                "\(reused) object(s) of \(target.label) sit at an address that held a different object in "
                    + "\(base?.label ?? "BASE") (address reuse after GC, or GC.compact moved objects); they are "
                    + "counted as new, not as survivors, and a moved survivor would look new too.")
        }
        let all = [target] + (base.map { [$0] } ?? []) + later
        for snapshot in all where snapshot.traced == 0 && snapshot.objects > 0 {
            notes.append(
                "\(snapshot.label) has no allocation sites (ObjectSpace.trace_object_allocations was off): objects "
                    + "are matched by address, type and class only, so a reused address of the same class looks "
                    + "like a survivor.")
        }
        if unreachable > 0 {
            notes.append(
                "\(unreachable) top group(s) have no path from a GC root in \((later.last ?? target).label) "
                    + "(the dump's references do not reach them).")
        }
        return notes
    }
}
