public import Foundation

/// Where the repository's files are, for tests that read `audit/`, `Policies/` and the like.
public enum Repository {
    /// The repository's root directory (symbolic links resolved, so that a package that links
    /// this directory in finds the same root).
    public static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The auditor's sample bundles and their keys (`audit/sample`).
    public static let auditSamples = root.appendingPathComponent("audit/sample")
}
