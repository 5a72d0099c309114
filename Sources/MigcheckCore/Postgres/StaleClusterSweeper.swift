import Foundation

/// Removes the throwaway clusters of migcheck runs that died without cleaning up.
///
/// A cluster directory is `migcheck-pg-<pid>-<random>` in the temp directory. When `<pid>` is no
/// longer alive, its postmaster (found through `postmaster.pid`, and only if that process's working
/// directory is the cluster's data directory) is shut down and the directory removed.
enum StaleClusterSweeper {
    /// The prefix every cluster directory name starts with.
    static let prefix = "migcheck-pg-"

    /// Sweeps `temporaryRoot` (default: the system temp directory); returns the directories removed.
    @discardableResult
    static func sweep(temporaryRoot: URL = URL(fileURLWithPath: NSTemporaryDirectory())) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporaryRoot.path)) ?? []
        var removed: [URL] = []
        for name in names where name.hasPrefix(prefix) {
            let fields = name.dropFirst(prefix.count).split(separator: "-")
            guard fields.count == 2, let owner = pid_t(fields[0]), owner != getpid(), !isAlive(owner) else { continue }
            let directory = temporaryRoot.appendingPathComponent(name, isDirectory: true)
            stopPostmaster(dataDirectory: directory.appendingPathComponent("data"))
            if (try? FileManager.default.removeItem(at: directory)) != nil { removed.append(directory) }
        }
        return removed
    }

    /// Whether a process with this id exists (EPERM counts: it exists but belongs to someone else).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Shuts down the postmaster of `dataDirectory` if one is still running there.
    static func stopPostmaster(dataDirectory: URL) {
        guard let pid = postmasterPID(dataDirectory: dataDirectory), isAlive(pid),
              workingDirectory(of: pid) == dataDirectory.standardizedFileURL.path
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

    /// Sends SIGQUIT (immediate shutdown), then SIGKILL if the process is still there after `grace`.
    static func terminate(_ pid: pid_t, grace: TimeInterval = 10) {
        kill(pid, SIGQUIT)
        let deadline = Date().addingTimeInterval(grace)
        while isAlive(pid), !isZombie(pid), Date() < deadline { usleep(5_000) }
        if isAlive(pid), !isZombie(pid) { kill(pid, SIGKILL) }
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
