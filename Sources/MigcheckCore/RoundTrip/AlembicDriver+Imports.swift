import Foundation

/// A revision file Alembic cannot import (a missing package, a syntax error, an exception at
/// import time), as the driver reports it.
struct ImportFailure: Sendable, Hashable {
    /// The file's absolute path, as it was sent to the driver.
    var path: String
    /// The line the error points at in that file, if the traceback reaches it.
    var line: Int?
    /// The exception.
    var traceback: DriverTraceback
}

/// The driver process ended without answering a request (`os._exit()` in a migration, a crash
/// of a C extension, the OOM killer): the step it was running is named, with how the process ended.
struct DriverExited: Error, CustomStringConvertible, Sendable {
    /// `upgrade 3f2a91c0d4e1`.
    var step: String
    /// The exit status, or the signal number when `signalled`.
    var status: Int32
    /// Whether a signal ended the process.
    var signalled: Bool
    /// The last lines the driver wrote on stderr (`":\n..."`), or empty.
    var log: String

    /// `exit status 3` / `signal 9`.
    var ending: String { signalled ? "signal \(status)" : "exit status \(status)" }

    var description: String { "the Alembic driver process exited during \(step) (\(ending))\(log)" }
}

extension AlembicDriver {
    /// Imports each of `paths` as Alembic does (`alembic.util.load_python_file`), one by one, and
    /// returns the files that fail. Used when ``loadError`` says Alembic cannot load the project.
    func importFailures(_ paths: [String]) throws -> [ImportFailure] {
        let reply = try exchange(["op": "imports", "paths": paths], step: "import of the revision files")
        let failures = reply["failures"] as? [[String: Any]] ?? []
        return failures.map { failure in
            ImportFailure(
                path: failure["path"] as? String ?? "", line: failure["line"] as? Int, traceback: traceback(from: failure))
        }
    }

    /// Ends the env.py run single-run mode may hold open after a step (any request that is no step
    /// ends it; `end` does nothing else), so that its connection goes back to env.py's engine:
    /// before a command that needs the database without other sessions.
    func endEnvRun() throws {
        _ = try exchange(["op": "end"], step: "end of the env.py run")
    }
}
