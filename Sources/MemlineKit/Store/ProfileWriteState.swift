/// What `ArtifactWriter` keeps while it stores one heap profile.
///
/// The profile row is created with the first stack or map (so they can point at it) and completed
/// when the parser's `HeapProfile` arrives after the last line.
final class ProfileWriteState {
    var profileID: Int64?
    var stacks = 0
    var frames = 0
    var maps = 0
}
