import Foundation

/// Writes three `ObjectSpace.dump_all` snapshots (Ruby 3.1 field set) of one Rails process whose report
/// cache leaks, so the heap benchmark needs no input files.
///
/// The heap is a model, not noise: about 80% of the objects live through all three snapshots; each snapshot
/// also holds short-lived request garbage of its own, placed in freed slots so addresses are reused by
/// different objects. Between snapshots 1 and 2, `leakRequests` requests each leave a Hash
/// (`report_cache.rb:10`) holding a String (`reports_controller.rb:17`) in `ReportCache::STORE`, and a
/// `NewRelic::Agent::Segment` in the gem's `SEGMENTS`; they are still there in snapshot 3, which also holds
/// as many entries added after snapshot 2. So the three-snapshot diff must find exactly `3 × leakRequests`
/// objects. Lines are ordered by address like a real dump: ROOT records first, then the heap slots, with the
/// core classes (String, Array, Hash…) in the last slots, after their instances. About 2 references and
/// 250 bytes per object, as in production dumps traced with `trace_object_allocations`.
struct HeapDumpGenerator {
    enum Kind: UInt8 {
        case string, imemo, array, hash, object, data, klass, module, iclass, symbol, float
    }

    /// One heap object of the model; `refs` index `objects`.
    struct Object {
        var slot: Int32
        var kind: Kind
        var cls: Int32 = -1
        var site: Int32 = -1
        var generation: Int32 = 0
        var seed: UInt32 = 0
        var refStart: Int32 = 0
        var refCount: Int32 = 0
        /// Classes and modules: index in `names` (-1: anonymous); singleton classes: the attached name.
        var name: Int32 = -1
        var singleton = false
        /// Allocated since the last major GC: not yet old.
        var young = false
    }

    /// What the diff of the three dumps must report.
    struct Planted {
        var leakedObjects: Int
        var stringSite: String
        var retentionPath: String
    }

    static let slotBase: UInt64 = 0x7F3A_1000_0000
    static let appRoot = "/app/app/"
    static let gemRoot = "/app/vendor/bundle/ruby/3.1.0/gems/"
    static let hashSite = (file: "/app/app/models/report_cache.rb", line: 10, method: "remember")
    static let stringSite = (file: "/app/app/controllers/reports_controller.rb", line: 17, method: "show")
    static let segmentSite = (
        file: "/app/vendor/bundle/ruby/3.1.0/gems/newrelic_rpm-3.9.6/lib/new_relic/agent.rb", line: 13, method: "new"
    )

    private(set) var objects: [Object] = []
    private(set) var refs: [Int32] = []
    private(set) var names: [String] = []
    private(set) var sites: [(file: String, line: Int, method: String)] = []
    private var rng = Generators.Random(state: 0x5DEE_CE66_D1CE_4E5B)
    /// Object indices of each snapshot, and the STORE/SEGMENTS references that differ per snapshot.
    private(set) var members: [[Int32]] = [[], [], []]
    private(set) var storeRefs: [[Int32]] = [[], [], []]
    private(set) var segmentRefs: [[Int32]] = [[], [], []]
    private(set) var store: Int32 = -1
    private(set) var segments: Int32 = -1
    private(set) var rootRefs: [Int32] = []
    private(set) var core: [String: Int32] = [:]
    private var appClasses: [Int32] = []
    private var dataClasses: [Int32] = []
    private var segmentClass: Int32 = -1
    let leakRequests: Int

    /// Builds the model of a heap of about `objects` objects per snapshot.
    ///
    /// The steps draw from one random sequence, so their order is part of the model: the same `objects` always
    /// gives the same dumps.
    init(objects n: Int) {
        let n = max(n, 2_000)
        leakRequests = n * 15 / 1000
        makeSites()
        // Core classes take the last slots: their CLASS records follow their instances.
        var slots = SlotPool(count: n - Self.coreNames.count, rng: &rng)
        for (i, name) in Self.coreNames.enumerated() {
            core[name] = add(Object(slot: Int32(n - 1 - i), kind: .klass, name: intern(name)), in: [0, 1, 2])
        }
        addClasses(count: max(60, n / 250), slots: &slots)
        let namespaces = addLeakingNamespaces(slots: &slots)
        let generic = addLongLivedHeap(count: n * 80 / 100 - objects.count, slots: &slots)
        linkClasses(namespaces, generic: generic)
        addOldCacheEntries(slots: &slots)
        // Snapshot-specific objects live in the slots left: the leak reuses the addresses of snapshot 1's garbage.
        let free = slots.remaining
        addLeak(in: free)
        addGarbage(in: free, perSnapshot: n, generic: generic)
    }

    static let coreNames = ["Object", "Module", "Class", "String", "Array", "Hash", "Symbol", "Float", "BasicObject"]

    /// The heap slots not taken by the core classes, shuffled, handed out in turn.
    private struct SlotPool {
        private var free: [Int32]
        private var next = 0

        init(count: Int, rng: inout Generators.Random) {
            free = (0..<Int32(count)).map { $0 }
            for i in stride(from: free.count - 1, to: 0, by: -1) { free.swapAt(i, rng.below(i + 1)) }
        }

        mutating func take() -> Int32 {
            defer { next += 1 }
            return free[next]
        }

        /// The slots not taken yet.
        var remaining: [Int32] { Array(free[next...]) }
    }

    /// The modules on the leak's path: `Object` refers to `ReportCache` and `NewRelic`.
    private struct Namespaces {
        var reportCache: Int32
        var newRelic: Int32
        var agent: Int32
    }

    /// Classes and modules of the app and its gems, some anonymous, some singleton.
    private mutating func addClasses(count: Int, slots: inout SlotPool) {
        let gems = ["activerecord", "activesupport", "actionpack", "rack", "sidekiq", "newrelic_rpm", "nokogiri"]
        let nouns = ["Report", "User", "Order", "Invoice", "Session", "Cache", "Query", "Segment", "Payload", "Event"]
        for i in 0..<count {
            let kind: Kind = i % 9 == 0 ? .module : .klass
            var o = Object(slot: slots.take(), kind: kind, cls: core["Class"] ?? -1)
            switch i % 10 {
            case 0: o.name = -1
            case 1:
                o.singleton = true
                o.name = intern(nouns[i % nouns.count] + "Singleton\(i)")
            default:
                let space = i % 3 == 0 ? gems[i % gems.count].capitalized + "::" : ""
                o.name = intern(space + nouns[(i / 10) % nouns.count] + "\(i)")
            }
            let index = add(o, in: [0, 1, 2])
            if kind == .klass, !o.singleton {
                if i % 7 == 0 { dataClasses.append(index) } else { appClasses.append(index) }
            }
        }
    }

    /// `ReportCache::STORE` and NewRelic's `SEGMENTS`, with the modules and the class that lead to them.
    private mutating func addLeakingNamespaces(slots: inout SlotPool) -> Namespaces {
        let reportCache = add(
            Object(slot: slots.take(), kind: .module, cls: core["Module"] ?? -1, name: intern("ReportCache")),
            in: [0, 1, 2])
        let newRelic = add(
            Object(slot: slots.take(), kind: .module, cls: core["Module"] ?? -1, name: intern("NewRelic")),
            in: [0, 1, 2])
        let agent = add(
            Object(slot: slots.take(), kind: .module, cls: core["Module"] ?? -1, name: intern("NewRelic::Agent")),
            in: [0, 1, 2])
        segmentClass = add(
            Object(
                slot: slots.take(), kind: .klass, cls: core["Class"] ?? -1, name: intern("NewRelic::Agent::Segment")),
            in: [0, 1, 2])
        store = add(Object(slot: slots.take(), kind: .array, cls: core["Array"] ?? -1), in: [0, 1, 2])
        segments = add(Object(slot: slots.take(), kind: .array, cls: core["Array"] ?? -1), in: [0, 1, 2])
        return Namespaces(reportCache: reportCache, newRelic: newRelic, agent: agent)
    }

    /// The long-lived heap: objects allocated before snapshot 1, referencing objects made after them.
    /// - Returns: the range of their indices.
    private mutating func addLongLivedHeap(count: Int, slots: inout SlotPool) -> Range<Int32> {
        let firstGeneric = Int32(objects.count)
        for _ in 0..<count {
            var o = makeGeneric(slot: slots.take(), generations: 1...30, traced: 30)
            o.seed = UInt32(truncatingIfNeeded: rng.next())
            _ = add(o, in: [0, 1, 2])
        }
        let generic = firstGeneric..<Int32(objects.count)
        for i in generic { link(i, targets: generic, forward: true) }
        return generic
    }

    /// The class records reference generic objects, `Object` the two leaking namespaces; the roots reach the core
    /// classes and the first generic objects.
    private mutating func linkClasses(_ namespaces: Namespaces, generic: Range<Int32>) {
        for i in Int32(0)..<generic.lowerBound where objects[Int(i)].kind == .klass || objects[Int(i)].kind == .module {
            setRefs(i, (0..<(2 + rng.below(9))).map { _ in pick(generic) })
        }
        setRefs(
            core["Object"] ?? 0, [namespaces.reportCache, namespaces.newRelic] + (0..<6).map { _ in pick(generic) })
        setRefs(namespaces.reportCache, [store])
        setRefs(namespaces.newRelic, [namespaces.agent])
        setRefs(namespaces.agent, [segments, segmentClass])
        rootRefs =
            Self.coreNames.compactMap { core[$0] }
            + (0..<min(3_000, generic.count)).map { generic.lowerBound + Int32($0) }
    }

    /// Cache entries from before snapshot 1: not new, so not part of the leak.
    private mutating func addOldCacheEntries(slots: inout SlotPool) {
        for _ in 0..<50 {
            let (hash, _, segment) = leakRequest(
                generation: Int32(rng.below(30) + 1), slot: { slots.take() }, in: [0, 1, 2])
            for s in 0..<3 {
                storeRefs[s].append(hash)
                segmentRefs[s].append(segment)
            }
        }
    }

    /// The leak: `leakRequests` requests' entries made between snapshots 1 and 2 (still in 3), and as many made
    /// between 2 and 3, in the first of the `free` slots.
    private mutating func addLeak(in free: [Int32]) {
        var cursor = 0
        let next = {
            defer { cursor += 1 }
            return free[cursor % free.count]
        }
        for _ in 0..<leakRequests {
            let (hash, _, segment) = leakRequest(generation: Int32(41 + rng.below(20)), slot: next, in: [1, 2])
            storeRefs[1].append(hash)
            storeRefs[2].append(hash)
            segmentRefs[1].append(segment)
            segmentRefs[2].append(segment)
        }
        for _ in 0..<leakRequests {
            let (hash, _, segment) = leakRequest(generation: Int32(61 + rng.below(30)), slot: next, in: [2])
            storeRefs[2].append(hash)
            segmentRefs[2].append(segment)
        }
    }

    /// Request garbage filling each snapshot up to `perSnapshot` objects: snapshot 1 from the start of the `free`
    /// slots, 2 after the leak, 3 after both leaks. Each snapshot's garbage has generations of its own, so it never
    /// matches another snapshot's object.
    private mutating func addGarbage(in free: [Int32], perSnapshot n: Int, generic: Range<Int32>) {
        let leakSlots = 3 * leakRequests
        let garbage = [
            (0, n - members[0].count, 31...40), (leakSlots, n - members[1].count, 41...60),
            (2 * leakSlots, n - members[2].count, 61...90),
        ]
        for (s, (start, count, generations)) in garbage.enumerated() {
            for k in 0..<max(0, count) {
                var o = makeGeneric(
                    slot: free[(start + k) % free.count], generations: generations, traced: 100, garbage: true)
                o.seed = UInt32(truncatingIfNeeded: rng.next())
                o.young = true
                let index = add(o, in: [s])
                link(index, targets: generic, forward: false)
            }
        }
    }

    var planted: Planted {
        Planted(
            leakedObjects: 3 * leakRequests, stringSite: "\(Self.stringSite.file):\(Self.stringSite.line)",
            retentionPath: "ROOT vm → Object (class) → ReportCache (module) → Array → Hash → String @ "
                + "\(Self.stringSite.file):\(Self.stringSite.line)")
    }

    // MARK: - Building the model

    private mutating func intern(_ name: String) -> Int32 {
        names.append(name)
        return Int32(names.count - 1)
    }

    private mutating func add(_ o: Object, in snapshots: [Int]) -> Int32 {
        let index = Int32(objects.count)
        objects.append(o)
        for s in snapshots { members[s].append(index) }
        return index
    }

    private mutating func setRefs(_ index: Int32, _ targets: [Int32]) {
        objects[Int(index)].refStart = Int32(refs.count)
        objects[Int(index)].refCount = Int32(targets.count)
        refs.append(contentsOf: targets)
    }

    private mutating func pick(_ range: Range<Int32>) -> Int32 {
        range.lowerBound + Int32(rng.below(Int(range.upperBound - range.lowerBound)))
    }

    /// A request's leaked Hash → String, and its NewRelic segment.
    private mutating func leakRequest(
        generation: Int32, slot: () -> Int32, in snapshots: [Int]
    ) -> (Int32, Int32, Int32) {
        let string = add(
            Object(
                slot: slot(), kind: .string, cls: core["String"] ?? -1, site: 1, generation: generation,
                seed: UInt32(truncatingIfNeeded: rng.next())), in: snapshots)
        let hash = add(
            Object(slot: slot(), kind: .hash, cls: core["Hash"] ?? -1, site: 0, generation: generation), in: snapshots)
        setRefs(hash, [string])
        let segment = add(
            Object(slot: slot(), kind: .object, cls: segmentClass, site: 2, generation: generation), in: snapshots)
        return (hash, string, segment)
    }

    /// An object of the usual mix: strings and method-table IMEMOs first, then containers.
    private mutating func makeGeneric(
        slot: Int32, generations: ClosedRange<Int>, traced: Int, garbage: Bool = false
    ) -> Object {
        let roll = rng.below(100)
        let kind: Kind
        if garbage {
            kind = roll < 50 ? .string : roll < 65 ? .array : roll < 80 ? .hash : .object
        } else {
            kind =
                roll < 36
                ? .string
                : roll < 61
                    ? .imemo
                    : roll < 71
                        ? .array
                        : roll < 79
                            ? .hash
                            : roll < 88
                                ? .object : roll < 92 ? .data : roll < 94 ? .iclass : roll < 97 ? .symbol : .float
        }
        var o = Object(slot: slot, kind: kind)
        switch kind {
        case .string: o.cls = core["String"] ?? -1
        case .array: o.cls = core["Array"] ?? -1
        case .hash: o.cls = core["Hash"] ?? -1
        case .symbol: o.cls = core["Symbol"] ?? -1
        case .float: o.cls = core["Float"] ?? -1
        case .object: o.cls = appClasses[min(appClasses.count - 1, rng.below(rng.below(appClasses.count) + 1))]
        case .data: o.cls = dataClasses[rng.below(dataClasses.count)]
        case .imemo, .iclass: o.cls = rng.below(2) == 0 ? appClasses[rng.below(appClasses.count)] : -1
        case .klass, .module: break
        }
        if kind != .imemo, kind != .iclass, kind != .symbol, rng.below(100) < traced {
            // Hot sites: a skewed pick over 3..<sites (0–2 are the leak's).
            o.site = Int32(3 + min(sites.count - 4, rng.below(rng.below(sites.count - 3) + 1)))
            o.generation = Int32(generations.lowerBound + rng.below(generations.count))
        }
        return o
    }

    /// References of a container: forward in the long-lived heap (so the roots reach it), anywhere for garbage.
    private mutating func link(_ index: Int32, targets: Range<Int32>, forward: Bool) {
        let o = objects[Int(index)]
        let count: Int
        switch o.kind {
        case .array: count = rng.below(8) == 0 ? 8 + rng.below(40) : 1 + rng.below(6)
        case .hash: count = 2 + rng.below(10)
        case .object: count = 1 + rng.below(5)
        case .imemo: count = rng.below(3) == 0 ? 1 + rng.below(2) : 0
        case .iclass: count = 1 + rng.below(2)
        case .data: count = rng.below(2)
        default: count = 0
        }
        guard count > 0 else { return }
        objects[Int(index)].refStart = Int32(refs.count)
        objects[Int(index)].refCount = Int32(count)
        for _ in 0..<count {
            if forward, index + 1 < targets.upperBound {
                let span = Int(min(targets.upperBound - index - 1, 4_000))
                refs.append(index + 1 + Int32(rng.below(span)))
            } else {
                refs.append(pick(targets))
            }
        }
    }

    private mutating func makeSites() {
        sites = [Self.hashSite, Self.stringSite, Self.segmentSite]
        let areas = ["models", "controllers", "services", "jobs", "serializers", "views/reports", "lib"]
        let methods = ["call", "perform", "each", "map", "render", "initialize", "new", "build", "to_h", "fetch"]
        for i in 0..<220 {
            let file = "\(Self.appRoot)\(areas[i % areas.count])/file_\(i / areas.count)_\(i % 13).rb"
            for k in 0..<5 { sites.append((file, 5 + 7 * k + i % 5, methods[(i + k) % methods.count])) }
        }
        let gems = [
            "activerecord-7.0.4/lib/active_record", "activesupport-7.0.4/lib/active_support",
            "actionpack-7.0.4/lib/action_dispatch", "rack-2.2.4/lib/rack", "sidekiq-6.5.7/lib/sidekiq",
            "newrelic_rpm-3.9.6/lib/new_relic/agent", "nokogiri-1.13.9-x86_64-linux/lib/nokogiri",
            "json-2.6.2/lib/json", "redis-4.8.0/lib/redis", "puma-5.6.5/lib/puma",
        ]
        for (g, gem) in gems.enumerated() {
            for i in 0..<40 {
                let file = "\(Self.gemRoot)\(gem)/part_\(i % 8)/module_\(i).rb"
                for k in 0..<3 { sites.append((file, 20 + 31 * k + g, methods[(i + k + g) % methods.count])) }
            }
        }
        for i in 0..<30 {
            sites.append(("/usr/local/lib/ruby/3.1.0/std_\(i % 10).rb", 100 + i, methods[i % methods.count]))
        }
    }
}
