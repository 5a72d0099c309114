import Foundation

@testable import MigcheckCore

/// An "origin" repository (main: aaa ← bbb) and CI checkouts cloned from it over `file://`, with
/// the environment GitHub Actions or GitLab CI would set.
final class CIScenario {
    let origin: ScratchRepository
    var root: URL { origin.directory.url }

    init() throws {
        origin = try ScratchRepository.withHistory()
    }

    /// The commit id of `rev` in the origin repository.
    func sha(_ rev: String) throws -> String {
        try origin.git(["rev-parse", rev]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Commits on a new branch `name` (from `from`), back on main afterwards.
    func branch(_ name: String, from: String = "main", _ body: (ScratchRepository) throws -> Void) throws {
        try origin.git(["checkout", "-q", "-b", name, from])
        try body(origin)
        try origin.git(["checkout", "-q", "main"])
    }

    /// A clone as CI makes it: `depth` 0 = full history; `branch` checked out (detached when
    /// `detach`), only that branch fetched when `singleBranch`.
    func checkout(_ name: String, branch: String = "main", depth: Int = 0, singleBranch: Bool = false) throws -> URL {
        let clone = root.appendingPathComponent(name)
        var arguments = ["clone", "-q", "--branch", branch]
        if depth > 0 { arguments += ["--depth", "\(depth)"] }
        if singleBranch || depth > 0 { arguments.append(singleBranch ? "--single-branch" : "--no-single-branch") }
        arguments += ["file://" + origin.path, clone.path]
        try ScratchRepository.runGit(arguments, in: root)
        try ScratchRepository.configure(clone)
        return clone
    }

    /// Writes a GitHub event payload and returns the variables GitHub Actions sets.
    func github(_ event: String, payload: [String: Any], extra: [String: String] = [:]) throws -> [String: String] {
        let path = root.appendingPathComponent("event-\(event)-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: payload).write(to: path)
        var env = Self.cleanCI
        env.merge(["CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": path.path]) { $1 }
        env.merge(extra) { $1 }
        return env
    }

    /// The variables GitLab CI sets, plus `extra`.
    func gitlab(_ extra: [String: String]) -> [String: String] {
        var env = Self.cleanCI
        env.merge(["CI": "true", "GITLAB_CI": "true", "CI_DEFAULT_BRANCH": "main"]) { $1 }
        env.merge(extra) { $1 }
        return env
    }

    /// Every CI variable migcheck reads, blanked, so the test runner's own CI never leaks in.
    static let cleanCI: [String: String] = Dictionary(
        uniqueKeysWithValues: [
            "CI", "GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_BASE_REF", "GITHUB_STEP_SUMMARY",
            "GITLAB_CI", "CI_PIPELINE_SOURCE", "CI_MERGE_REQUEST_IID", "CI_MERGE_REQUEST_DIFF_BASE_SHA",
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_MERGE_REQUEST_TARGET_BRANCH_SHA", "CI_COMMIT_BEFORE_SHA",
            "CI_DEFAULT_BRANCH", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "PRE_COMMIT_LOCAL_BRANCH", "PRE_COMMIT_REMOTE_BRANCH",
        ].map { ($0, "") })

    /// Runs migcheck in `directory` with `environment`.
    func migcheck(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> ProcessResult {
        var env = environment
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        return try TestEnvironment.runMigcheck(arguments, in: directory, environment: env)
    }

    /// Edits merged revision `bbb`.
    static func editBBB(_ repo: ScratchRepository) throws {
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
    }
}
