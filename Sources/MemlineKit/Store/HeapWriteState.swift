import GRDB

/// What `ArtifactWriter` keeps while it stores one heap dump.
///
/// The snapshot row is created with the first object or root, and its objects get consecutive ids from
/// there (`first_object_id`), so the snapshot is one id range of `heap_object_rows`. It is completed when
/// the parser's `HeapSnapshot` arrives after the last line; class names are stored then too, since a
/// class can follow its instances.
final class HeapWriteState {
    var snapshotID: Int64?
    var firstObjectID: Int64 = 1
    var nextObjectID: Int64 = 1
    var objectInsert: Statement?
    var rootInsert: Statement?
    var sites: HeapSiteTable?
    /// Class and module names by address (CLASS/MODULE/ICLASS records seen so far).
    var classNames: [Int64: String] = [:]
    /// The last object stored from a `HeapObject` record: the `HeapRef` records that follow it are its.
    var lastRecordObject: (id: Int64, line: Int, address: Int64)?
    /// The JSON text of the current object's references.
    var refsText = ByteBuffer()
    var objects = 0
    var refs = 0
    var roots = 0
}
