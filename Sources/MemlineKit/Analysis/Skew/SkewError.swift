import Foundation

/// Why a clock offset could not be read or applied.
public enum SkewError: LocalizedError, Equatable {
    case badOffset(String)
    case offsetTooLarge(String)
    case unknownArtifact(String)
    case ambiguousArtifact(String, matches: Int)
    case staleAnalysis

    public var errorDescription: String? {
        switch self {
        case .badOffset(let text):
            return "'\(text)' is not a clock offset; give a signed number with a unit: -3s, +1500ms, 2.5s, -1m"
        case .offsetTooLarge(let text):
            return "'\(text)' is more than a week; that is a wrong date or zone (see --tz), not clock skew"
        case .unknownArtifact(let text):
            return "no artifact '\(text)'; give an id or a path from `memline artifacts`"
        case .ambiguousArtifact(let text, let matches):
            return "'\(text)' names \(matches) artifacts; give its id from `memline artifacts`"
        case .staleAnalysis:
            return "the detected skews are older than the data (files ingested or offsets applied since); "
                + "run `memline analyze` first"
        }
    }
}
