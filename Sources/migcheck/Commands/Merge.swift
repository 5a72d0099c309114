import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck merge`: writes the merge revision `alembic merge` would write, without Python.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a merge revision for diverged heads, byte for byte as `alembic merge` would.",
            discussion: """
                Renders the project's own script.py.mako (the Mako subset Alembic templates use), names \
                the file from file_template, writes it atomically into the version location Alembic would \
                pick, runs post_write_hooks whose tools are installed, then re-reads the project and \
                confirms a single head.

                Exit status: 0 merged (or nothing to merge: a single head), 1 written but the check of the \
                result still reports errors (e.g. heads left unmerged), 2 could not merge (configuration, \
                unsupported template, unknown or non-head revision), 64 usage.
                """)

        @OptionGroup var project: ProjectOptions

        @Option(name: .shortAndLong, help: "The revision message (Alembic writes 'empty message' without one).")
        var message: String?

        @Option(help: ArgumentHelp("A fixed revision id instead of a generated one.", valueName: "id"))
        var revId: String?

        @Option(help: ArgumentHelp("A branch label for the new revision.", valueName: "label"))
        var branchLabel: String?

        @Flag(help: "Allow merging revisions that are not heads (creates a new branch point), like `alembic merge --splice`.")
        var splice = false

        @Flag(help: "Print the file instead of writing it.")
        var dryRun = false

        @Argument(
            help: ArgumentHelp(
                "Revisions to merge, in order: ids, unique prefixes, branch labels or 'heads' (default: heads).", valueName: "rev"))
        var revisions: [String] = []

        func run() throws {
            try CommandSupport.run {
                let loaded = try project.loadProject()
                try CommandSupport.requireLoadable(loaded)
                let request = MergeRequest(
                    revisions: revisions, message: message, revisionID: revId, branchLabel: branchLabel, splice: splice)
                let plan: MergePlan
                switch try MergeWriter.plan(loaded, request: request) {
                case .nothingToMerge(let heads):
                    let text = RevisionJSON.textFormat(loaded)
                    if heads.isEmpty {
                        CommandSupport.write("Nothing to merge: no revisions yet.\n")
                    } else {
                        CommandSupport.write("Nothing to merge: a single head.\n" + text.heads(verbose: false, resolveDependencies: false))
                    }
                    return .clean
                case .merge(let found):
                    plan = found
                }
                let shown = CommandSupport.displayPath(plan.url)
                if dryRun {
                    CommandSupport.printNote("dry run: would write \(shown), merging \(plan.parents.joined(separator: ", "))")
                    FileHandle.standardOutput.write(plan.contents)
                    return .clean
                }
                try MergeWriter.write(plan)
                CommandSupport.write("Merged \(plan.parents.joined(separator: ", ")) into \(plan.revisionID)\n")
                CommandSupport.write("Generated \(shown)\n")
                for hook in PostWriteHooks.run(loaded.environment, file: plan.url, root: project.locator.root) {
                    if let reason = hook.skippedBecause {
                        CommandSupport.printNote("warning: post write hook '\(hook.name)' not run: \(reason)")
                        continue
                    }
                    CommandSupport.write("Ran post write hook '\(hook.name)' (\(hook.type)): exit \(hook.status ?? 0)\n")
                    if !hook.output.isEmpty { FileHandle.standardError.write(Data(hook.output.utf8)) }
                    if hook.status != 0 {
                        CommandSupport.printNote(
                            "warning: post write hook '\(hook.name)' exited with status \(hook.status ?? -1); the file was written and left as the hook left it"
                        )
                    }
                }
                return try verify(loaded.environment)
            }
        }

        /// Re-reads the project and runs the static checks: one head is the goal.
        private func verify(_ environment: AlembicEnvironment) throws -> ExitStatus {
            let tree = DiskTree(root: project.locator.root)
            let (report, projects) = try Checker.checkStatic([environment], in: tree, strict: false)
            let heads = projects[0].graph.heads
            if heads.count == 1 {
                CommandSupport.write("Single head now: \(heads[0])\n")
            } else {
                CommandSupport.write("Still \(heads.count) heads: \(heads.joined(separator: ", "))\n")
            }
            if report.errorCount > 0 {
                CommandSupport.write(TextFormatter().format(report))
                return .findings
            }
            return .clean
        }
    }
}

extension CommandSupport {
    /// `url` relative to the working directory when it lies below it, else absolute.
    static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return RelativePath.relative(url.standardizedFileURL.path, to: cwd) ?? url.path
    }
}
