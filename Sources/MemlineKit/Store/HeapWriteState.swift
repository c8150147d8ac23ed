import GRDB

/// What `ArtifactWriter` keeps while it stores one heap dump.
///
/// The snapshot row is created with the first object (so objects can point at it) and completed
/// when the parser's `HeapSnapshot` arrives after the last line. Objects whose class record has
/// not been seen yet are remembered by row id and resolved then: a class can follow its instances.
final class HeapWriteState {
    var snapshotID: Int64?
    var objectInsert: Statement?
    var refInsert: Statement?
    var rootInsert: Statement?
    /// Class and module names by address (CLASS/MODULE/ICLASS records seen so far).
    var classNames: [Int64: String] = [:]
    /// Objects stored before their class's record: their row ids and class addresses.
    var pendingRows: [Int64] = []
    var pendingClasses: [Int64] = []
    var objects = 0
    var refs = 0
    var roots = 0
}
