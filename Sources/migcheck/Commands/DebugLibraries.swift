import ArgumentParser
import MigcheckCore

extension Migcheck.Debug {
    /// `migcheck debug libraries`: where the run-time-loaded libraries come from (wheel tests, bug reports).
    struct Libraries: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "libraries",
            abstract: "Print the file libpq is loaded from (exit 2 when it cannot be loaded).")

        func run() throws {
            do {
                try LibPQ.require()
            } catch {
                CommandSupport.printError("\(error)")
                throw ExitCode(2)
            }
            print("libpq: \(LibPQ.loadedPath ?? "?")")
        }
    }
}
