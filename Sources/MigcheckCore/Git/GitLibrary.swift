import CLibgit2

/// Initialises libgit2 once per process.
enum GitLibrary {
    /// The largest tree object libgit2 keeps in its object cache (default 4 KiB: a `versions/`
    /// directory of 500 files, about 30 KiB, was inflated again for each of the ~1,000 lookups
    /// that loading a commit's revisions makes; 0.15 s of a `roundtrip --changed` run).
    static let treeCacheLimit = 64 << 20

    private static let initialized: Bool = {
        guard git_libgit2_init() >= 0 else { return false }
        _ = migcheck_set_tree_cache_limit(treeCacheLimit)
        return true
    }()

    /// Makes sure `git_libgit2_init()` ran.
    static func ensureInitialized() {
        _ = initialized
    }
}
