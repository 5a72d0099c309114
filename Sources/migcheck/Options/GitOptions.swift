import ArgumentParser
import Foundation
import MigcheckCore

/// What the git rules compare: the target (working tree, `--staged`, `--head`) and the base.
struct GitOptions: ParsableArguments {
    @Flag(help: "Check the index (what `git commit` would record) instead of the working tree.")
    var staged = false

    @Option(help: ArgumentHelp("Check the tree of commit <rev> instead of the working tree (CI: --head HEAD).", valueName: "rev"))
    var head: String?

    @Option(
        help: ArgumentHelp(
            "The base branch (default: `base` in [tool.migcheck], else origin/HEAD, origin/main, origin/master, main, master).",
            valueName: "ref"))
    var base: String?

    @Option(
        help: ArgumentHelp(
            "Treat revisions present at <rev> as merged (explicit range <rev>..target) instead of the merge base.", valueName: "rev"))
    var since: String?

    @Flag(
        name: .customLong("pre-push"),
        help: """
            Check what is being pushed: the commits from PRE_COMMIT_FROM_REF to PRE_COMMIT_TO_REF (set by the pre-commit \
            framework's pre-push stage), else PRE_COMMIT_LOCAL_BRANCH or HEAD against the base branch.
            """)
    var prePush = false

    @Flag(
        help: """
            When history is missing (shallow clone, base branch or the event's commit not fetched), fetch it with \
            `git fetch` (unshallow, the base branch) before failing; also `fetch = true` in [tool.migcheck].
            """)
    var fetch = false

    @Flag(name: .customLong("no-git"), help: "Do not use git: static checks of the files on disk only.")
    var noGit = false

    func validate() throws {
        if staged, head != nil { throw ValidationError("--staged and --head are mutually exclusive") }
        if noGit, explicit || prePush || fetch {
            throw ValidationError("--no-git cannot be combined with --staged, --head, --base, --since, --pre-push or --fetch")
        }
        if prePush, staged || head != nil || since != nil {
            throw ValidationError("--pre-push chooses the commits itself; it cannot be combined with --staged, --head or --since")
        }
    }

    /// The plan that chooses target and base: `--pre-push`'s, or the CI event's when no git
    /// option was given and `CI=true`; `nil` otherwise.
    func plan(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CIPlan? {
        if prePush {
            var plan = CIContext.prePush(environment: environment)
            if let base { plan.baseCandidates = [base] }
            return plan
        }
        if explicit { return nil }
        return try CIContext.detect(environment: environment)
    }

    /// Whether any git option was given (then a missing repository is an error).
    var explicit: Bool { staged || head != nil || base != nil || since != nil }

    /// The target these options select.
    var target: GitTarget {
        if staged { return .index }
        if let head { return .commit(head) }
        return .workdir
    }

    /// Whether we run in CI (`CI=true`), where missing history fails closed.
    static var inCI: Bool { CIContext.inCI(ProcessInfo.processInfo.environment) }

    /// The repository to use, or `nil` when git is off or there is none (an error when git options were given).
    func repository(from directory: URL) throws -> Repository? {
        if noGit { return nil }
        let repository = try Repository.discover(from: directory.path)
        if repository == nil, explicit {
            throw ConfigurationError(path: directory.path, "not a git repository (needed for --staged, --head, --base and --since)")
        }
        return repository
    }
}
