/// The growth between the first and last heap profile of one process in a growth window, with the RSS it kept
/// meanwhile and each function's in-use bytes in every profile of the window.
struct ProfileWindowResult: Sendable {
    var window: GrowthWindow
    /// The window's profiles in time order (the diff is the first against the last).
    var profiles: [HeapProfileInfo]
    var report: ProfileReport
    /// Flat in-use bytes of each function in each profile, in profile order.
    var flatBytes: [String: [Double]]
    /// The last profile's stacks (`profile_stacks.id`) charged to each flat function.
    var flatStacks: [String: [Int64]]
    /// RSS kept between the first and the last profile, KiB.
    var keptKB: Double

    var base: HeapProfileInfo { profiles[0] }
    var target: HeapProfileInfo { profiles[profiles.count - 1] }
}
