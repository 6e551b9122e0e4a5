import Foundation

/// Ends a test's child process once its checks have all passed, without running exit handlers.
///
/// SoftHSM2 frees its global objects in C++ exit handlers, which can crash while other threads
/// of the process (the HSM pool's, the cooperative pool's) still reach them (SoftHSMv2 issues
/// 635 and 729): a child that had passed could end with SIGSEGV. A child measurement checks
/// with `#require`, so a failure throws and the child ends normally with its issues reported;
/// when every check has passed it calls ``endPassed()``, and the parent requires the marker.
public enum IsolatedChild {
    /// The line a child prints when all its checks have passed.
    public static let passedMarker = "custody isolated child: every check passed"

    /// Prints ``passedMarker`` and ends the process with status 0, skipping exit handlers.
    public static func endPassed() -> Never {
        print(passedMarker)
        fflush(nil)
        _exit(0)
    }
}
