import GRDB

/// Numbers the groups of the four groupings (site, class, type, gem) densely, so counting a million
/// objects is array arithmetic, not hashing of text.
///
/// Groups are numbered by their text (`app/web.rb:17`, `String`, `STRING`, `app`), the same in every
/// snapshot of one diff or trend. Sites come from `heap_sites` (shared by all snapshots), class names
/// from each snapshot's `heap_classes`, types as they are met. A struct, used `inout` on the hot path: a
/// class's properties would pay a run-time exclusivity check on every access.
struct HeapGroupKeys {
    /// The text of each group, per grouping (in `HeapGrouping.allCases` order).
    private(set) var displays: [[String]] = Array(repeating: [], count: HeapGrouping.allCases.count)
    private var numbers: [[String: Int32]] = Array(repeating: [:], count: HeapGrouping.allCases.count)

    /// By `heap_sites.id`: the site's group, its gem's group, its text and gem (-1/nil for unknown ids).
    private var siteGroups: [Int32] = []
    private var gemGroups: [Int32] = []
    private(set) var siteTexts: [String?] = []
    private(set) var siteGems: [String?] = []
    private(set) var untracedSite: Int32 = 0
    private(set) var untracedGem: Int32 = 0

    /// Types met so far: name, group, and how an object of the type is shown in the class grouping when
    /// its class has no name.
    private(set) var typeNames: [String] = []
    private var typeGroups: [Int32] = []
    private(set) var typeIsIMEMO: [Bool] = []
    /// A hash of each type's name: the same in every `HeapGroupKeys`, unlike the type's number.
    private(set) var typeHashes: [UInt64] = []
    /// The class group of an object of this type whose class has no name: -1 when that depends on the
    /// class address (an anonymous class).
    private var typeClassFallback: [Int32] = []
    /// The class group of an object of this type without a class address.
    private var typeClassless: [Int32] = []
    /// Types of up to 8 bytes packed into an integer, searched linearly (a dump has a dozen or two types).
    private var packedTypes: [UInt64] = []
    private var packedIndexes: [Int32] = []
    private var typeByName: [String: Int32] = [:]
    private var anonymousGroups: [Int64: Int32] = [:]

    static let site = 0
    static let className = 1
    static let type = 2
    static let gem = 3

    init(db: Database) throws {
        precondition(HeapGrouping.allCases == [.site, .className, .type, .gem])
        untracedSite = number(Self.site, "(untraced)")
        untracedGem = number(Self.gem, "(untraced)")
        let rows = try Row.fetchCursor(db, sql: "SELECT id, file, line_no, gem FROM heap_sites ORDER BY id")
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            guard id >= 0, id < 1 << 31 else { continue }
            let file: String = row["file"]
            let line: Int? = row["line_no"]
            let gem: String = row["gem"]
            let text = "\(file):\(line.map(String.init) ?? "?")"
            let index = Int(id)
            if index >= siteGroups.count {
                let grow = index + 1 - siteGroups.count
                siteGroups += Array(repeating: -1, count: grow)
                gemGroups += Array(repeating: -1, count: grow)
                siteTexts += Array(repeating: nil, count: grow)
                siteGems += Array(repeating: nil, count: grow)
            }
            siteGroups[index] = number(Self.site, text)
            gemGroups[index] = number(Self.gem, gem)
            siteTexts[index] = text
            siteGems[index] = gem
        }
    }

    /// The group number of `text` in `grouping`, numbering it when new.
    mutating func number(_ grouping: Int, _ text: String) -> Int32 {
        if let known = numbers[grouping][text] { return known }
        let n = Int32(displays[grouping].count)
        displays[grouping].append(text)
        numbers[grouping][text] = n
        return n
    }

    func siteGroup(_ siteID: Int64?) -> Int32 {
        guard let siteID, siteID >= 0, siteID < siteGroups.count, siteGroups[Int(siteID)] >= 0 else {
            return untracedSite
        }
        return siteGroups[Int(siteID)]
    }

    func gemGroup(_ siteID: Int64?) -> Int32 {
        guard let siteID, siteID >= 0, siteID < gemGroups.count, gemGroups[Int(siteID)] >= 0 else {
            return untracedGem
        }
        return gemGroups[Int(siteID)]
    }

    func siteText(_ siteID: Int64?) -> String? {
        guard let siteID, siteID >= 0, siteID < siteTexts.count else { return nil }
        return siteTexts[Int(siteID)]
    }

    func siteGem(_ siteID: Int64?) -> String? {
        guard let siteID, siteID >= 0, siteID < siteGems.count else { return nil }
        return siteGems[Int(siteID)]
    }

    /// The index of a type given as the bytes of `heap_object_rows.type`.
    mutating func typeIndex(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if bytes.count <= 8 {
            var packed: UInt64 = 0
            for (k, b) in bytes.enumerated() { packed |= UInt64(b) << (8 * UInt64(k)) }
            if bytes.count < 8 { packed |= UInt64(bytes.count) << 60 }  // "A" and "A\0" differ
            for (k, known) in packedTypes.enumerated() where known == packed { return packedIndexes[k] }
            let index = addType(String(decoding: bytes, as: UTF8.self))
            packedTypes.append(packed)
            packedIndexes.append(index)
            return index
        }
        let name = String(decoding: bytes, as: UTF8.self)
        if let known = typeByName[name] { return known }
        let index = addType(name)
        typeByName[name] = index
        return index
    }

    private mutating func addType(_ name: String) -> Int32 {
        let index = Int32(typeNames.count)
        typeNames.append(name)
        typeGroups.append(number(Self.type, name))
        typeIsIMEMO.append(name == "IMEMO")
        typeHashes.append(name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
        switch name {
        case "CLASS": typeClassFallback.append(number(Self.className, "Class"))
        case "MODULE": typeClassFallback.append(number(Self.className, "Module"))
        case "IMEMO", "ICLASS", "NODE", "ZOMBIE", "MOVED", "NONE":
            typeClassFallback.append(number(Self.className, name))
        default: typeClassFallback.append(-1)
        }
        let fallback = typeClassFallback[Int(index)]
        typeClassless.append(fallback >= 0 ? fallback : number(Self.className, name))
        return index
    }

    func typeGroup(_ type: Int32) -> Int32 { typeGroups[Int(type)] }

    /// The class group of an object: its class's name, else what its type says (see `HeapGrouping.className`).
    mutating func classGroup(type: Int32, classAddress: Int64?, classes: HeapClassNames) -> Int32 {
        if !typeIsIMEMO[Int(type)], let classAddress, let named = classes.groups[classAddress] { return named }
        let fallback = typeClassFallback[Int(type)]
        if fallback >= 0 { return fallback }
        guard let classAddress else { return typeClassless[Int(type)] }
        if let known = anonymousGroups[classAddress] { return known }
        let group = number(Self.className, Self.anonymousClass(classAddress))
        anonymousGroups[classAddress] = group
        return group
    }

    static func anonymousClass(_ address: Int64, kind: String = "class") -> String {
        "(anonymous \(kind) 0x\(String(UInt64(bitPattern: address), radix: 16)))"
    }

    /// The class names of one snapshot, with their group numbers.
    mutating func classNames(_ db: Database, snapshot: Int64) throws -> HeapClassNames {
        var names = HeapClassNames()
        let rows = try Row.fetchCursor(
            db, sql: "SELECT address, name FROM heap_classes WHERE snapshot_id = ?", arguments: [snapshot])
        while let row = try rows.next() {
            let address: Int64 = row["address"]
            let name: String = row["name"]
            names.names[address] = name
            _ = names.groups.insertFirst(address, number(Self.className, name))
        }
        return names
    }
}

/// A snapshot's class names by class address (`heap_classes`), and their class group numbers.
struct HeapClassNames {
    var names: [Int64: String] = [:]
    var groups = HeapAddressIndex()
}
