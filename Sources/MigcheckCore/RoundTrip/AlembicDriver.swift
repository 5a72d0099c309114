import Foundation

/// One long-lived Python process running ``AlembicDriverScript`` in the project's interpreter.
///
/// The process gets the scratch database URL as `sqlalchemy.url` and in the database-URL variable;
/// env.py picks the driver. It is killed on `stop()`, on deinit, on SIGINT/SIGTERM (through
/// `CleanupRegistry`) and, on Linux, when migcheck dies (`PR_SET_PDEATHSIG`).
final class AlembicDriver: @unchecked Sendable {
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private let logURL: URL
    private let scratch: TemporaryDirectory
    private var buffer = Data()
    private var cleanupToken: CleanupRegistry.Token?
    /// Removes the database password from everything the driver reports.
    private var redactor = SecretRedactor(secrets: [])
    /// Whether ``connect(to:)`` has run: before it the driver runs nothing of
    /// the project, and ``stop()`` kills it at once.
    private var connected = false
    /// The longest one step (an upgrade or a downgrade) may take; `nil` waits forever. A step that
    /// runs longer stops the driver (SIGKILL) and the round trip (a `DriverError` naming the step).
    var stepTimeout: TimeInterval? = AlembicDriver.defaultStepTimeout
    /// Ten minutes: far beyond any migration on an empty database, well within a CI job's limit.
    static let defaultStepTimeout: TimeInterval = 600
    /// How many times env.py has run so far (one per step in per-step mode).
    private(set) var envRuns = 0
    /// The Alembic version the driver imported.
    private(set) var alembicVersion = ""
    /// The Python version running it.
    private(set) var pythonVersion = ""
    /// The SQLAlchemy version Alembic imported.
    private(set) var sqlalchemyVersion = ""
    /// The oldest Alembic the driver supports; older versions are refused at start.
    static let minimumAlembic = (major: 1, minor: 4)
    /// The interpreter and the configuration file, for messages.
    private let python: String
    private let configPath: String
    /// Seconds the driver took to import Alembic, and to load the revision files.
    private(set) var importSeconds = 0.0
    private(set) var loadSeconds = 0.0
    /// Why Alembic could not load the revision files at start (`nil` when it could): Alembic
    /// then cannot run any command. ``importFailures(_:)`` names the files.
    private(set) var loadError: DriverTraceback?

    /// Starts the driver: Python imports Alembic, then waits for ``connect(to:)``
    /// before it loads anything of the project.
    ///
    /// - Parameters:
    ///   - python: the interpreter to run.
    ///   - configPath: absolute path of alembic.ini (or pyproject.toml).
    ///   - section: the ini section (`alembic -n`).
    ///   - urlVariable: the environment variable env.py reads (`DATABASE_URL`); the driver starts
    ///     without it (no code of the project sees another database) and sets it on `connect`.
    ///   - workingDirectory: where Alembic runs (relative `prepend_sys_path` entries resolve here).
    ///   - mode: one env.py run for a series of steps, or one per step (``DriverMode``).
    init(python: String, configPath: String, section: String, urlVariable: String, workingDirectory: URL, mode: DriverMode = .single)
        throws
    {
        self.python = python
        self.configPath = configPath
        StaleClusterSweeper.sweepDriverDirectories()
        scratch = try TemporaryDirectory(purpose: "driver")
        let scriptURL = scratch.url.appendingPathComponent("migcheck_alembic_driver.py")
        logURL = scratch.url.appendingPathComponent("driver.log")
        try Data(AlembicDriverScript.source.utf8).write(to: scriptURL)
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)

        let (process, stdinPipe, stdoutPipe) = try Self.makeProcess(
            python: python, arguments: [scriptURL.path, configPath, section, urlVariable, mode.rawValue],
            workingDirectory: workingDirectory, environment: Self.environment(without: urlVariable), logURL: logURL)
        input = stdinPipe.fileHandleForWriting
        output = stdoutPipe.fileHandleForReading
        self.process = process
        do {
            try process.run()
        } catch {
            scratch.remove()
            throw DriverError(message: "cannot run Python \(python): \(error.localizedDescription)")
        }
        let pid = process.processIdentifier
        let directory = scratch
        cleanupToken = CleanupRegistry.register {
            kill(pid, SIGKILL)
            directory.remove()
        }
    }

    /// Gives the driver its scratch database; it then loads the configuration and the revision
    /// files (call ``waitUntilReady()`` before any request). The driver gets the SQLAlchemy URL
    /// without the password, and the password for `PGPASSWORD` (psycopg, psycopg2 and asyncpg
    /// read it): never on a command line or in the URL.
    func connect(to url: PostgresURL) {
        redactor = SecretRedactor(secrets: url.password.map { [$0] } ?? [])
        var database = ["url": url.withoutPassword.sqlalchemyURL()]
        database["password"] = url.password
        connected = true
        // A dictionary of strings always serialises (were it not to, the driver ends and
        // waitUntilReady() says so). The driver may have ended before reading the line (Alembic
        // could not be imported): its reply says why.
        guard var line = try? JSONSerialization.data(withJSONObject: database, options: [.sortedKeys]) else {
            return stop()
        }
        line.append(UInt8(ascii: "\n"))
        try? PipeWriter.write(line, to: input.fileDescriptor)
    }

    /// Waits for the driver to have loaded the configuration and the revision files (after
    /// ``connect(to:)``); on failure the driver is stopped.
    func waitUntilReady() throws {
        do {
            try awaitReady(python: python, configPath: configPath)
        } catch {
            stop()
            throw error
        }
    }

    /// Waits for the driver's first reply and records the versions and load times it reports;
    /// throws a `DriverError` when Python exits first, Alembic is missing or too old, or the
    /// configuration cannot be loaded.
    private func awaitReady(python: String, configPath: String) throws {
        guard let ready = try readReply() else {
            throw DriverError(message: redactor.redact("Python \(python) exited before Alembic was loaded\(Self.tail(of: logURL))"))
        }
        guard ready["ready"] as? Bool == true else {
            let type = ready["type"] as? String ?? "error"
            let message = ready["message"] as? String ?? ""
            if ready["kind"] as? String == "unsupported" {
                let minimum = "\(Self.minimumAlembic.major).\(Self.minimumAlembic.minor)"
                throw DriverError(
                    message: "Python \(python) has Alembic \(message); migcheck roundtrip needs Alembic \(minimum) or newer")
            }
            if type == "ModuleNotFoundError" || type == "ImportError" {
                throw DriverError(
                    message: "Python \(python) cannot import Alembic (\(message)); pass --python with the project's interpreter")
            }
            throw DriverError(message: redactor.redact("Alembic could not load \(configPath): \(type): \(message)"))
        }
        alembicVersion = ready["alembic"] as? String ?? "?"
        pythonVersion = ready["python"] as? String ?? "?"
        sqlalchemyVersion = ready["sqlalchemy"] as? String ?? "?"
        importSeconds = ready["imports_seconds"] as? Double ?? 0
        loadSeconds = ready["load_seconds"] as? Double ?? 0
        loadError = (ready["load_error"] as? [String: Any]).map(traceback(from:))
    }

    deinit { stop() }

    /// `alembic upgrade <revision>`. `versions`: the version table's rows, when migcheck has read
    /// them and nothing has written since (the driver then need not read the table itself).
    /// `unchecked`: an upgrade nothing is compared after but its end state (the base of `--changed`
    /// and `--shard`); the driver writes its version-table updates once, after its last step
    /// (``AlembicDriverScript/versionWritesSource``).
    func upgrade(_ revision: String, versions: [String]? = nil, unchecked: Bool = false) throws -> DriverStepResult {
        try send(["op": "upgrade", "revision": revision].merging(unchecked ? ["unchecked": "1"] : [:]) { $1 }, versions: versions)
    }

    /// Downgrades exactly `revision` (its own downgrade() only).
    func downgrade(_ revision: String, versions: [String]? = nil) throws -> DriverStepResult {
        try send(["op": "downgrade", "revision": revision], versions: versions)
    }

    /// Ends the process (closing its stdin, then killing it; killing it at once when it never got
    /// a database) and removes the script.
    func stop() {
        if let token = cleanupToken {
            cleanupToken = nil
            CleanupRegistry.unregister(token)
            try? input.close()
            if !connected, process.isRunning { kill(process.processIdentifier, SIGKILL) }
            if !ProcessRunner.waitForExit(process, timeout: 2) { kill(process.processIdentifier, SIGKILL) }
            ProcessRunner.waitForExit(process)
            try? output.close()
        }
        scratch.remove()
    }

    /// Compares env.py's `target_metadata` with the database (which must be at its heads), as
    /// `alembic check` does.
    func drift() throws -> ModelDriftOutcome {
        let reply = try exchange(["op": "drift"], step: "the model drift comparison")
        if reply["ok"] as? Bool != true { return .failed(traceback(from: reply)) }
        if let reason = reply["skipped"] as? String { return .notConfigured(reason) }
        let items = reply["differences"] as? [[String: String]] ?? []
        return .compared(
            items.map {
                ModelDifference(
                    operation: $0["operation"] ?? "?", object: redactor.redact($0["object"] ?? "?"),
                    detail: redactor.redact($0["detail"] ?? ""))
            })
    }

    private func send(_ request: [String: String], versions: [String]?) throws -> DriverStepResult {
        var message: [String: Any] = request
        if let versions { message["versions"] = versions }
        let reply = try exchange(message, step: "\(request["op"] ?? "") \(request["revision"] ?? "")")
        let seconds = reply["seconds"] as? Double ?? 0
        envRuns = reply["runs"] as? Int ?? envRuns
        if reply["ok"] as? Bool == true { return DriverStepResult(failure: nil, seconds: seconds) }
        let traceback = traceback(from: reply)
        let failure: DriverStepResult.Failure =
            reply["kind"] as? String == "not-implemented"
            ? .notImplemented(traceback) : .error(traceback)
        return DriverStepResult(failure: failure, seconds: seconds)
    }

    /// The exception in a reply, redacted.
    func traceback(from reply: [String: Any]) -> DriverTraceback {
        DriverTraceback(
            type: reply["type"] as? String ?? "Exception",
            message: redactor.redact(reply["message"] as? String ?? ""),
            traceback: redactor.redact(reply["traceback"] as? String ?? ""))
    }

    /// Sends one request and reads its reply. Throws ``DriverExited`` when the process ends
    /// without replying, a `DriverError` when `step` outlives the step timeout.
    func exchange(_ request: [String: Any], step: String) throws -> [String: Any] {
        var line = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
        line.append(UInt8(ascii: "\n"))
        do {
            try PipeWriter.write(line, to: input.fileDescriptor)
        } catch {
            throw DriverError(message: redactor.redact("the Alembic driver process has exited\(Self.tail(of: logURL))"))
        }
        let deadline = stepTimeout.map { Date().addingTimeInterval($0) }
        guard let reply = try readReply(deadline: deadline, step: step) else {
            try? input.close()
            ProcessRunner.waitForExit(process)
            throw DriverExited(
                step: step, status: process.terminationStatus,
                signalled: process.terminationReason == .uncaughtSignal,
                log: redactor.redact(Self.tail(of: logURL)))
        }
        return reply
    }

    /// Reads one JSON line from the driver; `nil` at end of file. Past `deadline` the driver is
    /// killed and a `DriverError` names `step`.
    private func readReply(deadline: Date? = nil, step: String = "") throws -> [String: Any]? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    throw DriverError(
                        message: "unexpected output from the Alembic driver: \(String(decoding: line, as: UTF8.self).prefix(200))")
                }
                return object
            }
            if let deadline {
                var descriptor = pollfd(fd: output.fileDescriptor, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(max(0, min(deadline.timeIntervalSinceNow * 1000, Double(Int32.max))))
                let ready = poll(&descriptor, 1, milliseconds)
                if ready < 0, errno == EINTR { continue }
                if ready == 0 {
                    kill(process.processIdentifier, SIGKILL)
                    let limit = Int((stepTimeout ?? 0).rounded())
                    throw DriverError(
                        message: "\(step) did not finish within \(limit) s (--step-timeout); the Alembic driver was stopped")
                }
            }
            let chunk = output.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    /// The last lines the driver wrote on stderr, as `": ..."` for an error message.
    private static func tail(of log: URL) -> String {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return "" }
        let lines = text.split(separator: "\n").suffix(8)
        return lines.isEmpty ? "" : ":\n" + lines.joined(separator: "\n")
    }
}

/// The Python side could not be used at all (no interpreter, no Alembic, the process died):
/// a could-not-check condition (exit status 2).
struct DriverError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    var message: String
    var description: String { message }
}
