/// The reference graph of one heap snapshot in memory, for shortest retention paths.
///
/// Nodes are the snapshot's objects (by index); edges are kept as compressed adjacency arrays
/// (`offsets`/`targets`), 8 bytes per edge. One breadth-first search from every GC root at once
/// gives each object its shortest path from some root.
struct HeapGraph {
    /// Node index → object address.
    private(set) var addresses: [Int64] = []
    private var indexByAddress = HeapAddressIndex()
    /// Whether two nodes share an address (the first one then stands for both).
    private(set) var hasDuplicates = false
    private var offsets: [Int32] = []
    private var targets: [Int32] = []
    /// Root names (`vm`, `global_tbl`…) in the order the dump listed them.
    private(set) var rootNames: [String] = []
    /// The BFS tree: the node's predecessor, `-2 - rootIndex` for a node a root references, -1 when unreached.
    private(set) var parent: [Int32] = []
    private(set) var depth: [Int32] = []

    var count: Int { addresses.count }

    /// Makes room for `n` nodes.
    mutating func reserve(_ n: Int) {
        addresses.reserveCapacity(n)
        indexByAddress = HeapAddressIndex(capacity: n)
    }

    mutating func addNode(address: Int64) {
        let index = Int32(addresses.count)
        addresses.append(address)
        // A moved or duplicated address keeps its first object.
        if !indexByAddress.insertFirst(address, index) { hasDuplicates = true }
    }

    func index(of address: Int64) -> Int32? { indexByAddress[address] }

    /// Builds the adjacency arrays from (from, to) node pairs; edges to unknown objects are dropped by the caller.
    mutating func setEdges(from: [Int32], to: [Int32]) {
        let n = addresses.count
        var offsets = [Int32](repeating: 0, count: n + 1)
        for f in from { offsets[Int(f) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var targets = [Int32](repeating: 0, count: from.count)
        for (f, t) in zip(from, to) {
            targets[Int(fill[Int(f)])] = t
            fill[Int(f)] += 1
        }
        self.offsets = offsets
        self.targets = targets
    }

    /// Roots whose references say little of who holds an object: the C stack, scanned conservatively, references
    /// whatever a word on it happens to point at (a local of the running method). Paths start from them only for
    /// objects no other root reaches.
    static let lastResortRoots: Set<String> = ["machine_context"]

    /// Breadth-first search from the roots, in the order given, those in `lastResortRoots` after every other has
    /// been searched: `parent` and `depth` for every node.
    mutating func search(roots: [(name: String, address: Int64)]) {
        let n = addresses.count
        parent = [Int32](repeating: -1, count: n)
        depth = [Int32](repeating: -1, count: n)
        var queue: [Int32] = []
        queue.reserveCapacity(n)
        var rootIndex: [String: Int32] = [:]
        var head = 0
        for lastResort in [false, true] {
            for root in roots where Self.lastResortRoots.contains(root.name) == lastResort {
                guard let node = indexByAddress[root.address], parent[Int(node)] == -1 else { continue }
                let r: Int32
                if let known = rootIndex[root.name] {
                    r = known
                } else {
                    r = Int32(rootNames.count)
                    rootNames.append(root.name)
                    rootIndex[root.name] = r
                }
                parent[Int(node)] = -2 - r
                depth[Int(node)] = 0
                queue.append(node)
            }
            while head < queue.count {
                let node = Int(queue[head])
                head += 1
                let d = depth[node] + 1
                for e in Int(offsets[node])..<Int(offsets[node + 1]) {
                    let next = Int(targets[e])
                    if parent[next] == -1 {
                        parent[next] = Int32(node)
                        depth[next] = d
                        queue.append(Int32(next))
                    }
                }
            }
        }
    }

    /// The root's name and the nodes from the root-referenced object down to `node`; nil when unreachable.
    func path(to node: Int32) -> (root: String, nodes: [Int32])? {
        guard parent[Int(node)] != -1 else { return nil }
        var nodes: [Int32] = [node]
        var current = node
        while parent[Int(current)] >= 0 {
            current = parent[Int(current)]
            nodes.append(current)
        }
        let root = rootNames[Int(-2 - parent[Int(current)])]
        return (root, nodes.reversed())
    }
}
