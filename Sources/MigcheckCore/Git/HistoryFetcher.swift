import Foundation

/// `--fetch`: fetches the history the git rules need with the git command line (libgit2 is only
/// used read-only): the full history of a shallow clone, the base branch, and a commit the CI
/// event names. Whatever is still missing afterwards fails closed as before.
enum HistoryFetcher {
    /// What to fetch.
    struct Need: Sendable, Hashable {
        /// The remote (`origin`).
        var remote: String
        /// Branch names on the remote (`main`), fetched into `refs/remotes/<remote>/<branch>`.
        var branches: [String]
        /// Commits that must be present (the push's before commit).
        var commits: [String]

        /// Creates a need.
        init(remote: String = "origin", branches: [String], commits: [String]) {
            self.remote = remote
            self.branches = branches
            self.commits = commits
        }
    }

    /// The git commands (arguments after `git`) that fetch `need`: one fetch of the branches
    /// (unshallowing a shallow clone), then each commit still missing by id.
    static func commands(for need: Need, shallow: Bool, missingCommits: [String]) -> [[String]] {
        var commands: [[String]] = []
        let refspecs = need.branches.map { "+refs/heads/\($0):refs/remotes/\(need.remote)/\($0)" }
        if shallow || !refspecs.isEmpty {
            commands.append(["fetch", "--quiet", "--no-tags"] + (shallow ? ["--unshallow"] : []) + [need.remote] + refspecs)
        }
        for commit in missingCommits {
            commands.append(["fetch", "--quiet", "--no-tags", need.remote, commit])
        }
        return commands
    }

    /// The need for a plan, or for an explicit or configured base (`origin/main` → `main`).
    static func need(plan: CIPlan?, base: String?) -> Need {
        var branches = plan?.fetchBranches ?? []
        if let base, base.hasPrefix("origin/") { branches.append(String(base.dropFirst("origin/".count))) }
        var unique: [String] = []
        for branch in branches where !unique.contains(branch) { unique.append(branch) }
        return Need(branches: unique, commits: plan?.since.map { [$0] } ?? [])
    }

    /// Runs the fetches in `repository`'s working tree (or git directory) and returns the
    /// commands run, each with its error text when it failed.
    static func fetch(_ need: Need, in repository: Repository) throws -> [(command: String, error: String?)] {
        let directory = URL(fileURLWithPath: repository.workdir ?? repository.gitDirectory)
        var log: [(command: String, error: String?)] = []
        let first = commands(for: need, shallow: repository.isShallow, missingCommits: [])
        let missing = { (repository: Repository) in need.commits.filter { (try? repository.resolveCommitIfPresent($0)) == nil } }
        for arguments in first {
            log.append(try run(arguments, in: directory))
        }
        // Commits the branch fetch did not bring (a forced push's old tip): ask for them by id.
        if let reopened = try Repository.discover(from: directory.path) {
            for commit in missing(reopened) {
                log.append(try run(["fetch", "--quiet", "--no-tags", need.remote, commit], in: directory))
            }
        }
        return log
    }

    static func run(_ arguments: [String], in directory: URL) throws -> (command: String, error: String?) {
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        let result = try ProcessRunner.run("git", arguments, environment: env, directory: directory)
        let text = result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        return ("git " + arguments.joined(separator: " "), result.status == 0 ? nil : (text.isEmpty ? "exit \(result.status)" : text))
    }
}
