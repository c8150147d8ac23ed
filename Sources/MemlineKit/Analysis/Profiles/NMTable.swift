import Foundation

/// A file's function symbols by address, from `nm`, for offsets addr2line cannot name.
///
/// Like jeprof's `MapSymbolsWithNM`: `nm -C -n --defined-only` (the static symbol table), or the
/// dynamic table (`-D`) when a stripped library has none; an offset is named by the nearest symbol
/// at or before it (a routine is taken to end where the next one starts, as jeprof does).
struct NMTable {
    private var starts: [Int64] = []
    private var ends: [Int64] = []
    private var names: [String] = []

    static func load(file: String, nm: String) throws -> NMTable {
        var table = NMTable()
        let output = try SymbolTool.run(nm, ["-C", "-n", "--defined-only", file], file: file, tool: "nm")
        table.read(output)
        if table.names.isEmpty {
            let dynamic = try SymbolTool.run(nm, ["-C", "-n", "-D", "--defined-only", file], file: file, tool: "nm")
            table.read(dynamic)
        }
        return table
    }

    /// Reads `0000000000001169 T cache_insert`.
    mutating func read(_ output: String) {
        var rows: [(Int64, String)] = []
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard fields.count == 3, let start = UInt64(fields[0], radix: 16), fields[1].count == 1,
                "tTwWiI".contains(fields[1])
            else { continue }
            rows.append((Int64(bitPattern: start), String(fields[2])))
        }
        rows.sort { $0.0 < $1.0 }
        // Aliases share an address: keep the first name.
        rows = rows.enumerated().filter { $0.offset == 0 || rows[$0.offset - 1].0 != $0.element.0 }.map(\.element)
        for (i, row) in rows.enumerated() {
            let next = i + 1 < rows.count ? rows[i + 1].0 : Int64.max
            starts.append(row.0)
            ends.append(next)
            names.append(row.1)
        }
    }

    func lookup(_ offset: Int64) -> String? {
        var lo = 0
        var hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= offset { lo = mid + 1 } else { hi = mid }
        }
        let i = lo - 1
        guard i >= 0, offset < ends[i] else { return nil }
        return names[i]
    }
}
