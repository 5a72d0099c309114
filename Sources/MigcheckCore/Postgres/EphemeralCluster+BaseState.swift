import Foundation

/// Saving the cluster's data directory as a base state (``BaseStateCache``) when it stops.
extension EphemeralCluster {
    /// The database a base state is kept in during the run (renamed to `migcheck` before saving).
    static let baseStateDatabase = "migcheck_base"

    /// Copies `migcheck` (which must have no other session) to ``baseStateDatabase``, from a
    /// connection to `template1`.
    func copyBaseState() throws {
        let admin = try PGConnection(conninfo: url(database: "template1").libpqURL)
        let strategy = admin.serverVersion >= 150_000 ? " STRATEGY FILE_COPY" : ""
        try admin.execute("CREATE DATABASE \(Self.baseStateDatabase) TEMPLATE \(Self.databaseName)\(strategy)")
    }

    /// Whether a session other than the caller's is connected to the `migcheck` database (asked
    /// through `template1`, so the caller's own connection may be closed already).
    func othersConnected(excluding pid: Int32?) throws -> Bool {
        let admin = try PGConnection(conninfo: url(database: "template1").libpqURL)
        let count = try admin.queryValue(
            "SELECT count(*)::text FROM pg_stat_activity WHERE datname = $1 AND pid <> coalesce($2::int, 0)",
            parameters: [Self.databaseName, pid.map(String.init)])
        return count != "0"
    }

    /// What a `CREATE DATABASE … TEMPLATE` copy of `migcheck` would not carry over and a later
    /// migration could depend on, set on the database itself by a migration (settings such as
    /// `search_path`, grants, another owner), or `nil` when there is none.
    func stateOutsideTheCopy() throws -> String? {
        let admin = try PGConnection(conninfo: url(database: "template1").libpqURL)
        let row =
            try admin.query(
                """
                SELECT (SELECT count(*) FROM pg_db_role_setting s WHERE s.setdatabase = d.oid)::text,
                       (d.datacl IS NOT NULL)::text, (d.datdba <> 10)::text
                FROM pg_database d WHERE d.datname = $1
                """, parameters: [Self.databaseName]
            ).first ?? []
        let kinds = ["settings", "grants", "another owner"]
        let found = zip(row, kinds).filter { value, _ in value != "0" && value != "false" }.map(\.1)
        return found.isEmpty ? nil : "the database has \(found.joined(separator: ", ")) of its own, which a copy would lose"
    }

    /// Makes ``baseStateDatabase`` the `migcheck` database again, shuts the server down cleanly
    /// (a fast shutdown: nothing to recover at the next start), stores the data directory with
    /// `versions` as the base state entry, then removes the cluster as ``stop()`` does. Returns
    /// why it could not save (the cluster is removed either way), or `nil`.
    func stopSavingBaseState(versions: [String: String]) -> String? {
        defer { stop() }
        guard let entry = lock.withLock({ baseStateEntry }), let cacheRoot else { return "no cache directory" }
        do {
            let admin = try PGConnection(conninfo: url(database: "template1").libpqURL)
            try admin.execute("DROP DATABASE \(Self.databaseName) WITH (FORCE)")
            try admin.execute("ALTER DATABASE \(Self.baseStateDatabase) RENAME TO \(Self.databaseName)")
        } catch {
            return "\(error)"
        }
        guard let process = lock.withLock({ server }), process.isRunning,
            let pid = StaleClusterSweeper.postmasterPID(dataDirectory: dataDirectory)
        else { return "the server is not running" }
        kill(pid, SIGINT)
        let deadline = Date().addingTimeInterval(30)
        while StaleClusterSweeper.isAlive(pid), !StaleClusterSweeper.isZombie(pid), Date() < deadline { usleep(2_000) }
        guard !StaleClusterSweeper.isAlive(pid) || StaleClusterSweeper.isZombie(pid) else { return "the server did not shut down" }
        do {
            try BaseStateCache(cache: ClusterCache(root: cacheRoot)).store(dataDirectory, versions: versions, as: entry)
        } catch {
            return "\(error)"
        }
        return nil
    }
}
