import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck history`: Alembic's history, newest first.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List revisions newest first, exactly as `alembic history` prints them.")

        @OptionGroup var project: ProjectOptions

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp("A range [start]:[end] of ids, partial ids, branch labels, base or heads.", valueName: "range"))
        var revRange: String?

        @Flag(name: .shortAndLong, help: "Verbose output, like `alembic history -v`.")
        var verbose = false

        @Option(help: "Output format: text (Alembic's) or json.")
        var format: ListingFormat = .text

        func run() throws {
            try CommandSupport.run {
                let loaded = try project.loadProject()
                try CommandSupport.requireLoadable(loaded)
                let ids: [String]
                do {
                    ids = try loaded.graph.history(range: revRange)
                } catch let error as RevisionLookupError {
                    throw ConfigurationError(path: nil, error.message)
                }
                if format == .json {
                    CommandSupport.write(RevisionListFormatter.json(ids, project: loaded))
                } else {
                    CommandSupport.write(RevisionListFormatter.textFormat(loaded).history(ids, verbose: verbose))
                }
                return .clean
            }
        }
    }
}
