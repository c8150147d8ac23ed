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

    func run(_ db: Database) throws -> HeapDiffReport {
        var keys = try HeapGroupKeys(db: db)
        let last = later.last ?? target
        var lastSnapshot = LastSnapshot()

        // 1. BASE and the LATER snapshots as sets; the last one also as graph nodes.
        let baseSets = try base.map { try scanSets(db, &keys, $0, last: &lastSnapshot, isLast: false) }
        var laterSets: [Sets] = []
        for snapshot in later {
            laterSets.append(
                try scanSets(db, &keys, snapshot, last: &lastSnapshot, isLast: snapshot.id == last.id))
        }

        // 2. TARGET: leaked objects and their groups.
        var bucketObjects: [[Int]] = Array(repeating: [], count: Self.groupingCount)
        var bucketMemsize: [[Int]] = Array(repeating: [], count: Self.groupingCount)
        var bucketGem: [Int32: String] = [:]
        var leakedIdentities: [Int] = []
        var leakedGroups: [[Int32]] = Array(repeating: [], count: Self.groupingCount)
        var leakedMemsize = 0
        var reused = 0
        var targetSets = Sets()
        var baseCursor = baseSets.map { HeapSnapshotIndex.Cursor($0.objects) }
        var laterCursors = laterSets.map { HeapSnapshotIndex.Cursor($0.objects) }
        let targetClasses = try keys.classNames(db, snapshot: target.id)
        if later.isEmpty { lastSnapshot.classes = targetClasses }
        try HeapObjectRow.scan(db, snapshot: target.id, details: later.isEmpty) { row in
            let (identity, groups) = Self.identify(row, &keys, targetClasses)
            if later.isEmpty { Self.addNode(row, identity: identity, to: &lastSnapshot, &keys) }
            for g in 0..<Self.groupingCount { Self.bump(&targetSets.counts[g], groups[g]) }
            if baseCursor != nil {
                let found = baseCursor?.find(address: row.address, identity: Int64(identity))
                if found?.identity == true { return }
                if found?.address == true { reused += 1 }
            }
            for k in laterCursors.indices
            where !laterCursors[k].find(address: row.address, identity: Int64(identity)).identity {
                return
            }
            leakedIdentities.append(identity)
            let memsize = Int(row.memsize)
            leakedMemsize += memsize
            for g in 0..<Self.groupingCount {
                leakedGroups[g].append(groups[g])
                Self.bump(&bucketObjects[g], groups[g])
                Self.bump(&bucketMemsize[g], groups[g], by: memsize)
            }
            if bucketGem[groups[HeapGroupKeys.site]] == nil, let gem = keys.siteGem(row.siteID) {
                bucketGem[groups[HeapGroupKeys.site]] = gem
            }
        }

        // 3. Rank each grouping; the top groups get a slot for paths and retainers.
        let allCounts: [[[Int]]] = (baseSets.map { [$0.counts] } ?? []) + [targetSets.counts] + laterSets.map(\.counts)
        var groups: [HeapLeakGroup] = []
        var slotGroup: [Int] = []  // slot → index in `groups`
        var slotOf: [[Int32]] = []  // grouping → group → slot (-1: none)
        for (g, grouping) in HeapGrouping.allCases.enumerated() {
            let texts = keys.displays[g]
            let present = bucketObjects[g].indices.filter { bucketObjects[g][$0] > 0 }
            let ranked = present.sorted {
                (bucketMemsize[g][$0], bucketObjects[g][$0], texts[$1])
                    > (bucketMemsize[g][$1], bucketObjects[g][$1], texts[$0])
            }
            var slots = [Int32](repeating: -1, count: bucketObjects[g].count)
            for (rank, group) in ranked.enumerated() {
                let leakGroup = HeapLeakGroup(
                    grouping: grouping, key: texts[group], rank: rank + 1, objects: bucketObjects[g][group],
                    memsize: bucketMemsize[g][group],
                    counts: allCounts.map { group < $0[g].count ? $0[g][group] : 0 },
                    gem: grouping == .site ? bucketGem[Int32(group)] : nil)
                if rank < top {
                    slots[group] = Int32(slotGroup.count)
                    slotGroup.append(groups.count)
                }
                groups.append(leakGroup)
            }
            slotOf.append(slots)
        }

        // 4. Which nodes of the last snapshot belong to which top groups.
        var slotsByIdentity: [Int: [Int32]] = [:]
        for (i, identity) in leakedIdentities.enumerated() {
            for g in 0..<Self.groupingCount {
                let group = Int(leakedGroups[g][i])
                if group < slotOf[g].count, slotOf[g][group] >= 0 {
                    slotsByIdentity[identity, default: []].append(slotOf[g][group])
                }
            }
        }
        leakedGroups = []
        var nodeSlots: [Int32: [Int32]] = [:]
        if !slotsByIdentity.isEmpty {
            for (node, identity) in lastSnapshot.identities.enumerated() {
                if let slots = slotsByIdentity[identity] { nodeSlots[Int32(node)] = slots }
            }
        }

        // 5. The last snapshot's references and roots; direct referrers of group members on the way.
        var graph = lastSnapshot.graph
        var from: [Int32] = []
        var to: [Int32] = []
        from.reserveCapacity(lastSnapshot.from.count)
        to.reserveCapacity(lastSnapshot.from.count)
        var holders: [(slot: Int32, holder: Int32, held: Int32)] = []
        for (f, t) in zip(lastSnapshot.from, lastSnapshot.to) {
            guard let ti = graph.index(of: t) else { continue }
            // A duplicated address keeps its first object, for the referrer as for the referenced.
            let fi = graph.hasDuplicates ? (graph.index(of: graph.addresses[Int(f)]) ?? f) : f
            from.append(fi)
            to.append(ti)
            if let slots = nodeSlots[ti] {
                let fromSlots = nodeSlots[fi] ?? []
                for slot in slots where !fromSlots.contains(slot) { holders.append((slot, fi, ti)) }
            }
        }
        lastSnapshot.from = []
        lastSnapshot.to = []
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
        var details = HeapNodeDetails(
            graph: graph, facts: lastSnapshot.facts, keys: keys, classes: lastSnapshot.classes)
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
            groups[groupIndex].retentionPath = details.describe(path)
        }
        // Retainers by (slot, class and site); each entry's sets grow in place (no copy per holder).
        var entryIndex: [Int32: [String: Int]] = [:]
        var entries: [(slot: Int32, retainer: String, site: String?, from: Set<Int32>, held: Set<Int32>)] = []
        func entry(_ slot: Int32, _ key: String, _ retainer: String, _ site: String?) -> Int {
            if let known = entryIndex[slot]?[key] { return known }
            entries.append((slot, retainer, site, [], []))
            entryIndex[slot, default: [:]][key] = entries.count - 1
            return entries.count - 1
        }
        for holder in holders {
            let who = details.node(holder.holder)
            let e = entry(holder.slot, who.label + "\u{1F}" + (who.site ?? ""), who.label, who.site)
            entries[e].from.insert(holder.holder)
            entries[e].held.insert(holder.held)
        }
        for holder in rootHolders {
            let key = "ROOT " + holder.root
            let e = entry(holder.slot, key, key, nil)
            entries[e].from.insert(-1)
            entries[e].held.insert(holder.held)
        }
        for (slot, byKey) in entryIndex {
            groups[slotGroup[Int(slot)]].retainers = byKey.values
                .map { entries[$0] }
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
