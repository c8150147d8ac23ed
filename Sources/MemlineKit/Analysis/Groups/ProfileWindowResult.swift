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
    /// How the profiles were tied to this window when their files did not say (no trusted time); nil when they
    /// were timed inside it.
    var placement: String? = nil
    /// Whether the dumps' times are known (else they are ordered by sequence and compared with the whole segment).
    var timed = true

    var base: HeapProfileInfo { profiles[0] }
    var target: HeapProfileInfo { profiles[profiles.count - 1] }
}
