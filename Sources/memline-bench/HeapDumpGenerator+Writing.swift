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
        let memsize = typeFields(o, references: references, out)
        if !references.isEmpty {
            out.add(#", "references":["#)
            for (k, r) in references.enumerated() {
                if k > 0 { out.add(", ") }
                out.address(address(r))
            }
            out.add("]")
        }
        if o.site >= 0 { siteFields(o, out) }
        out.add(#", "memsize":"#)
        out.int(memsize)
        out.add(
            o.young
                ? #", "flags":{"wb_protected":true}}"#
                : #", "flags":{"wb_protected":true, "old":true, "uncollectible":true, "marked":true}}"#)
        out.endLine()
    }

    /// The fields of the object's type (a string's value, an array's length, a class's name…).
    /// - Returns: its memsize, which depends on them.
    private func typeFields(_ o: Object, references: [Int32], _ out: ByteWriter) -> Int {
        let seed = Int(o.seed)
        switch o.kind {
        case .string:
            return stringObjectFields(o, out)
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
            return 48
        case .array:
            out.add(#", "length":"#)
            out.int(references.count)
            if references.count <= 3 { out.add(#", "embedded":true"#) } else { return 40 + 8 * references.count }
        case .hash:
            out.add(#", "size":"#)
            out.int(max(1, references.count / 2))
            return references.count > 8 ? 40 + 16 * references.count : 168
        case .object:
            out.add(#", "ivars":"#)
            out.int(references.count + 1)
        case .data:
            out.add(#", "struct":""#)
            out.add(Self.structs[seed % Self.structs.count])
            out.add(#"""#)
            return 40 + seed % 200
        case .klass, .module:
            classFields(o, out)
            return 480 + 40 * references.count
        case .iclass:
            break
        }
        return 40
    }

    /// A String's value: the leaked report text for the leak's site, else one of the usual values.
    /// - Returns: its memsize (40 when the value is embedded in the slot).
    private func stringObjectFields(_ o: Object, _ out: ByteWriter) -> Int {
        let seed = Int(o.seed)
        if o.site == 1 {
            let value = "report \(seed % 100_000): " + String(repeating: "x", count: 48 + seed % 40)
            stringFields(value, embedded: false, frozen: false, out)
            return 41 + value.utf8.count
        }
        let value = Self.values[seed % Self.values.count]
        let embedded = value.utf8.count < 24
        stringFields(value, embedded: embedded, frozen: seed & 0x100 != 0, out)
        return embedded ? 40 : 41 + value.utf8.count
    }

    /// A class's superclass and a class's or module's name (a singleton class names the object it is attached to).
    private func classFields(_ o: Object, _ out: ByteWriter) {
        if o.kind == .klass {
            out.add(#", "superclass":"#)
            out.address(address(core["Object"] ?? 0))
        }
        if o.name >= 0 {
            out.add(o.singleton ? #", "real_class_name":""# : #", "name":""#)
            out.add(names[Int(o.name)])
            out.add(o.singleton ? #"", "singleton":true"# : #"""#)
        }
    }

    /// The allocation site and generation, as `trace_object_allocations` adds them.
    private func siteFields(_ o: Object, _ out: ByteWriter) {
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
