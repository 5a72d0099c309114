import CLibPQ

/// libpq, loaded on first use (migcheck does not link it: only the database commands need it).
///
/// Search order: `$MIGCHECK_LIBPQ`, the copy bundled in migcheck's wheel, the system's `libpq.so.5`.
public enum LibPQ {
    /// Loads libpq, or throws a `PostgresError` naming every place tried and how to fix it.
    ///
    /// Call before starting anything that needs cleaning up (a cluster, a scratch database), so a
    /// missing libpq is a clear exit 2 and never a half-started server.
    public static func require() throws {
        guard migcheck_libpq_load() == 0 else { return }
        let why = migcheck_libpq_error().map { String(cString: $0) } ?? "unknown error"
        throw PostgresError(
            function: "dlopen",
            message:
                "cannot load libpq (\(why)); install libpq 10 or later (Debian/Ubuntu: apt-get install libpq5) or set MIGCHECK_LIBPQ to its path"
        )
    }

    /// Whether libpq could be loaded (loads it on the first call).
    static var isAvailable: Bool { migcheck_libpq_load() != 0 }

    /// The file libpq was loaded from, or `nil` when it cannot be loaded.
    public static var loadedPath: String? {
        migcheck_libpq_path().map { String(cString: $0) }
    }
}
