import Foundation

/// Saved base states: data directories of the private cluster whose `migcheck` database holds the
/// state after the revisions `--changed` (or `--shard`) applies unchecked, so the next run with the
/// same base starts from a copy instead of upgrading through them.
///
/// An entry `base-<key>/` in the cluster cache holds `data/` (a cleanly shut-down data directory)
/// and `driver.json` (the Python, Alembic and SQLAlchemy versions that built it, checked against
/// the driver of the run that uses it). The key is a SHA-1 over everything the base state is made
/// from that migcheck can see (``BaseStateKey``) plus the server version and initdb settings; it
/// includes the project's configuration path, so entries are never shared between projects. At
/// most ``limit`` entries are kept (least recently used go first); `migcheck clean` removes them all.
struct BaseStateCache: Sendable {
    /// How many saved base states are kept.
    static let limit = 4
    /// The prefix of entry directories.
    static let prefix = "base-"

    /// The cluster cache the entries live in.
    let cache: ClusterCache

    /// The entry for `key` with the server `versionLine` (it may not exist yet).
    func entry(key: String, versionLine: String) -> URL {
        let material = ([key, versionLine] + EphemeralCluster.initdbArguments).joined(separator: "\u{1F}")
        return cache.root.appendingPathComponent(Self.prefix + ObjectID.blob(of: Data(material.utf8)).hex, isDirectory: true)
    }

    /// Whether `entry` is complete (its data directory and its metadata were both written).
    func isComplete(_ entry: URL) -> Bool {
        cache.isComplete(entry.appendingPathComponent("data"))
            && FileManager.default.fileExists(atPath: entry.appendingPathComponent("driver.json").path)
    }

    /// The versions recorded with `entry`, or `nil` when they cannot be read.
    func versions(of entry: URL) -> [String: String]? {
        // A regular file only (a FIFO or a device in a damaged cache must not block the run).
        let bytes = RevisionCache.readFile(entry.appendingPathComponent("driver.json").path)
        guard !bytes.isEmpty, bytes.count < 1 << 16 else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: String]
    }

    /// Marks `entry` as used now (the least recently used entries are removed first).
    func touch(_ entry: URL) {
        utimes(entry.path, nil)
    }

    /// Stores the data directory `source` with `versions` as `entry`, atomically (staging directory
    /// renamed into place), then removes the oldest entries beyond ``limit``.
    func store(_ source: URL, versions: [String: String], as entry: URL) throws {
        try cache.install(entry, replacing: true, isComplete: isComplete) { staging in
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            try ClusterCache.copyTree(source, to: staging.appendingPathComponent("data"))
            try JSONSerialization.data(withJSONObject: versions, options: [.sortedKeys])
                .write(to: staging.appendingPathComponent("driver.json"))
        }
        prune(keeping: Self.limit)
    }

    /// Removes `entry` (a damaged or outdated one).
    func discard(_ entry: URL) {
        try? FileManager.default.removeItem(at: entry)
    }

    /// The entries, most recently used first.
    func entries() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cache.root.path)) ?? []
        let dated = names.filter { $0.hasPrefix(Self.prefix) }.map { name -> (URL, Date) in
            let url = cache.root.appendingPathComponent(name, isDirectory: true)
            let date = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
            return (url, date)
        }
        return dated.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.path < $1.0.path }.map(\.0)
    }

    /// Removes all but the `count` most recently used entries; returns what it removed.
    @discardableResult
    func prune(keeping count: Int) -> [String] {
        let removed = entries().dropFirst(count)
        for entry in removed { discard(entry) }
        return removed.map(\.path)
    }
}
