import Foundation
import Testing

@testable import MigcheckCore

/// `--fetch` in depth-20 clones (GitLab's default depth, a push deeper than the clone): without it
/// CI fails closed with exit 2; with it migcheck fetches the history and checks for real; missing
/// history never passes.
@Suite("Fetching missing history")
struct FetchTests {
    /// `count` commits on the current branch that touch no migration.
    func filler(_ repo: ScratchRepository, _ count: Int, tag: String) throws {
        for index in 0..<count {
            try repo.write("notes/\(tag).txt", "\(tag) \(index)\n")
            try repo.commitAll("\(tag) \(index)")
        }
    }

    /// A merge request whose branch is 25 commits long: its diff base is outside a depth-20 clone.
    func longMergeRequest(_ scenario: CIScenario, edit: Bool) throws -> (clone: URL, env: [String: String]) {
        let branch = edit ? "long-edit" : "long-clean"
        try scenario.branch(branch) { repo in
            if edit {
                try CIScenario.editBBB(repo)
            } else {
                try repo.addRevision("ccc", down: "bbb")
            }
            try repo.commitAll("first commit of the branch")
            try filler(repo, 24, tag: branch)
        }
        let clone = try scenario.checkout("mr-\(branch)", branch: branch, depth: 20, singleBranch: true)
        let env = scenario.gitlab([
            "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "9", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": try scenario.sha("main"), "CI_COMMIT_BEFORE_SHA": CIPlan.zeroCommit,
        ])
        return (clone, env)
    }

    @Test func gitlabDepth20MergeRequestFailsClosedThenFetches() throws {
        let scenario = try CIScenario()
        try filler(scenario.origin, 5, tag: "main")
        for (edit, expected) in [(true, Int32(1)), (false, 0)] {
            let (clone, env) = try longMergeRequest(scenario, edit: edit)
            let closed = try scenario.migcheck(["check"], in: clone, environment: env)
            #expect(closed.status == 2, "\(closed.stdoutText)\(closed.stderrText)")
            #expect(closed.stderrText.contains("shallow clone"))
            #expect(closed.stderrText.contains("--fetch"))
            let fetched = try scenario.migcheck(["check", "--fetch"], in: clone, environment: env)
            #expect(fetched.status == expected, "\(fetched.stdoutText)\(fetched.stderrText)")
            #expect(fetched.stderrText.contains("fetched missing history: git fetch --quiet --no-tags --unshallow origin"))
            #expect(fetched.reports("edited-migration") == edit)
            #expect(try !ScratchRepository.runGit(["rev-parse", "--is-shallow-repository"], in: clone).hasPrefix("true"))
        }
    }

    @Test func githubPushDeeperThanTheCloneFailsClosedThenFetches() throws {
        let scenario = try CIScenario()
        let before = try scenario.sha("main")
        try CIScenario.editBBB(scenario.origin)
        try scenario.origin.commitAll("edit bbb")
        try filler(scenario.origin, 24, tag: "pushed")
        let payload: [String: Any] = ["before": before, "repository": ["default_branch": "main"]]
        let env = try scenario.github("push", payload: payload)
        let clone = try scenario.checkout("push", depth: 20)
        let closed = try scenario.migcheck(["check"], in: clone, environment: env)
        #expect(closed.status == 2, "\(closed.stdoutText)\(closed.stderrText)")
        #expect(closed.stderrText.contains("the push's before commit \(before.prefix(7)) is not in this clone"))
        #expect(closed.stderrText.contains("fetch-depth: 0"))
        // The fetch setting does what --fetch does.
        let fetched = try scenario.migcheck(["check", "--fetch", "--format", "json"], in: clone, environment: env)
        #expect(fetched.status == 1, "\(fetched.stdoutText)\(fetched.stderrText)")
        #expect(fetched.stdoutText.contains("edited-migration"))
    }

    @Test func fetchSettingAndAFailedFetchNeverPass() throws {
        let scenario = try CIScenario()
        try scenario.origin.write("migcheck.toml", "fetch = true\n")
        try scenario.origin.commitAll("settings")
        try scenario.branch("edit") { repo in
            try CIScenario.editBBB(repo)
            try repo.commitAll("edit")
            try filler(repo, 22, tag: "edit")
        }
        let env = scenario.gitlab([
            "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "4", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": try scenario.sha("main"),
        ])
        let clone = try scenario.checkout("setting", branch: "edit", depth: 20, singleBranch: true)
        // The remote is gone: the fetch fails and the check still fails closed.
        try ScratchRepository.runGit(["remote", "set-url", "origin", "file:///nonexistent/repo.git"], in: clone)
        let failed = try scenario.migcheck(["check"], in: clone, environment: env)
        #expect(failed.status == 2, "\(failed.stdoutText)\(failed.stderrText)")
        #expect(failed.stderrText.contains("after --fetch"))
        #expect(failed.stderrText.contains("failed:"))
        try ScratchRepository.runGit(["remote", "set-url", "origin", "file://" + scenario.origin.path], in: clone)
        let fetched = try scenario.migcheck(["check"], in: clone, environment: env)
        #expect(fetched.status == 1 && fetched.reports("edited-migration"), "\(fetched.stdoutText)\(fetched.stderrText)")
    }

    @Test func explicitBaseOutsideCIFetchesTheBaseBranch() throws {
        let scenario = try CIScenario()
        try scenario.branch("edit") { repo in
            try CIScenario.editBBB(repo)
            try repo.commitAll("edit")
        }
        let clone = try scenario.checkout("explicit", branch: "edit", singleBranch: true)
        let missing = try scenario.migcheck(["check", "--head", "HEAD", "--base", "origin/main"], in: clone, environment: ["CI": "true"])
        #expect(missing.status == 2)
        let fetched = try scenario.migcheck(
            ["check", "--head", "HEAD", "--base", "origin/main", "--fetch"], in: clone, environment: ["CI": "true"])
        #expect(fetched.status == 1 && fetched.reports("edited-migration"), "\(fetched.stdoutText)\(fetched.stderrText)")
    }

    /// actions/checkout's default for a pull request: only the merge commit, depth 1.
    @Test func githubPullRequestDepthOneCheckoutFetchesTheBase() throws {
        let scenario = try CIScenario()
        try scenario.branch("edit") { repo in
            try CIScenario.editBBB(repo)
            try repo.commitAll("edit")
        }
        try scenario.origin.git(["checkout", "-q", "--detach", "main"])
        try scenario.origin.git(["merge", "-q", "--no-ff", "-m", "Merge edit", "edit"])
        let merge = try scenario.sha("HEAD")
        try scenario.origin.git(["update-ref", "refs/pull/1/merge", merge])
        try scenario.origin.git(["checkout", "-q", "main"])
        let clone = scenario.root.appendingPathComponent("pr-depth1")
        try FileManager.default.createDirectory(at: clone, withIntermediateDirectories: true)
        for arguments in [
            ["init", "-q"], ["remote", "add", "origin", "file://" + scenario.origin.path],
            ["fetch", "-q", "--no-tags", "--depth=1", "origin", "+\(merge):refs/remotes/pull/1/merge"],
            ["checkout", "-q", "--detach", merge],
        ] {
            try ScratchRepository.runGit(arguments, in: clone)
        }
        let payload: [String: Any] = ["pull_request": ["base": ["ref": "main", "sha": try scenario.sha("main")]]]
        let env = try scenario.github("pull_request", payload: payload, extra: ["GITHUB_BASE_REF": "main"])
        let closed = try scenario.migcheck(["check"], in: clone, environment: env)
        #expect(closed.status == 2, "\(closed.stdoutText)\(closed.stderrText)")
        #expect(closed.stderrText.contains("git fetch origin main"))
        let fetched = try scenario.migcheck(["check", "--fetch"], in: clone, environment: env)
        #expect(fetched.status == 1 && fetched.reports("edited-migration"), "\(fetched.stdoutText)\(fetched.stderrText)")
    }
}
