import Foundation

/// A private PostgreSQL cluster in a temp directory, reachable only through its Unix socket.
///
/// Layout: `<root>/migcheck-pg-<pid>-<random>/` (root: `/dev/shm` or the temp directory) holds
/// the socket, `data/` and `server.log`.
/// The server runs with durability off (`-F`, no full-page writes, asynchronous commit) and without
/// autovacuum: nothing in it is meant to survive. `stop()` shuts it down and removes the directory;
/// it is also registered with `CleanupRegistry` so Ctrl-C cleans up.
final class EphemeralCluster: @unchecked Sendable {
    /// The database migrations run in: `initdb`'s `postgres` database, renamed (saves a copy).
    static let databaseName = "migcheck"
    /// The superuser `initdb` creates.
    static let superuser = "postgres"
    /// The port number in the socket name (`.s.PGSQL.5432`); no TCP port is opened.
    static let port = 5432
    /// `initdb` arguments; part of the cache key.
    static let initdbArguments = ["--no-sync", "-A", "trust", "-U", superuser, "-E", "UTF8", "--locale=C", "--wal-segsize=1"]
    /// Server settings for a throwaway cluster.
    static let serverArguments = [
        "-c", "listen_addresses=", "-F", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        "-c", "autovacuum=off", "-c", "max_connections=50", "-c", "unix_socket_permissions=0700",
        // Dynamic shared memory as files in the data directory (pg_dynshmem/) instead of POSIX
        // segments in /dev/shm, which a killed server would leave behind for good.
        "-c", "dynamic_shared_memory_type=mmap",
    ]

    /// The cluster's private directory (socket, `data/`, `server.log`).
    let directory: URL
    /// The data directory.
    var dataDirectory: URL { directory.appendingPathComponent("data", isDirectory: true) }
    /// How the cluster was started.
    private(set) var startup = ClusterStartup(usedCache: false, prepareSeconds: 0, serverReadySeconds: 0, totalSeconds: 0)
    /// The cache of data directories and saved base states (`nil`: none).
    let cacheRoot: URL?
    /// The saved base state's cache entry for the key the cluster was started with (used or not).
    /// Set while `init` prepares the data directory, read-only afterwards.
    var baseStateEntry: URL?
    /// What the restored base state recorded (``BaseStateCache/versions(of:)``), when one was used;
    /// set like ``baseStateEntry``.
    var baseStateRecord: [String: String]?

    let lock = NSLock()
    var server: Process?
    private var cleanupToken: CleanupRegistry.Token?
    private var stopped = false

    /// Starts a cluster with the server programs in `binaries`, using (and filling) the cache at
    /// `cacheRoot` (`nil`: no cache), in a new directory under `placement` (default: see
    /// `ClusterPlacement`). `urlKnown` is called with the URL of the `migcheck` database as soon as
    /// the directory is chosen, before the server starts (the Alembic driver starts meanwhile).
    /// With `baseStateKey`, the data directory is the saved base state for that key when the cache
    /// holds one (``ClusterStartup/usedBaseState``); ``baseStateEntry`` is where it is (or would be
    /// saved).
    init(
        binaries: PostgresBinaries, cacheRoot: URL?, placement: URL? = nil, baseStateKey: String? = nil,
        urlKnown: ((PostgresURL) -> Void)? = nil
    ) throws {
        let began = Date()
        for root in ClusterPlacement.allRoots() { StaleClusterSweeper.sweep(temporaryRoot: root) }
        let account = try ServerAccount.current()
        let temporary = try TemporaryDirectory(purpose: "pg", in: placement ?? ClusterPlacement.defaultRoot())
        let directory = temporary.url.standardizedFileURL
        self.directory = directory
        self.cacheRoot = cacheRoot
        let token = CleanupRegistry.register {
            // Runs only on a signal before `stop()`: the server is killed via its pid file.
            StaleClusterSweeper.stopPostmaster(dataDirectory: directory.appendingPathComponent("data"))
            try? FileManager.default.removeItem(at: directory)
        }
        lock.withLock { cleanupToken = token }
        do {
            let socketPath = directory.appendingPathComponent(".s.PGSQL.\(Self.port)").path
            if socketPath.utf8.count > 100 {
                throw PostgresError(
                    function: "socket path", message: "\(socketPath) is too long for a Unix socket; set TMPDIR to a shorter directory")
            }
            // Trust authentication: only the server's user (and root) may reach the socket.
            if chmod(directory.path, 0o700) != 0 {
                throw PostgresError(function: "chmod", message: "\(directory.path): \(String(cString: strerror(errno)))")
            }
            try account.handOver(directory)
            urlKnown?(url())
            let prepared = Date()
            var source = try prepareDataDirectory(
                binaries: binaries, cacheRoot: cacheRoot, baseStateKey: baseStateKey, account: account, discardCache: false)
            var launched = Date()
            do {
                try launch(binaries: binaries, account: account)
            } catch  where source != .initdb {
                // A cached data directory that does not start (damaged, copied from another
                // machine) is replaced once: a saved base state by the plain cache entry, a cache
                // entry by a fresh initdb.
                killServer()
                try? FileManager.default.removeItem(at: dataDirectory)
                if source == .baseState, let entry = baseStateEntry { baseStates?.discard(entry) }
                source = try prepareDataDirectory(
                    binaries: binaries, cacheRoot: cacheRoot, baseStateKey: nil, account: account, discardCache: source == .cache)
                launched = Date()
                try launch(binaries: binaries, account: account)
            }
            let ready = Date()
            startup = ClusterStartup(
                usedCache: source != .initdb, usedBaseState: source == .baseState,
                prepareSeconds: launched.timeIntervalSince(prepared),
                serverReadySeconds: ready.timeIntervalSince(launched),
                totalSeconds: ready.timeIntervalSince(began)
            )
        } catch {
            stop()
            throw error
        }
    }

    /// The libpq URI of `database` in this cluster, as the superuser, over the socket.
    func url(database: String = EphemeralCluster.databaseName) -> PostgresURL {
        // Force-unwrap is safe: the text is built from an encoded path and constant parts.
        try! PostgresURL(
            parsing: "postgresql://\(Self.superuser)@/\(database)?host=\(PostgresURL.encode(directory.path))&port=\(Self.port)")
    }

    /// The postmaster's process id while it runs.
    var serverProcessID: pid_t? {
        lock.withLock { server?.isRunning == true ? server?.processIdentifier : nil }
    }

    /// Shuts the server down (immediate shutdown) and removes the directory. Idempotent.
    func stop() {
        let (process, token): (Process?, CleanupRegistry.Token?) = lock.withLock {
            if stopped { return (nil, nil) }
            stopped = true
            defer { server = nil; cleanupToken = nil }
            return (server, cleanupToken)
        }
        if let process, process.isRunning {
            let pid = StaleClusterSweeper.postmasterPID(dataDirectory: dataDirectory) ?? process.processIdentifier
            StaleClusterSweeper.terminate(pid)
            ProcessRunner.waitForExit(process, timeout: 10)
        }
        try? FileManager.default.removeItem(at: directory)
        if let token { CleanupRegistry.unregister(token) }
    }

    deinit {
        stop()
    }
}
