import Foundation

/// How the driver process is made: its environment and its pipes.
extension AlembicDriver {
    /// The driver's environment: migcheck's own without the database-URL variable (the driver
    /// sets it to the scratch database before it loads anything of the project), UTF-8 output and
    /// no bytecode written into the project (the files Alembic loads keep theirs in migcheck's
    /// cache: ``AlembicDriverScript/bytecodeSource``).
    static func environment(without urlVariable: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["MIGCHECK_BYTECODE_CACHE"] = bytecodeDirectory()?.path
        environment["PYTHONIOENCODING"] = "utf-8"
        environment.removeValue(forKey: urlVariable)
        return environment
    }

    /// Where the driver keeps the bytecode of the files Alembic loads (`nil`: caching is off).
    static func bytecodeDirectory() -> URL? {
        RevisionCache.directory()?.appendingPathComponent("bytecode")
    }

    /// The un-started driver process, its stdin and stdout piped, its stderr written to `logURL`.
    static func makeProcess(
        python: String, arguments: [String], workingDirectory: URL, environment: [String: String], logURL: URL
    ) throws -> (Process, stdin: Pipe, stdout: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python.contains("/") ? python : (ProcessRunner.resolveExecutable(python) ?? python))
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        process.environment = environment
        let stdinPipe = Pipe()
        let stdoutPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = try FileHandle(forWritingTo: logURL)
        return (process, stdinPipe, stdoutPipe)
    }
}
