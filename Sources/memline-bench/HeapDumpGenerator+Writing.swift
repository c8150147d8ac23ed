import Foundation

extension HeapDumpGenerator {
    /// Writes snapshot `index` (0, 1, 2) as `ObjectSpace.dump_all` JSON lines.
    /// - Returns: the objects written (ROOT lines not counted) and the file's size in bytes.
    func write(snapshot index: Int, to path: String) throws -> (objects: Int, bytes: Int64) {
        let out = try ByteWriter(path: path)
        // ROOT records come first, as in Ruby's output.
        let roots: [(StaticString, [Int32])] = [
            ("vm", rootRefs), ("machine_context", Array(rootRefs.suffix(400))),
            ("global_list", Array(rootRefs.prefix(60))),
            ("global_tbl", Array(rootRefs.dropFirst(60).prefix(300))),
        ]
        for (name, targets) in roots {
            out.add(#"{"type":"ROOT", "root":""#)
            out.add(name)
            out.add(#"", "references":["#)
            for (k, t) in targets.enumerated() {
                if k > 0 { out.add(", ") }
                out.address(address(t))
            }
            out.add("]}")
            out.endLine()
        }
        let order = members[index].sorted { objects[Int($0)].slot < objects[Int($1)].slot }
        for o in order { line(o, snapshot: index, out) }
        try out.close()
        return (order.count, out.written)
    }

    func address(_ object: Int32) -> UInt64 { Self.slotBase + UInt64(objects[Int(object)].slot) * 40 }

    private static let typeNames: [StaticString] = [
        "STRING", "IMEMO", "ARRAY", "HASH", "OBJECT", "DATA", "CLASS", "MODULE", "ICLASS", "SYMBOL", "FLOAT",
    ]
    private static let imemoTypes: [StaticString] = ["ment", "iseq", "cref", "callcache", "constcache", "env", "svar"]
    private static let structs: [StaticString] = ["mutex", "proc", "binding", "monitor", "time", "enumerator"]
    private static let values: [String] = [
        "user_id", #"SELECT \"orders\".* FROM \"orders\" WHERE \"orders\".\"id\" = $1 LIMIT $2"#,
        "/reports/4711/edit", "café résumé naïve", "2026-11-22T01:38:20.123Z", "application/json",
        "en.activerecord.errors.messages.blank", "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do",
        "created_at", "X-Request-Id", #"line one\nline two\ttabbed"#, "text/html; charset=utf-8",
    ]

    private func line(_ index: Int32, snapshot: Int, _ out: ByteWriter) {
        let o = objects[Int(index)]
        out.add(#"{"address":"#)
        out.address(address(index))
        out.add(#", "type":""#)
        out.add(Self.typeNames[Int(o.kind.rawValue)])
        out.add(#"""#)
        if o.cls >= 0 {
            out.add(#", "class":"#)
            out.address(address(o.cls))
        }
        var references = Array(refs[Int(o.refStart)..<Int(o.refStart + o.refCount)])
        if index == store { references = storeRefs[snapshot] }
        if index == segments { references = segmentRefs[snapshot] }
        let seed = Int(o.seed)
        var memsize = 40
        switch o.kind {
        case .string:
            if o.site == 1 {
                let value = "report \(seed % 100_000): " + String(repeating: "x", count: 48 + seed % 40)
                memsize = 41 + value.utf8.count
                stringFields(value, embedded: false, frozen: false, out)
            } else {
                let value = Self.values[seed % Self.values.count]
                let embedded = value.utf8.count < 24
                memsize = embedded ? 40 : 41 + value.utf8.count
                stringFields(value, embedded: embedded, frozen: seed & 0x100 != 0, out)
            }
        case .symbol:
            out.add(#", "frozen":true, "bytesize":10, "value":"sym_"#)
            out.int(100_000 + seed % 900_000)
            out.add(#"""#)
        case .float:
            out.add(#", "frozen":true"#)
        case .imemo:
            out.add(#", "imemo_type":""#)
            out.add(Self.imemoTypes[seed % Self.imemoTypes.count])
            out.add(#"""#)
            memsize = 48
        case .array:
            out.add(#", "length":"#)
            out.int(references.count)
            if references.count <= 3 { out.add(#", "embedded":true"#) } else { memsize = 40 + 8 * references.count }
        case .hash:
            out.add(#", "size":"#)
            out.int(max(1, references.count / 2))
            memsize = references.count > 8 ? 40 + 16 * references.count : 168
        case .object:
            out.add(#", "ivars":"#)
            out.int(references.count + 1)
        case .data:
            out.add(#", "struct":""#)
            out.add(Self.structs[seed % Self.structs.count])
            out.add(#"""#)
            memsize = 40 + seed % 200
        case .klass, .module:
            if o.kind == .klass {
                out.add(#", "superclass":"#)
                out.address(address(core["Object"] ?? 0))
            }
            if o.name >= 0 {
                out.add(o.singleton ? #", "real_class_name":""# : #", "name":""#)
                out.add(names[Int(o.name)])
                out.add(o.singleton ? #"", "singleton":true"# : #"""#)
            }
            memsize = 480 + 40 * references.count
        case .iclass:
            break
        }
        if !references.isEmpty {
            out.add(#", "references":["#)
            for (k, r) in references.enumerated() {
                if k > 0 { out.add(", ") }
                out.address(address(r))
            }
            out.add("]")
        }
        if o.site >= 0 {
            let site = sites[Int(o.site)]
            out.add(#", "file":""#)
            out.add(site.file)
            out.add(#"", "line":"#)
            out.int(site.line)
            out.add(#", "method":""#)
            out.add(site.method)
            out.add(#"", "generation":"#)
            out.int(Int(o.generation))
        }
        out.add(#", "memsize":"#)
        out.int(memsize)
        out.add(
            o.young
                ? #", "flags":{"wb_protected":true}}"#
                : #", "flags":{"wb_protected":true, "old":true, "uncollectible":true, "marked":true}}"#)
        out.endLine()
    }

    /// `"bytesize":…, "value":"…", "encoding":"UTF-8"`; `value` is already JSON-escaped text.
    private func stringFields(_ value: String, embedded: Bool, frozen: Bool, _ out: ByteWriter) {
        if frozen { out.add(#", "frozen":true"#) }
        if embedded { out.add(#", "embedded":true"#) }
        if frozen { out.add(#", "fstring":true"#) }
        out.add(#", "bytesize":"#)
        out.int(value.utf8.count)
        out.add(#", "value":""#)
        out.add(value)
        out.add(#"", "encoding":"UTF-8""#)
    }
}
