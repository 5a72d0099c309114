import Foundation

/// A private PostgreSQL cluster in a temp directory, reachable only through its Unix socket.
///
/// Layout: `<root>/migcheck-pg-<pid>-<random>/` (root: `/dev/shm` or the temp directory) holds the socket, `data/` and `server.log`.
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
        "-c", "autovacuum=off", "-c", "max_connections=50",
    ]

    /// The cluster's private directory (socket, `data/`, `server.log`).
    let directory: URL
    /// The data directory.
    var dataDirectory: URL { directory.appendingPathComponent("data", isDirectory: true) }
    /// How the cluster was started.
    private(set) var startup = ClusterStartup(usedCache: false, prepareSeconds: 0, serverReadySeconds: 0, totalSeconds: 0)

    private let lock = NSLock()
    private var server: Process?
    private var cleanupToken: CleanupRegistry.Token?
    private var stopped = false

    /// Starts a cluster with the server programs in `binaries`, using (and filling) the cache at
    /// `cacheRoot` (`nil`: no cache), in a new directory under `placement` (default: see
    /// `ClusterPlacement`).
    init(binaries: PostgresBinaries, cacheRoot: URL?, placement: URL? = nil) throws {
        let began = Date()
        for root in ClusterPlacement.allRoots() { StaleClusterSweeper.sweep(temporaryRoot: root) }
        let account = try ServerAccount.current()
        let temporary = try TemporaryDirectory(purpose: "pg", in: placement ?? ClusterPlacement.defaultRoot())
        let directory = temporary.url.standardizedFileURL
        self.directory = directory
        let token = CleanupRegistry.register {
            // Runs only on a signal before `stop()`: the server is killed via its pid file.
            StaleClusterSweeper.stopPostmaster(dataDirectory: directory.appendingPathComponent("data"))
            try? FileManager.default.removeItem(at: directory)
        }
        lock.withLock { cleanupToken = token }
        do {
            let socketPath = directory.appendingPathComponent(".s.PGSQL.\(Self.port)").path
            if socketPath.utf8.count > 100 {
                throw PostgresError(function: "socket path", message: "\(socketPath) is too long for a Unix socket; set TMPDIR to a shorter directory")
            }
            try account.handOver(directory)
            let prepared = Date()
            let usedCache = try prepareDataDirectory(binaries: binaries, cacheRoot: cacheRoot, account: account)
            let launched = Date()
            try launch(binaries: binaries, account: account)
            let ready = Date()
            startup = ClusterStartup(
                usedCache: usedCache,
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
        try! PostgresURL(parsing: "postgresql://\(Self.superuser)@/\(database)?host=\(PostgresURL.encode(directory.path))&port=\(Self.port)")
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
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(2_000) }
        }
        try? FileManager.default.removeItem(at: directory)
        if let token { CleanupRegistry.unregister(token) }
    }

    deinit {
        stop()
    }

    /// Fills `data/` from the cache, or with `initdb` (then stores it in the cache). Returns whether
    /// the cache was used.
    private func prepareDataDirectory(binaries: PostgresBinaries, cacheRoot: URL?, account: ServerAccount) throws -> Bool {
        let cache = cacheRoot.map(ClusterCache.init(root:))
        let entry = try cache.map { cache in
            cache.entry(versionLine: try binaries.version(), settings: Self.initdbArguments + ["renamed postgres to \(Self.databaseName)"])
        }
        if let cache, let entry, cache.isComplete(entry) {
            try ClusterCache.copyTree(entry, to: dataDirectory)
            return true
        }
        try runAsServer(account, binaries.initdb, Self.initdbArguments + ["-D", dataDirectory.path], step: "initdb")
        try runAsServer(
            account, binaries.postgres,
            ["--single", "-D", dataDirectory.path, "-F", "-c", "autovacuum=off", "template1"],
            input: "ALTER DATABASE postgres RENAME TO \(Self.databaseName);\n", step: "postgres --single"
        )
        if let cache, let entry {
            try? cache.store(dataDirectory, as: entry)
        }
        return false
    }

    /// Runs a short-lived server program as the server account; throws with its output on failure.
    private func runAsServer(_ account: ServerAccount, _ executable: String, _ arguments: [String], input: String? = nil, step: String) throws {
        let (program, args) = account.command(executable, arguments, dieWithParent: false)
        let result = try ProcessRunner.run(program, args, directory: directory, input: input.map { Data($0.utf8) })
        guard result.status == 0 else {
            let output = (result.stderrText + result.stdoutText).trimmingCharacters(in: .whitespacesAndNewlines)
            throw PostgresError(function: step, message: "exited with status \(result.status): \(output)")
        }
    }

    /// Starts `postgres` on the long-lived thread and waits until it accepts connections.
    private func launch(binaries: PostgresBinaries, account: ServerAccount) throws {
        let logURL = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        let arguments = ["-D", dataDirectory.path, "-k", directory.path, "-p", String(Self.port)] + Self.serverArguments
        let (program, args) = account.command(binaries.postgres, arguments, dieWithParent: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = args
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try LongLivedThread.shared.perform { try process.run() }
        lock.withLock { server = process }

        let pingURL = url().libpqURL
        let deadline = Date().addingTimeInterval(60)
        while PostgresPing.check(pingURL) != .ready {
            if !process.isRunning || Date() > deadline {
                let logText = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
                let tail = logText.split(separator: "\n").suffix(5).joined(separator: " | ")
                let why = process.isRunning ? "not ready after 60 s" : "exited with status \(process.terminationStatus)"
                throw PostgresError(function: "postgres", message: "server \(why): \(tail)")
            }
            usleep(2_000)
        }
    }
}
