/// One group of leaked objects: an allocation site, a class, a type or a gem.
public struct HeapLeakGroup: Sendable, Equatable {
    public var grouping: HeapGrouping
    public var key: String
    /// 1 = most retained memsize within its grouping.
    public var rank: Int
    /// Leaked objects in the group.
    public var objects: Int
    /// Their memsize in TARGET, bytes.
    public var memsize: Int
    /// Live objects of the group in BASE, TARGET and each LATER (all objects, leaked or not).
    public var counts: [Int]
    /// `counts[i + 1] - counts[i]`.
    public var growth: [Int] {
        zip(counts.dropFirst(), counts).map { $0 - $1 }
    }
    /// The gem of a site group's file.
    public var gem: String?
    /// The leaked object whose retention path is shown (the one closest to a root).
    public var sampleAddress: Int64?
    /// `ROOT vm → ReportCache (module) → Array → Hash → String @ app/web.rb:17`.
    public var retentionPath: String?
    /// Direct referrers of the group's objects, grouped by class and site, most objects held first.
    public var retainers: [HeapRetainer] = []
}

/// Objects holding a leak group's objects: one class and site of referrers.
public struct HeapRetainer: Sendable, Equatable {
    /// The referrers' class (`Hash`, `ReportCache (module)`), or `ROOT vm` for a GC root.
    public var retainer: String
    /// Their allocation site, `file:line`, when traced.
    public var site: String?
    /// How many referring objects.
    public var retainers: Int
    /// How many of the group's objects they reference directly.
    public var held: Int
}
