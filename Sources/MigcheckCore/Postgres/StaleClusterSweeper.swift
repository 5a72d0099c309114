import Foundation

/// Removes the throwaway clusters of migcheck runs that died without cleaning up.
///
/// A cluster directory is `migcheck-pg-<pid>-<random>` in the temp directory. When `<pid>` is no
/// longer alive and no server answers on the directory's socket, its postmaster (found through
/// `postmaster.pid`, and only if that process's working directory is the cluster's data directory)
/// is shut down and the directory removed.
enum StaleClusterSweeper {
    /// The prefix every cluster directory name starts with.
    static let prefix = "migcheck-pg-"

    /// Sweeps `temporaryRoot` (default: the system temp directory); returns the directories removed.
    @discardableResult
    static func sweep(temporaryRoot: URL = URL(fileURLWithPath: NSTemporaryDirectory())) -> [URL] {
        var removed: [URL] = []
        for directory in deadRunDirectories(prefix: prefix, in: temporaryRoot) {
            let dataDirectory = directory.appendingPathComponent("data")
            stopPostmaster(dataDirectory: dataDirectory)
            // A server still answering on the socket that is not visible from here belongs to a
            // live run in another pid namespace (a container sharing this directory): leave it.
            if serverAnswers(socketDirectory: directory) { continue }
            removeSharedMemory(dataDirectory: dataDirectory)
            if (try? FileManager.default.removeItem(at: directory)) != nil { removed.append(directory) }
        }
        return removed
    }

    /// What `sweep` and `sweepDriverDirectories` would remove in `temporaryRoot` (dead owners only).
    static func candidates(temporaryRoot: URL) -> [URL] {
        deadRunDirectories(prefix: prefix, in: temporaryRoot) + deadRunDirectories(prefix: driverPrefix, in: temporaryRoot)
    }

    /// The directories `<prefix><pid>-<random>` in `root` whose migcheck process `<pid>` is gone.
    static func deadRunDirectories(prefix: String, in root: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name -> URL? in
            guard name.hasPrefix(prefix) else { return nil }
            let fields = name.dropFirst(prefix.count).split(separator: "-")
            guard fields.count == 2, let owner = pid_t(fields[0]), owner != getpid(), !isAlive(owner) else { return nil }
            return root.appendingPathComponent(name, isDirectory: true)
        }
    }

    /// The prefix of the Alembic driver's scratch directories (`TemporaryDirectory(purpose: "driver")`).
    static let driverPrefix = "migcheck-driver-"

    /// Removes the scratch directories of Alembic drivers whose migcheck process is gone (killed
    /// with SIGKILL, so no cleanup ran); returns the directories removed. A directory whose pid is
    /// alive, even if reused by another program, is left alone.
    @discardableResult
    static func sweepDriverDirectories(temporaryRoot: URL = URL(fileURLWithPath: NSTemporaryDirectory())) -> [URL] {
        deadRunDirectories(prefix: driverPrefix, in: temporaryRoot).filter { (try? FileManager.default.removeItem(at: $0)) != nil }
    }

    /// Removes the small System V segment a killed postmaster leaves behind (its key and id are on
    /// line 7 of `postmaster.pid`), if nothing is attached to it any more.
    static func removeSharedMemory(dataDirectory: URL) {
        guard let text = try? String(contentsOf: dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8) else { return }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 7 else { return }
        let fields = lines[6].split(separator: " ")
        guard fields.count == 2, let key = Int32(fields[0]), let id = Int32(fields[1]) else { return }
        #if os(Linux)
            var info = shmid_ds()
            guard shmctl(id, IPC_STAT, &info) == 0, info.shm_perm.__key == key, info.shm_nattch == 0 else { return }
            _ = shmctl(id, IPC_RMID, nil)
        #endif
    }

    /// Whether a PostgreSQL server accepts (or explicitly rejects) connections on the socket in
    /// `socketDirectory`.
    static func serverAnswers(socketDirectory: URL) -> Bool {
        let socket = socketDirectory.appendingPathComponent(".s.PGSQL.\(EphemeralCluster.port)")
        guard FileManager.default.fileExists(atPath: socket.path) else { return false }
        let url =
            "postgresql://\(EphemeralCluster.superuser)@/postgres?host=\(PostgresURL.encode(socketDirectory.path))&port=\(EphemeralCluster.port)&connect_timeout=2"
        let answer = PostgresPing.check(url)
        return answer == .ready || answer == .rejecting
    }

    /// Whether a process with this id exists (EPERM counts: it exists but belongs to someone else).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Shuts down the postmaster of `dataDirectory` if one is still running there.
    static func stopPostmaster(dataDirectory: URL) {
        guard let pid = postmasterPID(dataDirectory: dataDirectory), isAlive(pid),
            workingDirectory(of: pid) == dataDirectory.resolvingSymlinksInPath().path
        else { return }
        terminate(pid)
    }

    /// The postmaster's process id from `postmaster.pid` (its first line), if the file exists.
    static func postmasterPID(dataDirectory: URL) -> pid_t? {
        guard let text = try? String(contentsOf: dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8),
            let first = text.split(separator: "\n").first
        else { return nil }
        return pid_t(first.trimmingCharacters(in: .whitespaces))
    }

    /// Sends `signal` (default SIGQUIT, an immediate shutdown; SIGINT is a fast, clean one), then
    /// SIGKILL if the process is still there after `grace`. Returns whether it ended before that.
    @discardableResult
    static func terminate(_ pid: pid_t, signal: Int32 = SIGQUIT, grace: TimeInterval = 10) -> Bool {
        kill(pid, signal)
        let deadline = Date().addingTimeInterval(grace)
        while isAlive(pid), !isZombie(pid), Date() < deadline { usleep(5_000) }
        guard isAlive(pid), !isZombie(pid) else { return true }
        kill(pid, SIGKILL)
        return false
    }

    /// `/proc/<pid>/cwd` resolved, or `nil` (no such process, not Linux, or no permission).
    static func workingDirectory(of pid: pid_t) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
    }

    /// Whether the process has exited but not yet been reaped by its parent.
    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[close...].dropFirst(2).first == "Z"
    }
}
