import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck branches`: Alembic's branch points, then (in a git repository) the git branches that
    /// add revisions and the head conflicts they will cause.
    struct Branches: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "branches",
            abstract: "Show branch points, exactly as `alembic branches` prints them, then the git branches that add revisions.",
            discussion: """
                In a git repository, local and remote branches (globs: `branches` in [tool.migcheck], default \
                refs/heads/* and refs/remotes/*/*) that add revisions relative to the base are listed after \
                Alembic's output, grouped by the parent revision they build on. Use --no-git for Alembic's \
                output alone.
                """)

        @OptionGroup var project: ProjectOptions

        @Flag(name: .shortAndLong, help: "Verbose output, like `alembic branches -v`.")
        var verbose = false

        @Option(help: "Output format: text (Alembic's) or json.")
        var format: ListingFormat = .text

        @Option(
            help: ArgumentHelp(
                "The base branch for the git section (default: `base` in [tool.migcheck], else origin/HEAD, origin/main, origin/master, main, master).",
                valueName: "ref"))
        var base: String?

        @Option(
            name: .customLong("ref"),
            help: ArgumentHelp("A ref glob to scan (repeatable; default: `branches` in [tool.migcheck]).", valueName: "glob"))
        var refGlobs: [String] = []

        @Flag(name: .customLong("no-git"), help: "Alembic's output only.")
        var noGit = false

        func run() throws {
            try CommandSupport.run {
                let loaded = try project.loadProject()
                try CommandSupport.requireLoadable(loaded)
                let analysis = try gitAnalysis(loaded)
                if format == .json {
                    CommandSupport.write(RevisionListFormatter.branchesJSON(loaded, git: analysis))
                } else {
                    CommandSupport.write(RevisionListFormatter.branchesText(loaded, verbose: verbose, git: analysis))
                }
                return .clean
            }
        }

        /// The git analysis, or `nil` without a repository (or with --no-git, or no base branch).
        func gitAnalysis(_ loaded: LoadedProject) throws -> BranchAnalysis? {
            guard !noGit, let repository = try Repository.discover(from: project.startDirectory.path) else {
                if base != nil || !refGlobs.isEmpty {
                    throw ConfigurationError(path: project.startDirectory.path, "not a git repository (needed for --base and --ref)")
                }
                return nil
            }
            let settings = try CheckedEnvironment.load(loaded.environment, in: loaded.tree).settings
            let resolved: GitBase
            do {
                resolved = try GitComparisonResolver.resolveBase(repository, explicit: base, configured: settings.base)
            } catch let missing as HistoryUnavailable {
                if base != nil || GitOptions.inCI { throw missing }
                return nil
            }
            return try BranchAnalysis.analyze(
                repository, environment: loaded.environment, base: resolved,
                globs: refGlobs.isEmpty ? settings.branchGlobs : refGlobs)
        }
    }
}
