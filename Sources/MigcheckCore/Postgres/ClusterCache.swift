import Foundation

/// The cache of freshly initialised data directories, so that starting a cluster is a copy, not an
/// `initdb`.
///
/// Lives in migcheck's cache directory (``RevisionCache/root(environment:)``:
/// `$MIGCHECK_CACHE_DIR`, `$XDG_CACHE_HOME/migcheck` or `~/.cache/migcheck`); one directory per server
/// version and initdb settings. Entries are completed in a staging directory and renamed into place,
/// so a concurrent or interrupted run never sees half a data directory.
struct ClusterCache: Sendable {
    /// The directory holding cache entries.
    let root: URL

    /// The default location (`MIGCHECK_NO_CACHE` turns off only the parse and bytecode caches),
    /// or `nil` when none of `MIGCHECK_CACHE_DIR`, `XDG_CACHE_HOME` and `HOME` is set.
    static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        RevisionCache.root(environment: environment)
    }

    /// Where the data directory for `versionLine` + `settings` lives (it may not exist yet).
    func entry(versionLine: String, settings: [String]) -> URL {
        let number = versionLine.split(separator: " ").first(where: { $0.first?.isNumber == true }) ?? "unknown"
        let key = ([versionLine] + settings).joined(separator: "\u{1F}")
        return root.appendingPathComponent("pgdata-\(number)-\(FNV1a.hex(key))", isDirectory: true)
    }

    /// Whether `entry` holds a complete data directory.
    func isComplete(_ entry: URL) -> Bool {
        FileManager.default.fileExists(atPath: entry.appendingPathComponent("PG_VERSION").path)
    }

    /// Copies the data directory `source` into the cache as `entry`, atomically.
    ///
    /// Returns quietly if another run completed the same entry first.
    func store(_ source: URL, as entry: URL) throws {
        try install(entry, isComplete: isComplete) { staging in try Self.copyTree(source, to: staging) }
    }

    /// Fills a staging directory with `fill` (which creates it) and renames it into place as
    /// `entry`, so a concurrent or interrupted run never sees half an entry; `replacing` removes
    /// an existing entry first. Returns quietly if the rename fails because another run completed
    /// `entry` first (`isComplete`).
    func install(_ entry: URL, replacing: Bool = false, isComplete: (URL) -> Bool, fill: (URL) throws -> Void) throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        sweepStaging()
        let staging = root.appendingPathComponent(".staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: staging) }
        try fill(staging)
        if replacing { try? FileManager.default.removeItem(at: entry) }
        if rename(staging.path, entry.path) != 0, !isComplete(entry) {
            throw PostgresError(function: "rename", message: "\(entry.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes staging directories left by runs that died while filling the cache.
    func sweepStaging() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        for name in names where name.hasPrefix(".staging-") {
            let fields = name.dropFirst(".staging-".count).split(separator: "-")
            guard fields.count == 2, let pid = pid_t(fields[0]), pid != getpid(), !StaleClusterSweeper.isAlive(pid) else { continue }
            try? FileManager.default.removeItem(at: root.appendingPathComponent(name))
        }
    }

    /// `cp -a source destination`: keeps modes and owners (the server checks both).
    static func copyTree(_ source: URL, to destination: URL) throws {
        let result = try ProcessRunner.run("/bin/cp", ["-a", source.path, destination.path])
        guard result.status == 0 else {
            throw PostgresError(function: "cp -a", message: "\(source.path) → \(destination.path): \(result.stderrText)")
        }
    }

}
