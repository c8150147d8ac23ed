extension ParseContext {
    /// When a dump or profile was taken, and where that came from: `--at` ("option"), a time in the file name
    /// ("file name"), or the file's modification time ("mtime"), in that order.
    var snapshotTime: (ts: Timestamp, source: String)? {
        if let at { return (at, "option") }
        if let named = HeapSnapshotTime.fromFileName(sourceName, zone: zone) { return (named, "file name") }
        if let modified { return (modified, "mtime") }
        return nil
    }
}
