import GRDB

/// Names the objects on retention paths and among retainers, reading each one's row once.
struct HeapNodeDetails {
    struct Node {
        /// `ReportCache (module)`, `Hash`, `(anonymous class 0x…)`.
        var label: String
        /// `app/web.rb:17`, when traced.
        var site: String?
    }

    private let db: Database
    private let graph: HeapGraph
    private var cache: [Int32: Node] = [:]

    init(db: Database, graph: HeapGraph) {
        self.db = db
        self.graph = graph
    }

    mutating func node(_ index: Int32) throws -> Node {
        if let known = cache[index] { return known }
        let row = try Row.fetchOne(
            db, sql: "SELECT type, class_address, class_name, name, file, line_no FROM heap_objects WHERE id = ?",
            arguments: [graph.rowIDs[Int(index)]])
        let type: String = row?["type"] ?? "?"
        let name: String? = row?["name"]
        let className: String? = row?["class_name"]
        let classAddress: Int64? = row?["class_address"]
        let file: String? = row?["file"]
        let lineNo: Int? = row?["line_no"]
        let label: String
        switch type {
        case "CLASS", "MODULE":
            let kind = type == "CLASS" ? "class" : "module"
            if let name {
                label = "\(name) (\(kind))"
            } else {
                label = "(anonymous \(kind) 0x\(String(UInt64(bitPattern: graph.addresses[Int(index)]), radix: 16)))"
            }
        case "IMEMO", "ICLASS":
            label = type
        default:
            if let className {
                label = className
            } else if let classAddress {
                label = "(anonymous class 0x\(String(UInt64(bitPattern: classAddress), radix: 16)))"
            } else {
                label = type
            }
        }
        let node = Node(label: label, site: file.map { "\($0):\(lineNo.map(String.init) ?? "?")" })
        cache[index] = node
        return node
    }

    /// `ROOT vm → ReportCache (module) → Array → Hash → String @ app/web.rb:17`
    mutating func describe(_ path: (root: String, nodes: [Int32])) throws -> String {
        var parts = ["ROOT \(path.root)"]
        for (i, index) in path.nodes.enumerated() {
            let node = try node(index)
            if i == path.nodes.count - 1, let site = node.site {
                parts.append("\(node.label) @ \(site)")
            } else {
                parts.append(node.label)
            }
        }
        return parts.joined(separator: " → ")
    }
}
