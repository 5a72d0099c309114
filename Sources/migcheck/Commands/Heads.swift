import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck heads`: Alembic's `heads`, without importing anything.
    struct Heads: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "heads",
            abstract: "Show the current heads, exactly as `alembic heads` prints them.")

        @OptionGroup var project: ProjectOptions

        @Flag(name: .shortAndLong, help: "Verbose output, like `alembic heads -v`.")
        var verbose = false

        @Flag(help: "Treat depends_on as down revisions (`alembic heads --resolve-dependencies`).")
        var resolveDependencies = false

        @Option(help: "Output format: text (Alembic's) or json.")
        var format: ListingFormat = .text

        func run() throws {
            try CommandSupport.run {
                let loaded = try project.loadProject()
                try CommandSupport.requireLoadable(loaded)
                let graph = loaded.graph
                let ids = resolveDependencies ? graph.realHeads : graph.heads
                if format == .json {
                    CommandSupport.write(RevisionListFormatter.json(ids, project: loaded))
                } else {
                    CommandSupport.write(
                        RevisionListFormatter.textFormat(loaded).heads(verbose: verbose, resolveDependencies: resolveDependencies))
                }
                return .clean
            }
        }
    }
}
