import GRDB

extension DatabaseError {
    /// True when another connection held the lock past the busy timeout (SQLITE_BUSY or SQLITE_LOCKED).
    public var isLockBusy: Bool {
        resultCode == .SQLITE_BUSY || resultCode == .SQLITE_LOCKED
    }
}
