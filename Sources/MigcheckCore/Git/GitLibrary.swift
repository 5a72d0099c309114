import CLibgit2

/// Initialises libgit2 once per process.
enum GitLibrary {
    private static let initialized: Bool = {
        git_libgit2_init() >= 0
    }()

    /// Makes sure `git_libgit2_init()` ran.
    static func ensureInitialized() {
        _ = initialized
    }
}
