import Foundation

/// Running the cluster's `postmaster`: launch and readiness, or kill after a failed start.
extension EphemeralCluster {
    /// Kills a server that failed to become ready, so the data directory can be rebuilt.
    func killServer() {
        let process = lock.withLock { () -> Process? in
            defer { server = nil }; return server
        }
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        ProcessRunner.waitForExit(process)
    }

    /// Starts `postgres` on the long-lived thread and waits until it accepts connections.
    func launch(binaries: PostgresBinaries, account: ServerAccount) throws {
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
