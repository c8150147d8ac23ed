/// Names the objects of the graph's snapshot on retention paths and among retainers.
///
/// Works from what the scan of that snapshot kept per node (type, class, site, and the names of class
/// records), so naming thousands of retainers needs no query.
struct HeapNodeDetails {
    struct Node {
        /// `ReportCache (module)`, `Hash`, `(anonymous class 0x…)`.
        var label: String
        /// `app/web.rb:17`, when traced.
        var site: String?
    }

    /// Per node of the graph, in node order.
    struct Facts {
        var types: [Int32] = []
        /// `noClass` for none.
        var classAddresses: [Int64] = []
        /// -1 for none.
        var siteIDs: [Int32] = []
        /// The constant names of CLASS and MODULE nodes.
        var names: [Int32: String] = [:]

        static let noClass = Int64.min

        mutating func reserve(_ n: Int) {
            types.reserveCapacity(n)
            classAddresses.reserveCapacity(n)
            siteIDs.reserveCapacity(n)
        }
    }

    private let graph: HeapGraph
    private let facts: Facts
    private let keys: HeapGroupKeys
    private let classes: HeapClassNames
    private var cache: [Int32: Node] = [:]

    init(graph: HeapGraph, facts: Facts, keys: HeapGroupKeys, classes: HeapClassNames) {
        self.graph = graph
        self.facts = facts
        self.keys = keys
        self.classes = classes
    }

    mutating func node(_ index: Int32) -> Node {
        if let known = cache[index] { return known }
        let i = Int(index)
        let type = keys.typeNames[Int(facts.types[i])]
        let label: String
        switch type {
        case "CLASS", "MODULE":
            let kind = type == "CLASS" ? "class" : "module"
            if let name = facts.names[index] {
                label = "\(name) (\(kind))"
            } else {
                label = HeapGroupKeys.anonymousClass(graph.addresses[i], kind: kind)
            }
        case "IMEMO", "ICLASS":
            label = type
        default:
            let classAddress = facts.classAddresses[i]
            if classAddress != Facts.noClass {
                label = classes.names[classAddress] ?? HeapGroupKeys.anonymousClass(classAddress)
            } else {
                label = type
            }
        }
        let site = facts.siteIDs[i] >= 0 ? keys.siteText(Int64(facts.siteIDs[i])) : nil
        let node = Node(label: label, site: site)
        cache[index] = node
        return node
    }

    /// `ROOT vm → ReportCache (module) → Array → Hash → String @ app/web.rb:17`
    mutating func describe(_ path: (root: String, nodes: [Int32])) -> String {
        var parts = ["ROOT \(path.root)"]
        for (i, index) in path.nodes.enumerated() {
            let node = node(index)
            if i == path.nodes.count - 1, let site = node.site {
                parts.append("\(node.label) @ \(site)")
            } else {
                parts.append(node.label)
            }
        }
        return parts.joined(separator: " → ")
    }
}
