/// What `memline heap diff` groups leaked objects by.
public enum HeapGrouping: String, CaseIterable, Sendable {
    /// Allocation site, `file:line`.
    case site
    /// The object's class name.
    case className = "class"
    /// The object's heap type (`STRING`, `HASH`…).
    case type
    /// The gem or library of the allocation file.
    case gem

    /// The section title in reports.
    var title: String {
        switch self {
        case .site: return "allocation site"
        case .className: return "class"
        case .type: return "type"
        case .gem: return "gem"
        }
    }
}
