import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck branches`: Alembic's branch points.
    struct Branches: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show branch points, exactly as `alembic branches` prints them.")

        @OptionGroup var project: ProjectOptions

        @Flag(name: .shortAndLong, help: "Verbose output, like `alembic branches -v`.")
        var verbose = false

        @Option(help: "Output format: text (Alembic's) or json.")
        var format: OutputFormat = .text

        func run() throws {
            try CommandSupport.run {
                let loaded = try project.loadProject()
                try CommandSupport.requireLoadable(loaded)
                let graph = loaded.graph
                if format == .json {
                    let points = graph.historyOrder().filter { graph.nodes[$0]!.isBranchPoint }
                    CommandSupport.write(RevisionJSON.render(points, project: loaded))
                } else {
                    CommandSupport.write(RevisionJSON.textFormat(loaded).branches(verbose: verbose))
                }
                return .clean
            }
        }
    }
}
