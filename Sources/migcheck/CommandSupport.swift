import ArgumentParser
import Foundation
import MigcheckCore

/// Shared plumbing for commands: error reporting and exit codes.
enum CommandSupport {
    /// Writes `message` to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("migcheck: error: \(message)\n".utf8))
    }

    /// Writes `message` to standard error without the error prefix.
    static func printNote(_ message: String) {
        FileHandle.standardError.write(Data("migcheck: \(message)\n".utf8))
    }

    /// Runs `body`, turning could-not-check failures into a one-line message and exit status 2;
    /// with a machine-readable `format`, standard output still gets a valid report saying that
    /// `command` could not check.
    static func run(reporting format: OutputFormat, command: String, _ body: () throws -> ExitStatus) throws {
        try run {
            do {
                return try body()
            } catch let error where !(error is ExitCode || error is ValidationError || error is CleanExit) {
                if format.isMachineReadable {
                    try? emit(Report.couldNotCheck(command: command, message: "\(error)"), format: format)
                }
                throw error
            }
        }
    }

    /// Runs `body`, turning could-not-check failures into a one-line message and exit status 2.
    static func run(_ body: () throws -> ExitStatus) throws {
        let status: ExitStatus
        do {
            status = try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            CleanupRegistry.waitIfInterrupted()
            printError("\(error)")
            throw ExitCode(ExitStatus.couldNotCheck.rawValue)
        }
        if status != .clean { throw ExitCode(status.rawValue) }
    }

    /// Fails with exit status 2 when Alembic itself could not load the graph; prints the
    /// warnings of what only makes the answer differ (see ``LoadedProject/requireLoadable()``).
    static func requireLoadable(_ project: LoadedProject) throws {
        for warning in try project.requireLoadable() { printNote("warning: \(warning)") }
    }

    /// Values kept until the process exits (commands run once per process).
    nonisolated(unsafe) private static var keptUntilExit: [Any] = []

    /// Keeps `value` alive until the process exits and returns it: the thousands of small objects
    /// of a loaded project are then not freed one by one after the output is written (about a
    /// tenth of a warm `migcheck heads`); the kernel reclaims the memory at exit.
    static func keepUntilExit<Value>(_ value: Value) -> Value {
        keptUntilExit.append(value)
        return value
    }

    /// Whether standard output is a terminal that accepts colour.
    static var colourOutput: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// Prints to standard output without a trailing newline.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
