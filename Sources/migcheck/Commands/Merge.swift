import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck merge`: writes the merge revision `alembic merge` would write, without Python.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Write a merge revision for diverged heads, byte for byte as `alembic merge` would.",
            discussion: """
                Renders the project's own script.py.mako (the Mako subset Alembic templates use), names \
                the file from file_template, writes it atomically into the version location Alembic would \
                pick, runs post_write_hooks whose tools are installed, then re-reads the project and \
                confirms a single head.

                With --onto-base (in a git repository) it merges this branch's head with the base branch's \
                head, the fix for the diverged-from-base finding; the base's revision files need not be in \
                the working tree yet.

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

        @Flag(help: "Merge this branch's head with the base branch's head (the fix for diverged-from-base), read from git.")
        var ontoBase = false

        @Option(
            help: ArgumentHelp(
                "With --onto-base: the base branch (default: `base` in [tool.migcheck], else origin/HEAD, origin/main, origin/master, main, master).",
                valueName: "ref"))
        var base: String?

        @Argument(
            help: ArgumentHelp(
                "Revisions to merge, in order: ids, unique prefixes, branch labels or 'heads' (default: heads).", valueName: "rev"))
        var revisions: [String] = []

        func validate() throws {
            if ontoBase, !revisions.isEmpty {
                throw ValidationError("--onto-base merges this branch's head with the base branch's head; it takes no revisions")
            }
            if base != nil, !ontoBase { throw ValidationError("--base is only used with --onto-base") }
        }

        func run() throws {
            try CommandSupport.run {
                let loaded = try project.loadProject()
                try CommandSupport.requireLoadable(loaded)
                var request = MergeRequest(
                    revisions: revisions, message: message, revisionID: revId, branchLabel: branchLabel, splice: splice)
                var planned = loaded
                var comparison: GitComparison?
                if ontoBase {
                    guard let repository = try Repository.discover(from: project.locator.directory.path) else {
                        throw ConfigurationError(
                            path: project.locator.directory.path, "not a git repository (--onto-base reads the base branch from git)")
                    }
                    let settings = try CheckedEnvironment.load(loaded.environment, in: loaded.tree).settings
                    switch try MergeOntoBase.prepare(loaded, repository: repository, baseRef: base, configuredBase: settings.base) {
                    case .alreadySingle(let base):
                        CommandSupport.write("Nothing to merge: this branch and \(base.ref) end in a single head.\n")
                        return .clean
                    case .localHeads:
                        CommandSupport.printNote("this working tree already has several heads; merging them (as without --onto-base)")
                    case .merge(let combined, let parents, let base, let found):
                        planned = combined
                        comparison = found
                        request.revisions = parents
                        CommandSupport.printNote("merging this branch's head with \(base.ref)'s head (\(base.commit.short))")
                    }
                }
                let plan: MergePlan
                switch try MergeWriter.plan(planned, request: request) {
                case .nothingToMerge(let heads):
                    let text = RevisionListFormatter.textFormat(loaded)
                    if heads.isEmpty {
                        CommandSupport.write("Nothing to merge: no revisions yet.\n")
                    } else {
                        CommandSupport.write("Nothing to merge: a single head.\n" + text.heads(verbose: false, resolveDependencies: false))
                    }
                    return .clean
                case .merge(let found):
                    plan = found
                }
                plan.warnings.forEach { CommandSupport.printNote("warning: \($0)") }
                let shown = CommandSupport.displayPath(plan.url)
                if dryRun {
                    CommandSupport.printNote("dry run: would write \(shown), merging \(plan.parents.joined(separator: ", "))")
                    FileHandle.standardOutput.write(plan.contents)
                    return .clean
                }
                try MergeWriter.write(plan)
                CommandSupport.write("Merged \(plan.parents.joined(separator: ", ")) into \(plan.revisionID)\n")
                CommandSupport.write("Generated \(shown)\n")
                runHooks(loaded.environment, file: plan.url)
                if let comparison { return try verifyOntoBase(loaded.environment, comparison: comparison) }
                return try verify(loaded.environment)
            }
        }

        /// Runs post_write_hooks, reporting each; a missing tool is a warning, as is a failing hook.
        private func runHooks(_ environment: AlembicEnvironment, file: URL) {
            for hook in PostWriteHooks.run(environment, file: file, root: project.locator.root) {
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
        }

        /// Re-reads this branch's revisions and combines them with the base tip's: one head is the goal.
        private func verifyOntoBase(_ environment: AlembicEnvironment, comparison: GitComparison) throws -> ExitStatus {
            let reloaded = try RevisionLoader.load(environment, from: DiskTree(root: project.locator.root))
            let (heads, missing) = try MergeOntoBase.headsAfterMerging(reloaded, comparison: comparison)
            let ref = comparison.base.ref
            if heads.count == 1 {
                CommandSupport.write("Single head after merging \(ref): \(heads[0])\n")
            } else {
                CommandSupport.write("Still \(heads.count) heads after merging \(ref): \(heads.joined(separator: ", "))\n")
            }
            if !missing.isEmpty {
                CommandSupport.write(
                    "Note: \(missing.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") on \(ref) but not in this working tree yet; "
                        + "merge \(ref) into this branch (`git merge \(ref)`) before running alembic here.\n")
            }
            return heads.count == 1 ? .clean : .findings
        }

        /// Re-reads the project and runs the static checks: one head is the goal.
        private func verify(_ environment: AlembicEnvironment) throws -> ExitStatus {
            let tree = DiskTree(root: project.locator.root)
            let (report, projects) = try Checker.checkStatic([try CheckedEnvironment.load(environment, in: tree)], in: tree)
            let heads = projects[0].project.graph.heads
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
