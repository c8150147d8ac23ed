import Foundation

/// The day of the incident, for dates that read two ways (`07/12/2026` is 7 December or 12 July) or print no year
/// (notes headed `Mon 7 Dec`): the day most files of the ingest give in their first lines, each file counting its
/// earliest, the earliest day winning a tie. A file whose own dates read two ways has no vote: it would only
/// repeat its first reading.
public enum IncidentDay {
    /// Days since 1970-01-01 (UTC), or nil when no file's head gives a time.
    public static func infer(paths: [String], format: String? = nil) -> Int? {
        var votes: [Int: Int] = [:]
        for path in paths {
            guard let earliest = earliestDay(path, format: format, near: nil),
                earliestDay(path, format: format, near: earliest + 160) == earliest
            else { continue }
            votes[earliest, default: 0] += 1
        }
        return votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }

    /// The day of the earliest time in the head of `path`, read near `day`.
    private static func earliestDay(_ path: String, format: String?, near day: Int?) -> Int? {
        var context = ParseContext(sourceName: (path as NSString).lastPathComponent)
        context.day = day
        guard let rows = ArtifactProbe.headRows(ofFile: path, wanted: format, context: context),
            let earliest = rows.compactMap(\.firstTime).map(\.milliseconds).min()
        else { return nil }
        return Int(earliest / 86_400_000)
    }
}
