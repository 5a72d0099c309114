import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck audit`: history of edits, moves and deletions of committed migrations.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "List every commit that edited, moved or deleted a migration after it was first committed.",
            discussion: """
                Walks the history of <rev> (default HEAD) with libgit2; works in bare repositories. Merge \
                commits are skipped, as `git log` shows no changes for them. Exit status: 0 none found, 1 some \
                found, 2 could not check.
                """)

        @OptionGroup var project: ProjectOptions

        @Option(help: ArgumentHelp("Only commits after <rev> (exclusive).", valueName: "rev"))
        var since: String?

        @Option(help: ArgumentHelp("The commit to walk from.", valueName: "rev"))
        var head: String = "HEAD"

        @Option(help: "Output format: text or json.")
        var format: ListingFormat = .text

        func run() throws {
            try CommandSupport.run {
                guard let repository = try Repository.discover(from: project.startDirectory.path) else {
                    throw ConfigurationError(path: project.startDirectory.path, "not a git repository")
                }
                guard let tip = try repository.resolveCommitIfPresent(head) else {
                    throw ConfigurationError(path: nil, "--head \(head): no such commit")
                }
                let sinceID = try since.map { spec -> ObjectID in
                    guard let id = try repository.resolveCommitIfPresent(spec) else {
                        throw ConfigurationError(path: nil, "--since \(spec): no such commit")
                    }
                    return id
                }
                let tree = try GitTree(repository, commit: tip)
                var locator = project.locator
                if repository.isBare { locator.directory = URL(fileURLWithPath: repository.rootPath) }
                let environment = try locator.locate(in: tree)
                let entries = try HistoryAudit.run(repository, environment: environment, tip: tip, since: sinceID)
                CommandSupport.write(format == .json ? AuditFormatter.json(entries) : AuditFormatter.text(entries))
                return entries.isEmpty ? .clean : .findings
            }
        }
    }
}
