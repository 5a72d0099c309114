import Foundation

/// A throwaway database for migrations to run in: either in a private cluster migcheck starts
/// (`ephemeral`) or freshly created on a server the user names (`onServer`).
///
/// `dispose()` stops/drops everything the value made; it is idempotent, runs from `deinit`, and is
/// registered with `CleanupRegistry` so Ctrl-C and SIGTERM clean up too.
public final class ScratchDatabase: @unchecked Sendable {
    /// Where the database lives.
    enum Location: Sendable, Equatable {
        /// A private cluster in this temp directory, started and stopped by migcheck.
        case ephemeralCluster(directory: URL)
        /// A database created on a user's server; it is dropped on dispose.
        case server
    }

    /// Where the database lives.
    let location: Location
    /// The database's name (`migcheck` in an ephemeral cluster, `migcheck_<random>` on a server).
    let databaseName: String
    /// How the ephemeral cluster started (`nil` in server mode).
    public let startup: ClusterStartup?

    private let url: PostgresURL
    /// The URL used to create and drop databases: the user's (server mode) or the cluster's.
    private let serverURL: PostgresURL
    private let cluster: EphemeralCluster?
    private let lock = NSLock()
    private var cleanupToken: CleanupRegistry.Token?
    private var disposed = false
    /// Whether ``keepBaseState(connection:)`` copied the database for saving at dispose.
    private var baseStateKept = false

    /// Starts a private cluster (server programs from `pgBin`, or found as `PostgresBinaries.locate`
    /// does) and returns its `migcheck` database.
    ///
    /// - Parameter cacheDirectory: where initialised data directories are cached; default
    ///   `$XDG_CACHE_HOME/migcheck` or `~/.cache/migcheck`.
    public static func ephemeral(pgBin: URL?, cacheDirectory: URL? = nil) throws -> ScratchDatabase {
        try ephemeral(pgBin: pgBin, cacheDirectory: cacheDirectory, urlKnown: nil)
    }

    /// ``ephemeral(pgBin:cacheDirectory:)``, calling `urlKnown` with the database's URL before the
    /// server starts.
    /// With `baseStateKey`, the cluster starts from the saved base state for that key if there is
    /// one (``usedBaseState``).
    static func ephemeral(
        pgBin: URL?, cacheDirectory: URL? = nil, baseStateKey: String? = nil, urlKnown: ((PostgresURL) -> Void)?
    ) throws -> ScratchDatabase {
        try LibPQ.require()
        let binaries = try PostgresBinaries.locate(explicit: pgBin)
        let cluster = try EphemeralCluster(
            binaries: binaries, cacheRoot: cacheDirectory ?? ClusterCache.defaultRoot(), baseStateKey: baseStateKey,
            urlKnown: urlKnown)
        return ScratchDatabase(cluster: cluster)
    }

    /// Creates a database `migcheck_<random>` on the server `url` names (SQLAlchemy or libpq form)
    /// and returns it. Only `CREATE DATABASE` and, on dispose, `DROP DATABASE` run through the
    /// database the URL names.
    static func onServer(url: String) throws -> ScratchDatabase {
        try LibPQ.require()
        return try create(on: PostgresURL(parsing: url), template: nil)
    }

    /// A new database next to this one (same cluster or server), dropped on its own `dispose()`.
    ///
    /// With `copying`, it starts as a copy of this database (`CREATE DATABASE ... TEMPLATE`), which
    /// PostgreSQL allows only while nobody is connected to this one (SQLSTATE 55006 otherwise).
    func sibling(copying: Bool = false) throws -> ScratchDatabase {
        try Self.create(on: serverURL, template: copying ? databaseName : nil)
    }

    private static func create(on serverURL: PostgresURL, template: String?) throws -> ScratchDatabase {
        let name = "migcheck_\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        let admin = try PGConnection(conninfo: serverURL.libpqURL)
        do {
            var command = "CREATE DATABASE \(try admin.quoteIdentifier(name))"
            if let template { command += " TEMPLATE \(try admin.quoteIdentifier(template))" }
            try admin.execute(command)
            // The marker `migcheck clean` needs to prove the database is migcheck's and whose.
            try admin.execute("COMMENT ON DATABASE \(try admin.quoteIdentifier(name)) IS \(ScratchDatabaseMarker.current.literal)")
        } catch var error as PostgresError where error.sqlState == "42501" {
            error.message += " (the role in the database URL needs the CREATEDB privilege: ALTER ROLE ... CREATEDB)"
            throw error
        }
        return ScratchDatabase(serverURL: serverURL, database: name)
    }

    private init(cluster: EphemeralCluster) {
        self.cluster = cluster
        location = .ephemeralCluster(directory: cluster.directory)
        databaseName = EphemeralCluster.databaseName
        url = cluster.url()
        serverURL = url
        startup = cluster.startup
        cleanupToken = CleanupRegistry.register { cluster.stop() }
    }

    private init(serverURL: PostgresURL, database: String) {
        cluster = nil
        location = .server
        databaseName = database
        url = serverURL.withDatabase(database)
        self.serverURL = serverURL
        startup = nil
        cleanupToken = CleanupRegistry.register { Self.drop(database, on: serverURL) }
    }

    /// The libpq URI of the scratch database (for `PGConnection`, `psql`).
    public var libpqURL: String { url.libpqURL }

    /// The SQLAlchemy URL of the scratch database, for Alembic's `sqlalchemy.url`.
    ///
    /// `driver` picks the DBAPI (`asyncpg`, `psycopg2`, `psycopg`); `nil` keeps the driver of the
    /// user's `--database-url` (server mode) or gives plain `postgresql://` (psycopg 3 in
    /// SQLAlchemy 2.1) for an ephemeral cluster.
    public func sqlalchemyURL(driver: String? = nil) -> String {
        url.sqlalchemyURL(driver: driver)
    }

    /// The scratch database's URL as a value (redacts its password when printed).
    var postgresURL: PostgresURL { url }

    /// Opens a new connection to the scratch database.
    func connect() throws -> PGConnection {
        try PGConnection(conninfo: url.libpqURL)
    }

    /// The ephemeral cluster's postmaster process id while it runs (`nil` in server mode).
    var serverProcessID: Int32? { cluster?.serverProcessID }

    /// Stops the ephemeral cluster and removes its directory, or drops the server database
    /// (`WITH (FORCE)`, disconnecting anyone still attached). Safe to call more than once.
    public func dispose() {
        let token: CleanupRegistry.Token? = lock.withLock {
            if disposed { return nil }
            disposed = true
            defer { cleanupToken = nil }
            return cleanupToken
        }
        if let token { CleanupRegistry.run(token) }
    }

    deinit {
        dispose()
    }

    /// Whether the private cluster started from a saved base state (``BaseStateCache``).
    var usedBaseState: Bool { startup?.usedBaseState == true }
    /// Where the private cluster's base state is (or would be) saved.
    var baseStateEntry: URL? { cluster?.baseStateEntry }
    /// What the restored base state recorded, when one was used.
    var baseStateRecord: [String: String]? { usedBaseState ? cluster?.baseStateRecord : nil }

    /// Removes the saved base state this cluster started from (it did not match the run).
    func discardBaseState() {
        guard usedBaseState, let entry = cluster?.baseStateEntry else { return }
        cluster?.baseStates?.discard(entry)
    }

    /// Copies the database as it is now (the base state) so that ``dispose(savingBaseState:)``
    /// can save it. `connection` (migcheck's only session) is closed meanwhile and reconnected.
    /// Returns why nothing was kept (no private cluster or cache, another session connected,
    /// state a copy would lose, the copy failed), or `nil`; throws only when `connection` cannot
    /// reconnect.
    func keepBaseState(connection: PGConnection) throws -> String? {
        guard let cluster, cluster.baseStateEntry != nil else { return "no cache directory" }
        let admin: PGConnection
        do {
            admin = try cluster.adminConnection()
            if let why = try cluster.baseStateObstacle(admin, excluding: connection.backendPID) { return why }
        } catch {
            return "\(error)"
        }
        let why: String? = try connection.closed {
            do {
                try cluster.copyBaseState(admin)
                return nil
            } catch {
                return "\(error)"
            }
        }
        if why == nil { lock.withLock { baseStateKept = true } }
        return why
    }

    /// ``dispose()``, saving the state ``keepBaseState(connection:)`` kept as the cluster's base
    /// state entry, with the driver's `versions`. Returns why it was not saved, or `nil` (also
    /// when nothing was kept).
    func dispose(savingBaseState versions: [String: String]) -> String? {
        let kept = lock.withLock { baseStateKept && !disposed }
        guard kept, let cluster else {
            dispose()
            return nil
        }
        let why = cluster.stopSavingBaseState(versions: versions)
        dispose()
        return why
    }

    /// Drops `database` through a fresh connection to the server's own database; errors are ignored
    /// (a cleanup has nowhere to report them).
    static func drop(_ database: String, on serverURL: PostgresURL) {
        guard let admin = try? PGConnection(conninfo: serverURL.libpqURL),
            let quoted = try? admin.quoteIdentifier(database)
        else { return }
        if admin.serverVersion >= 130_000 {
            try? admin.execute("DROP DATABASE IF EXISTS \(quoted) WITH (FORCE)")
        } else {
            try? admin.execute("DROP DATABASE IF EXISTS \(quoted)")
        }
    }
}
