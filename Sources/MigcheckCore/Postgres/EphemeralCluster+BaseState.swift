import Foundation

/// Saving the cluster's data directory as a base state (``BaseStateCache``) when it stops.
extension EphemeralCluster {
    /// The database a base state is kept in during the run (renamed to `migcheck` before saving).
    static let baseStateDatabase = "migcheck_base"

    /// The saved base states in this cluster's cache (`nil`: no cache).
    var baseStates: BaseStateCache? { cacheRoot.map { BaseStateCache(cache: ClusterCache(root: $0)) } }

    /// A connection to `template1`, from which `migcheck` can be inspected, copied, dropped and
    /// renamed while nobody is connected to it.
    func adminConnection() throws -> PGConnection {
        try PGConnection(conninfo: url(database: "template1").libpqURL)
    }

    /// Why `migcheck` cannot be kept as it is now, or `nil`: a session other than `pid` is
    /// connected to it (a `TEMPLATE` copy needs none), or a migration set state on the database
    /// itself that a copy would not carry over and a later migration could depend on (settings
    /// such as `search_path`, grants, another owner).
    func baseStateObstacle(_ admin: PGConnection, excluding pid: Int32?) throws -> String? {
        let row =
            try admin.query(
                """
                SELECT (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname AND a.pid <> coalesce($2::int, 0))::text,
                       (SELECT count(*) FROM pg_db_role_setting s WHERE s.setdatabase = d.oid)::text,
                       (d.datacl IS NOT NULL)::text, (d.datdba <> 10)::text
                FROM pg_database d WHERE d.datname = $1
                """, parameters: [Self.databaseName, pid.map(String.init)]
            ).first ?? []
        if row.first != "0" { return "another session is connected to the database (a connection pool in env.py?)" }
        let kinds = ["settings", "grants", "another owner"]
        let found = zip(row.dropFirst(), kinds).filter { value, _ in value != "0" && value != "false" }.map(\.1)
        return found.isEmpty ? nil : "the database has \(found.joined(separator: ", ")) of its own, which a copy would lose"
    }

    /// Copies `migcheck` (which must have no session) to ``baseStateDatabase``.
    func copyBaseState(_ admin: PGConnection) throws {
        let strategy = admin.serverVersion >= 150_000 ? " STRATEGY FILE_COPY" : ""
        try admin.execute("CREATE DATABASE \(Self.baseStateDatabase) TEMPLATE \(Self.databaseName)\(strategy)")
    }

    /// Makes ``baseStateDatabase`` the `migcheck` database again, shuts the server down cleanly
    /// (a fast shutdown: nothing to recover at the next start), stores the data directory with
    /// `versions` as the base state entry, then removes the cluster as ``stop()`` does. Returns
    /// why it could not save (the cluster is removed either way), or `nil`.
    func stopSavingBaseState(versions: [String: String]) -> String? {
        defer { stop() }
        guard let entry = baseStateEntry, let states = baseStates else { return "no cache directory" }
        do {
            let admin = try adminConnection()
            try admin.execute("DROP DATABASE \(Self.databaseName) WITH (FORCE)")
            try admin.execute("ALTER DATABASE \(Self.baseStateDatabase) RENAME TO \(Self.databaseName)")
        } catch {
            return "\(error)"
        }
        guard let process = lock.withLock({ server }), process.isRunning,
            let pid = StaleClusterSweeper.postmasterPID(dataDirectory: dataDirectory)
        else { return "the server is not running" }
        guard StaleClusterSweeper.terminate(pid, signal: SIGINT, grace: 30) else { return "the server did not shut down" }
        do {
            try states.store(dataDirectory, versions: versions, as: entry)
        } catch {
            return "\(error)"
        }
        return nil
    }
}
