import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck check`: every static rule over one environment, or all of them.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract:
                "Check migrations: heads, graph, revision files, downgrades and, in a git repository, edits of merged migrations and heads diverging from the base branch.",
            discussion: """
                In a git repository the working tree (or --staged, or --head REV) is compared with the base \
                branch: revisions present at merge-base(base, target) are merged and must not be edited, moved \
                or deleted; on the base branch itself the target's first parent is used. With CI=true, missing \
                history (shallow clone, base not fetched) fails with exit status 2 (--fetch fetches it first).

                With CI=true and none of --staged, --head, --base, --since, the CI event chooses: GitHub push \
                (the payload's before commit), pull_request (merge base with GITHUB_BASE_REF), merge_group (its \
                base commit); GitLab merge requests (CI_MERGE_REQUEST_DIFF_BASE_SHA) and branch pipelines \
                (CI_COMMIT_BEFORE_SHA); other CI: HEAD when the working tree is clean. The first line says which.

                Exit status: 0 clean (warnings allowed), 1 error findings, 2 could not check \
                (configuration, git, database), 64 usage.
                """)

        @OptionGroup var project: ProjectOptions

        @Flag(
            help: "Check every Alembic environment in the repository (each alembic.ini section, each pyproject.toml with [tool.alembic]).")
        var all = false

        @OptionGroup(title: "Git") var git: GitOptions

        @Option(
            help:
                "Output format: text, json, github (annotations, plus a Markdown summary in $GITHUB_STEP_SUMMARY), sarif (2.1.0), junit or codequality (GitLab Code Quality). The machine formats write a report saying migcheck could not check when it exits 2."
        )
        var format: OutputFormat = .text

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        func validate() throws {
            if all, project.config != nil {
                throw ValidationError("--all checks every environment; it cannot be combined with --config")
            }
        }

        func run() throws {
            try CommandSupport.run(reporting: format, command: "check") {
                let locator = project.locator
                var report: Report
                if let shares = try repositoryShares(locator) {
                    // Migrations in a submodule or nested repository: each checked in its own history.
                    let request = GitGuard.Request(
                        target: git.target, base: git.base, since: git.since,
                        failClosed: GitOptions.inCI, plan: try git.plan(), fetch: git.fetch)
                    let (gitReport, notes) = try GitGuard.check(shares, rootPath: locator.root.path, request: request, strict: strict)
                    notes.forEach(CommandSupport.printNote)
                    report = gitReport
                    report.sourceRoot = locator.root.path
                } else if let repository = try git.repository(from: locator.directory) {
                    let plan = try git.plan()
                    let target = try plan.map { try GitGuard.target(for: $0, in: repository) } ?? git.target
                    let tree = try GitGuard.tree(for: target, in: repository)
                    let located = all ? try locator.locateAll(in: tree) : [try locator.locate(in: tree)]
                    let environments = try CheckedEnvironment.load(located, in: tree, strict: strict)
                    let request = GitGuard.Request(
                        target: target, base: git.base, since: git.since,
                        failClosed: GitOptions.inCI, plan: plan, fetch: git.fetch)
                    let (gitReport, notes) = try GitGuard.check(environments, in: tree, repository: repository, request: request)
                    notes.forEach(CommandSupport.printNote)
                    report = gitReport
                    report.sourceRoot = repository.workdir
                } else {
                    let tree = DiskTree(root: locator.root)
                    let located = all ? try locator.locateAll() : [try locator.locate(in: tree)]
                    let environments = try CheckedEnvironment.load(located, in: tree, strict: strict)
                    let checked = try Checker.checkStatic(environments, in: tree)
                    _ = CommandSupport.keepUntilExit(checked.projects)
                    report = checked.report
                    report.sourceRoot = locator.root.path
                }
                try CommandSupport.emit(report, format: format)
                return report.exitStatus
            }
        }

        /// The environments grouped by the repository holding them, when some are not in the
        /// working directory's repository (a submodule); `nil` otherwise, and with --no-git.
        /// Environments are located on disk here; when that fails, the usual path reports it.
        func repositoryShares(_ locator: ProjectLocator) throws -> [RepositoryShare]? {
            guard !git.noGit else { return nil }
            let tree = DiskTree(root: locator.root)
            guard let located = try? (all ? locator.locateAll(in: tree) : [locator.locate(in: tree)]) else { return nil }
            let working = try? Repository.discover(from: locator.directory.path)
            return try GitGuard.shares(of: located, rootPath: locator.root.path, working: working)
        }
    }
}

extension CommandSupport {
    /// Prints a report in `format`; for `github`, also appends the Markdown summary to
    /// `$GITHUB_STEP_SUMMARY` when it is set.
    static func emit(_ report: Report, format: OutputFormat, verbose: Bool = false) throws {
        let formatter: ReportFormatter =
            format == .text ? TextFormatter(colour: colourOutput, verbose: verbose) : format.formatter(colour: false)
        write(formatter.format(report))
        if format == .github, let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            let summary = GitHubFormatter().summary(report)
            guard
                let handle = FileHandle(forWritingAtPath: path)
                    ?? {
                        _ = FileManager.default.createFile(atPath: path, contents: nil)
                        return FileHandle(forWritingAtPath: path)
                    }()
            else {
                printNote("warning: cannot write the step summary to \(path)")
                return
            }
            handle.seekToEndOfFile()
            handle.write(Data(summary.utf8))
            try? handle.close()
        }
    }
}
