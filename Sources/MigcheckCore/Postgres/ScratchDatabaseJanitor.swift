import Foundation

/// The comment migcheck puts on every scratch database it creates on a server
/// (`--database-url`): which host and process made it, and when.
public struct ScratchDatabaseMarker: Sendable, Equatable {
    /// The machine that ran migcheck.
    public var host: String
    /// The migcheck process.
    public var pid: Int32
    /// When it was created (seconds since 1970).
    var created: Int

    static let prefix = "migcheck scratch database;"

    /// This process, now.
    static var current: ScratchDatabaseMarker {
        ScratchDatabaseMarker(host: localHost, pid: getpid(), created: Int(Date().timeIntervalSince1970))
    }

    /// This machine's name (`gethostname`, no DNS lookup).
    static var localHost: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `migcheck scratch database; host=H; pid=N; created=T`.
    var text: String { "\(Self.prefix) host=\(host); pid=\(pid); created=\(created)" }

    /// The comment as an SQL string literal.
    var literal: String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// Reads a comment; `nil` unless it is exactly a marker migcheck wrote.
    init?(comment: String) {
        guard comment.hasPrefix(Self.prefix) else { return nil }
        var fields: [String: String] = [:]
        for part in comment.dropFirst(Self.prefix.count).split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return nil }
            fields[pair[0]] = pair[1]
        }
        guard let host = fields["host"], let pid = fields["pid"].flatMap({ Int32($0) }),
            let created = fields["created"].flatMap({ Int($0) })
        else { return nil }
        self.init(host: host, pid: pid, created: created)
    }

    init(host: String, pid: Int32, created: Int) {
        self.host = host
        self.pid = pid
        self.created = created
    }
}

/// Finds and drops the scratch databases of migcheck runs that died on a server (`kill -9`, a
/// lost CI runner), and only those: a database is dropped when its name is `migcheck_<hex>`, its
/// comment is a ``ScratchDatabaseMarker``, and either its process is gone from this host or it is
/// older than the age limit (a run on another machine cannot be checked).
public enum ScratchDatabaseJanitor {
    /// One scratch database and what `clean` decides about it.
    public struct Entry: Sendable, Equatable {
        /// The database's name (`migcheck_<hex>`).
        public var name: String
        /// The run that made it, read from the database's comment.
        public var marker: ScratchDatabaseMarker
        /// Why it is dropped, or `nil` when it is kept (its run may still be going).
        public var dropReason: String?
    }

    /// The scratch databases on the server `url` names (the database in the URL is only used to
    /// connect), with a decision for each. Databases without migcheck's marker are not listed.
    public static func survey(url: String, olderThan: TimeInterval, now: Date = Date()) throws -> [Entry] {
        let server = try PostgresURL(parsing: url)
        let connection = try PGConnection(conninfo: server.libpqURL)
        let rows = try connection.query(
            """
            SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database
            WHERE datname ~ '^migcheck_[0-9a-f]+$' ORDER BY datname
            """)
        let host = ScratchDatabaseMarker.localHost
        return rows.compactMap { row -> Entry? in
            guard let name = row[0], let comment = row[1], let marker = ScratchDatabaseMarker(comment: comment) else { return nil }
            var reason: String?
            if marker.host == host, !StaleClusterSweeper.isAlive(marker.pid) {
                reason = "process \(marker.pid) on this host has exited"
            } else if now.timeIntervalSince1970 - Double(marker.created) > olderThan {
                reason = "created more than \(Int(olderThan / 3600)) h ago on \(marker.host)"
            }
            return Entry(name: name, marker: marker, dropReason: reason)
        }
    }

    /// Drops the entries that have a drop reason; returns their names.
    public static func drop(_ entries: [Entry], url: String) throws -> [String] {
        let server = try PostgresURL(parsing: url)
        var dropped: [String] = []
        for entry in entries where entry.dropReason != nil {
            ScratchDatabase.drop(entry.name, on: server)
            dropped.append(entry.name)
        }
        return dropped
    }
}

/// The local side of `migcheck clean`: stale clusters and driver directories of dead runs, and
/// the saved base states of `roundtrip --changed`/`--shard` (``BaseStateCache``).
public enum ScratchCleanup {
    /// Removes (or, with `dryRun`, lists) the leftovers of dead runs in every temp root, the
    /// saved base states and the driver's bytecode cache (``AlembicDriverScript/bytecodeSource``).
    public static func sweepLocal(dryRun: Bool) -> [String] {
        sweepLocal(
            dryRun: dryRun, cacheRoot: ClusterCache.defaultRoot(), bytecode: AlembicDriver.bytecodeDirectory())
    }

    /// ``sweepLocal(dryRun:)`` with the cluster cache at `cacheRoot` and the bytecode cache at `bytecode`.
    static func sweepLocal(dryRun: Bool, cacheRoot: URL?, bytecode: URL? = nil) -> [String] {
        var found: [String] = []
        if let bytecode, FileManager.default.fileExists(atPath: bytecode.path) {
            if !dryRun { try? FileManager.default.removeItem(at: bytecode) }
            found.append(bytecode.path)
        }
        if let cacheRoot {
            let states = BaseStateCache(cache: ClusterCache(root: cacheRoot))
            found += dryRun ? states.entries().map(\.path) : states.prune(keeping: 0)
        }
        for root in ClusterPlacement.allRoots() {
            if dryRun {
                found += StaleClusterSweeper.candidates(temporaryRoot: root).map(\.path)
            } else {
                found += StaleClusterSweeper.sweep(temporaryRoot: root).map(\.path)
                found += StaleClusterSweeper.sweepDriverDirectories(temporaryRoot: root).map(\.path)
            }
        }
        return found.sorted()
    }
}
