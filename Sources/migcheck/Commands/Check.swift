import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck check`: every static rule over one environment, or all of them.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check migrations: heads, graph, revision files and downgrades.",
            discussion: """
            Exit status: 0 clean (warnings allowed), 1 error findings, 2 could not check \
            (configuration, git, database), 64 usage.
            """)

        @OptionGroup var project: ProjectOptions

        @Flag(help: "Check every Alembic environment in the repository (each alembic.ini section, each pyproject.toml with [tool.alembic]).")
        var all = false

        @Option(help: "Output format: text, json or github (annotations, plus a Markdown summary in $GITHUB_STEP_SUMMARY).")
        var format: OutputFormat = .text

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        func validate() throws {
            if all, project.config != nil {
                throw ValidationError("--all checks every environment; it cannot be combined with --config")
            }
        }

        func run() throws {
            try CommandSupport.run {
                let locator = project.locator
                let tree = DiskTree(root: locator.root)
                let environments = all ? try locator.locateAll() : [try locator.locate(in: tree)]
                let (report, _) = try Checker.checkStatic(environments, in: tree, strict: strict)
                try CommandSupport.emit(report, format: format)
                return report.exitStatus
            }
        }
    }
}

extension CommandSupport {
    /// Prints a report in `format`; for `github`, also appends the Markdown summary to
    /// `$GITHUB_STEP_SUMMARY` when it is set.
    static func emit(_ report: Report, format: OutputFormat) throws {
        write(format.formatter(colour: colourOutput && format == .text).format(report))
        if format == .github, let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            let summary = GitHubFormatter().summary(report)
            guard let handle = FileHandle(forWritingAtPath: path) ?? {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                return FileHandle(forWritingAtPath: path)
            }() else {
                printNote("warning: cannot write the step summary to \(path)")
                return
            }
            handle.seekToEndOfFile()
            handle.write(Data(summary.utf8))
            try? handle.close()
        }
    }
}
