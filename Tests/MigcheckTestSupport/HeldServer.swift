import Foundation

/// A PostgreSQL server held by `migcheck debug start-cluster --hold` (standing in for a CI
/// service container, or the subject of a clean-up test); stopped with SIGTERM on `stop()` or
/// when the value goes away.
public final class HeldServer: @unchecked Sendable {
    /// The held `migcheck` process.
    public let process = Process()
    /// What it printed up to `holding`.
    public private(set) var output = ""
    /// The libpq URL of a database on the server.
    public private(set) var url = ""

    /// The server never said it was holding.
    public struct NotHolding: Error, CustomStringConvertible {
        /// What it printed.
        public var output: String
        public var description: String { "migcheck debug start-cluster --hold did not hold: \(output)" }
    }

    /// Starts the server and waits until it holds.
    public init() throws {
        process.executableURL = TestEnvironment.migcheck
        process.arguments = ["debug", "start-cluster", "--hold"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        while !output.contains("holding") {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("libpq:") }) else {
            stop()
            throw NotHolding(output: output)
        }
        url = line.dropFirst("libpq:".count).trimmingCharacters(in: .whitespaces)
    }

    /// The cluster's socket (and scratch) directory, from the URL's `host=`.
    public var socketDirectory: URL? {
        guard let match = output.firstMatch(of: /host=([^&\s]+)/) else { return nil }
        let host = String(match.1)
        return URL(fileURLWithPath: host.removingPercentEncoding ?? host)
    }

    /// Sends `signal` to the held process and waits for it to exit.
    public func signal(_ signal: Int32) {
        if process.isRunning {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
        }
    }

    /// Stops the server (SIGTERM) if it still runs.
    public func stop() { signal(SIGTERM) }

    deinit { stop() }
}
