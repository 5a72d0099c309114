import Foundation

/// The operating-system account the PostgreSQL server runs as.
///
/// PostgreSQL refuses to run as root; when migcheck is root, the server programs run as the
/// `postgres` user through `setpriv` (or `runuser` if `setpriv` is missing), and the cluster's
/// directory is handed to that user first. Otherwise they run as migcheck's own user.
struct ServerAccount: Sendable {
    /// The user to switch to, or `nil` to stay migcheck's own user.
    let switchTo: (name: String, uid: uid_t, gid: gid_t)?
    /// `setpriv`, if installed: sets the parent-death signal and, for root, switches user.
    let setpriv: String?
    /// `runuser`, used to switch user only when `setpriv` is missing.
    let runuser: String?

    /// The account for this process: `serverUser` (default `postgres`) when root, else the current user.
    static func current(serverUser: String = "postgres") throws -> ServerAccount {
        let setpriv =
            ProcessRunner.resolveExecutable("setpriv")
            ?? ["/usr/bin/setpriv", "/bin/setpriv"].first(where: FileManager.default.isExecutableFile)
        let runuser =
            ProcessRunner.resolveExecutable("runuser")
            ?? ["/usr/sbin/runuser", "/sbin/runuser"].first(where: FileManager.default.isExecutableFile)
        guard geteuid() == 0 else { return ServerAccount(switchTo: nil, setpriv: setpriv, runuser: runuser) }
        guard let entry = getpwnam(serverUser) else {
            throw PostgresError(
                function: "getpwnam",
                message:
                    "migcheck runs as root, PostgreSQL refuses to, and there is no '\(serverUser)' user to run it as; create that user or run migcheck as an unprivileged user"
            )
        }
        guard setpriv != nil || runuser != nil else {
            throw PostgresError(
                function: "setpriv", message: "migcheck runs as root and needs setpriv or runuser to start PostgreSQL as '\(serverUser)'")
        }
        return ServerAccount(switchTo: (serverUser, entry.pointee.pw_uid, entry.pointee.pw_gid), setpriv: setpriv, runuser: runuser)
    }

    /// The command line that runs `executable arguments` as this account.
    ///
    /// With `dieWithParent`, the program gets SIGKILL when the thread that started it ends
    /// (`setpriv --pdeathsig`), so a server never outlives a crashed migcheck.
    func command(_ executable: String, _ arguments: [String], dieWithParent: Bool) -> (String, [String]) {
        if let setpriv {
            var options: [String] = []
            if let user = switchTo {
                options += ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups"]
            }
            if dieWithParent { options.append("--pdeathsig=KILL") }
            if !options.isEmpty { return (setpriv, options + ["--", executable] + arguments) }
        }
        if let user = switchTo, let runuser {
            return (runuser, ["-u", user.name, "--", executable] + arguments)
        }
        return (executable, arguments)
    }

    /// Gives the tree at `url` to the server's user if it belongs to someone else (a cache copied
    /// from a machine where `postgres` has another uid); a no-op when not switching users.
    func ensureOwnsTree(_ url: URL) throws {
        guard let user = switchTo else { return }
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw PostgresError(function: "stat", message: "\(url.path): \(String(cString: strerror(errno)))")
        }
        guard info.st_uid != user.uid || info.st_gid != user.gid else { return }
        let result = try ProcessRunner.run("/bin/chown", ["-R", "\(user.uid):\(user.gid)", url.path])
        guard result.status == 0 else {
            throw PostgresError(function: "chown -R", message: "\(url.path): \(result.stderrText)")
        }
    }

    /// Gives `url` (not recursively) to the server's user; a no-op when not switching users.
    func handOver(_ url: URL) throws {
        guard let user = switchTo else { return }
        if chown(url.path, user.uid, user.gid) != 0 {
            throw PostgresError(function: "chown", message: "\(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
