import Foundation

/// Number formats for the sentences the analysis writes (`310 MB`, `12.5 MB/hour`, `3.2 h`); those the views
/// write too are in Support/NumberText.swift.

func formatMB(_ kb: Double) -> String {
    let mb = kb / 1024
    if abs(mb) >= 100 { return "\(formatCount(Int(mb.rounded()))) MB" }
    if abs(mb) >= 10 { return String(format: "%.1f MB", mb) }
    return String(format: "%.2f MB", mb)
}

/// What one request kept: `516 KB`, or `1.20 MB` from a megabyte up.
func formatKB(_ kb: Double) -> String {
    abs(kb) >= 1024 ? formatMB(kb) : "\(formatCount(Int(kb.rounded()))) KB"
}

func formatRate(_ mbPerHour: Double) -> String {
    if abs(mbPerHour) >= 100 { return "\(formatCount(Int(mbPerHour.rounded()))) MB/hour" }
    return String(format: "%.1f MB/hour", mbPerHour)
}

func formatDuration(_ seconds: Double) -> String {
    if seconds < 10 { return String(format: "%.1f s", seconds) }
    if seconds < 120 { return "\(Int(seconds.rounded())) s" }
    if seconds < 7200 { return "\(Int((seconds / 60).rounded())) min" }
    if seconds < 172_800 { return String(format: "%.1f h", seconds / 3600) }
    return String(format: "%.1f days", seconds / 86400)
}

func formatPercent(_ share: Double) -> String {
    let pct = share * 100
    return pct >= 10 || pct == 0 ? "\(Int(pct.rounded()))%" : String(format: "%.1f%%", pct)
}

func formatP(_ p: Double) -> String {
    p < 0.0001 ? String(format: "p=%.0e", max(p, 1e-300)) : String(format: "p=%.4f", p)
}

func round2(_ v: Double) -> Double { (v * 100).rounded() / 100 }
func round3(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

/// A reason hedged: `lead` ("Possibly " or "Possibly: ") before it, its first letter lowered to read on, unless its
/// first word is a name: capitals after the first (`GET`, `LedgerSnapshotJob`) or other than letters
/// (`Finance::LedgerSnapshotJob`, `/shipments`).
func possibly(_ reason: String, lead: String = "Possibly ") -> String {
    let word = reason.prefix { $0 != " " }
    let name = word.dropFirst().contains { $0.isUppercase || !$0.isLetter }
    let head = String(reason.prefix(1))
    return lead + (name ? head : head.lowercased()) + reason.dropFirst()
}

/// A hedged reason made plain again: `lead` dropped, its first letter raised; other reasons as they are.
func unhedged(_ reason: String, lead: String = "Possibly ") -> String {
    guard reason.hasPrefix(lead) else { return reason }
    let rest = reason.dropFirst(lead.count)
    return rest.prefix(1).uppercased() + rest.dropFirst()
}

/// The clock time of an ISO-8601 timestamp for sentences (`05:32:45`), or the text itself.
func clockTime(_ iso: String?) -> String {
    guard let iso, let t = iso.firstIndex(of: "T") else { return iso ?? "?" }
    return String(iso[iso.index(after: t)...].prefix(8))
}
