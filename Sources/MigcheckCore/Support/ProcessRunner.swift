import Foundation

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    /// Exit status, or the negated signal number when the process was killed by a signal.
    public var status: Int32
    /// Everything the process wrote to standard output.
    public var stdout: Data
    /// Everything the process wrote to standard error.
    public var stderr: Data

    /// Standard output decoded as UTF-8 (invalid bytes replaced).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error decoded as UTF-8 (invalid bytes replaced).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs child processes to completion, capturing their output without deadlocking on full pipes.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` and waits for it.
    ///
    /// - Parameters:
    ///   - executable: an absolute path, or a bare name looked up on `PATH`.
    ///   - environment: the complete environment for the child; `nil` inherits migcheck's.
    ///   - directory: the working directory; `nil` inherits migcheck's.
    ///   - input: bytes written to the child's standard input, which is then closed.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        directory: URL? = nil,
        input: Data? = nil
    ) throws -> ProcessResult {
        let process = Process()
        guard let path = resolveExecutable(executable, path: environment?["PATH"]) else {
            throw ProcessRunnerError.notFound(executable)
        }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        if let input {
            // A child that exits without reading its input must not end migcheck with SIGPIPE.
            try? PipeWriter.write(input, to: inPipe.fileHandleForWriting.fileDescriptor)
            try? inPipe.fileHandleForWriting.close()
        }
        // Drain both pipes concurrently so neither fills up and blocks the child.
        let collected = CollectedOutput()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            collected.setStderr(errPipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        waitForExit(process)
        let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
        return ProcessResult(status: status, stdout: out, stderr: collected.stderr)
    }

    /// Waits for `process` to end, at most `timeout` seconds (`nil`: as long as it takes); whether
    /// it ended. Foundation's `waitUntilExit()` on the main thread runs the run loop in 50 ms
    /// slices and notices the exit only at the end of one (measured: `/bin/true` took 52 ms that
    /// way, 1.7 ms polling `isRunning`), which every helper program migcheck runs paid;
    /// `isRunning` turns false as soon as Foundation has reaped the child.
    @discardableResult
    static func waitForExit(_ process: Process, timeout: TimeInterval? = nil) -> Bool {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var pause: useconds_t = 100
        while process.isRunning {
            if let deadline, Date() >= deadline { return false }
            usleep(pause)
            pause = min(pause * 2, 5_000)
        }
        return true
    }

    /// Finds `name` on `path` (or `$PATH`); returns `name` itself when it already contains a slash.
    static func resolveExecutable(_ name: String, path: String? = nil) -> String? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? name : nil
        }
        let searchPath = path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in searchPath.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Why a child process could not be started.
enum ProcessRunnerError: Error, CustomStringConvertible {
    /// The executable was not found on `PATH` or is not executable.
    case notFound(String)

    var description: String {
        switch self {
        case .notFound(let name): return "\(name): command not found"
        }
    }
}

/// Thread-safe holder for output read on another queue.
private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func setStderr(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    var stderr: Data { lock.lock(); defer { lock.unlock() }; return data }
}
