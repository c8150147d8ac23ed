import GRDB
import GRDBSQLite

/// The three-snapshot leak diff: which objects of TARGET are new since BASE and survive in every LATER,
/// how they group, and (in the last snapshot's reference graph) who holds them.
///
/// Objects are matched by identity (`HeapRowView.identity`) held as hashes in sets, one pass over each
/// snapshot's rows; the last snapshot's references are loaded once into `HeapGraph` for the paths.
struct HeapDiffComputation {
    let base: HeapSnapshotInfo?
    let target: HeapSnapshotInfo
    let later: [HeapSnapshotInfo]
    /// Groups per grouping that get a retention path and retainers.
    let top: Int

    /// A snapshot reduced to what matching needs.
    private struct Sets {
        var identities = Set<Int>()
        var addresses = Set<Int64>()
        var counts: [[Int: Int]] = Array(repeating: [:], count: HeapGrouping.allCases.count)
    }

    /// A group while it is being filled.
    private struct Bucket {
        var key: String
        var objects = 0
        var memsize = 0
        var gem: String?
        var slot: Int32 = -1
    }

    func run(_ db: Database) throws -> HeapDiffReport {
        let groupings = HeapGrouping.allCases
        let last = later.last ?? target

        // 1. BASE and the LATER snapshots as sets; the last one also as graph nodes.
        let baseSets = try base.map { try scanSets(db, $0, addresses: true, each: nil) }
        var graph = HeapGraph()
        var nodeIdentity: [Int] = []
        var laterSets: [Sets] = []
        for snapshot in later {
            let addNode: (HeapRowView, Int) -> Void = { row, identity in
                graph.addNode(address: row.address, rowID: row.id)
                nodeIdentity.append(identity)
            }
            laterSets.append(try scanSets(db, snapshot, addresses: false, each: snapshot.id == last.id ? addNode : nil))
        }

        // 2. TARGET: leaked objects and their groups.
        var buckets: [[Int: Bucket]] = Array(repeating: [:], count: groupings.count)
        var targetCounts: [[Int: Int]] = Array(repeating: [:], count: groupings.count)
        var leakedIdentities: [Int] = []
        var leakedKeys: [[Int]] = Array(repeating: [], count: groupings.count)
        var leakedMemsize = 0
        var reused = 0
        let targetIsLast = later.isEmpty
        var keys = [Int](repeating: 0, count: groupings.count)  // reused: no allocation per row
        try MemlineDatabase.scanHeapObjects(db, snapshot: target.id) { row in
            let identity = row.identity
            if targetIsLast {
                graph.addNode(address: row.address, rowID: row.id)
                nodeIdentity.append(identity)
            }
            for (g, grouping) in groupings.enumerated() {
                keys[g] = row.key(grouping)
                targetCounts[g][keys[g], default: 0] += 1
            }
            if let baseSets {
                if baseSets.identities.contains(identity) { return }
                if baseSets.addresses.contains(row.address) { reused += 1 }
            }
            for sets in laterSets where !sets.identities.contains(identity) { return }
            leakedIdentities.append(identity)
            let memsize = Int(row.memsize)
            leakedMemsize += memsize
            for (g, grouping) in groupings.enumerated() {
                leakedKeys[g].append(keys[g])
                if buckets[g][keys[g]] == nil {
                    var bucket = Bucket(key: row.display(grouping))
                    if grouping == .site { bucket.gem = HeapRowView.string(row.gem) }
                    buckets[g][keys[g]] = bucket
                }
                buckets[g][keys[g]]?.objects += 1
                buckets[g][keys[g]]?.memsize += memsize
            }
        }

        // 3. Rank each grouping; the top groups get a slot for paths and retainers.
        let allCounts: [[[Int: Int]]] =
            (baseSets.map { [$0.counts] } ?? []) + [targetCounts] + laterSets.map(\.counts)
        var groups: [HeapLeakGroup] = []
        var slotGroup: [Int] = []  // slot → index in `groups`
        for (g, grouping) in groupings.enumerated() {
            let ranked = buckets[g].sorted {
                ($0.value.memsize, $0.value.objects, $1.value.key) > ($1.value.memsize, $1.value.objects, $0.value.key)
            }
            for (rank, entry) in ranked.enumerated() {
                let group = HeapLeakGroup(
                    grouping: grouping, key: entry.value.key, rank: rank + 1, objects: entry.value.objects,
                    memsize: entry.value.memsize, counts: allCounts.map { $0[g][entry.key] ?? 0 }, gem: entry.value.gem)
                if rank < top {
                    buckets[g][entry.key]?.slot = Int32(slotGroup.count)
                    slotGroup.append(groups.count)
                }
                groups.append(group)
            }
        }

        // 4. Which nodes of the last snapshot belong to which top groups.
        var slotsByIdentity: [Int: [Int32]] = [:]
        for (i, identity) in leakedIdentities.enumerated() {
            for g in groupings.indices {
                if let slot = buckets[g][leakedKeys[g][i]]?.slot, slot >= 0 {
                    slotsByIdentity[identity, default: []].append(slot)
                }
            }
        }
        var nodeSlots: [Int32: [Int32]] = [:]
        for (node, identity) in nodeIdentity.enumerated() {
            if let slots = slotsByIdentity[identity] { nodeSlots[Int32(node)] = slots }
        }

        // 5. The last snapshot's references and roots; direct referrers of group members on the way.
        var from: [Int32] = []
        var to: [Int32] = []
        var holders: [(slot: Int32, holder: Int32, held: Int32)] = []
        try MemlineDatabase.scanHeapRefs(db, snapshot: last.id) { f, t in
            guard let fi = graph.index(of: f), let ti = graph.index(of: t) else { return }
            from.append(fi)
            to.append(ti)
            if let slots = nodeSlots[ti] {
                let fromSlots = nodeSlots[fi] ?? []
                for slot in slots where !fromSlots.contains(slot) { holders.append((slot, fi, ti)) }
            }
        }
        graph.setEdges(from: from, to: to)
        from = []
        to = []
        let roots = try Row.fetchAll(
            db, sql: "SELECT root, address FROM heap_roots WHERE snapshot_id = ? ORDER BY rowid", arguments: [last.id]
        ).map { (name: $0["root"] as String, address: $0["address"] as Int64) }
        var rootHolders: [(slot: Int32, root: String, held: Int32)] = []
        for root in roots {
            guard let node = graph.index(of: root.address), let slots = nodeSlots[node] else { continue }
            for slot in slots { rootHolders.append((slot, root.name, node)) }
        }
        graph.search(roots: roots)

        // 6. Paths and retainers of the top groups.
        var details = HeapNodeDetails(db: db, graph: graph)
        var best: [Int32: Int32] = [:]  // slot → node closest to a root
        for (node, slots) in nodeSlots {
            let d = graph.depth[Int(node)]
            guard d >= 0 else { continue }
            for slot in slots {
                if let current = best[slot] {
                    let cd = graph.depth[Int(current)]
                    if d < cd || (d == cd && node < current) { best[slot] = node }
                } else {
                    best[slot] = node
                }
            }
        }
        for (slot, groupIndex) in slotGroup.enumerated() {
            guard let node = best[Int32(slot)], let path = graph.path(to: node) else { continue }
            groups[groupIndex].sampleAddress = graph.addresses[Int(node)]
            groups[groupIndex].retentionPath = try details.describe(path)
        }
        var retainerSets: [Int32: [String: (retainer: String, site: String?, from: Set<Int32>, held: Set<Int32>)]] =
            [:]
        for holder in holders {
            let who = try details.node(holder.holder)
            let key = who.label + "\u{1F}" + (who.site ?? "")
            var entry = retainerSets[holder.slot, default: [:]][key] ?? (who.label, who.site, [], [])
            entry.from.insert(holder.holder)
            entry.held.insert(holder.held)
            retainerSets[holder.slot, default: [:]][key] = entry
        }
        for holder in rootHolders {
            let key = "ROOT " + holder.root
            var entry = retainerSets[holder.slot, default: [:]][key] ?? (key, nil, [], [])
            entry.from.insert(-1)
            entry.held.insert(holder.held)
            retainerSets[holder.slot, default: [:]][key] = entry
        }
        for (slot, entries) in retainerSets {
            groups[slotGroup[Int(slot)]].retainers = entries.values
                .map {
                    HeapRetainer(retainer: $0.retainer, site: $0.site, retainers: $0.from.count, held: $0.held.count)
                }
                .sorted { ($0.held, $0.retainers, $1.retainer) > ($1.held, $1.retainers, $0.retainer) }
        }

        return HeapDiffReport(
            base: base, target: target, later: later, leakedObjects: leakedIdentities.count,
            leakedMemsize: leakedMemsize, groups: groups,
            notes: notes(reused: reused, unreachable: slotGroup.indices.filter { best[Int32($0)] == nil }.count))
    }

    /// One pass over a snapshot: identities, addresses (for BASE), group counts; `each` sees every row.
    private func scanSets(
        _ db: Database, _ snapshot: HeapSnapshotInfo, addresses: Bool, each: ((HeapRowView, Int) -> Void)?
    ) throws -> Sets {
        var sets = Sets()
        sets.identities.reserveCapacity(snapshot.objects)
        let groupings = HeapGrouping.allCases
        try MemlineDatabase.scanHeapObjects(db, snapshot: snapshot.id) { row in
            let identity = row.identity
            sets.identities.insert(identity)
            if addresses { sets.addresses.insert(row.address) }
            for (g, grouping) in groupings.enumerated() { sets.counts[g][row.key(grouping), default: 0] += 1 }
            each?(row, identity)
        }
        return sets
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
