import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck check` with no git options in CI: each GitHub and GitLab event, in real clones,
/// catches an edit of a merged migration in any commit the event brings in and passes clean work.
@Suite("CI events")
struct CIEventTests {
    /// main: aaa ← bbb, then one or more commits pushed to main; returns the before commit.
    func pushToMain(_ scenario: CIScenario, editFirst: Bool) throws -> String {
        let before = try scenario.sha("main")
        if editFirst {
            try CIScenario.editBBB(scenario.origin)
        } else {
            try scenario.origin.addRevision("ccc", down: "bbb")
        }
        try scenario.origin.commitAll("first pushed commit")
        try scenario.origin.addRevision("ddd", down: editFirst ? "bbb" : "ccc")
        try scenario.origin.commitAll("second pushed commit")
        return before
    }

    @Test func githubPushOfSeveralCommitsWithTheEditInTheFirst() throws {
        let scenario = try CIScenario()
        let before = try pushToMain(scenario, editFirst: true)
        let clone = try scenario.checkout("push")
        let env = try scenario.github("push", payload: ["before": before, "forced": false, "repository": ["default_branch": "main"]])
        let result = try scenario.migcheck(["check"], in: clone, environment: env)
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.reports("edited-migration"))
        #expect(result.stdoutText.hasPrefix("checking GitHub push: \(before.prefix(12))..HEAD (the push's before commit)\n"))
        // The old default (first parent of HEAD) misses it: the edit is not in the last commit.
        let firstParent = try scenario.migcheck(["check", "--head", "HEAD"], in: clone, environment: ["CI": ""])
        #expect(firstParent.status == 0)
        // The JSON summary says what was compared.
        let json = try scenario.migcheck(["check", "--format", "json"], in: clone, environment: env)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let comparison = try #require((object["summary"] as? [String: Any])?["comparison"] as? [String: Any])
        #expect(comparison["historical"] as? String == before)
        #expect(comparison["source"] as? String == "GitHub push")
        #expect(comparison["target"] as? String == "HEAD")
        #expect(comparison["base"] as? String == "origin/main")
    }

    @Test func githubPushOfCleanCommitsPasses() throws {
        let scenario = try CIScenario()
        let before = try pushToMain(scenario, editFirst: false)
        let clone = try scenario.checkout("push")
        let env = try scenario.github("push", payload: ["before": before, "repository": ["default_branch": "main"]])
        let result = try scenario.migcheck(["check"], in: clone, environment: env)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("4 revisions"))
    }

    @Test func githubNewBranchPushComparesWithTheDefaultBranch() throws {
        let scenario = try CIScenario()
        try scenario.branch("edit") { repo in
            try CIScenario.editBBB(repo)
            try repo.commitAll("edit bbb")
            try repo.addRevision("ccc", down: "bbb")
            try repo.commitAll("ccc")
        }
        try scenario.branch("clean") { repo in
            try repo.addRevision("ccc", down: "bbb")
            try repo.commitAll("ccc")
        }
        let payload: [String: Any] = ["before": CIPlan.zeroCommit, "created": true, "repository": ["default_branch": "main"]]
        let edited = try scenario.migcheck(
            ["check"], in: try scenario.checkout("edit", branch: "edit"), environment: try scenario.github("push", payload: payload))
        #expect(edited.status == 1 && edited.reports("edited-migration"), "\(edited.stdoutText)\(edited.stderrText)")
        #expect(edited.stdoutText.contains("new branch"))
        let clean = try scenario.migcheck(
            ["check"], in: try scenario.checkout("clean", branch: "clean"), environment: try scenario.github("push", payload: payload))
        #expect(clean.status == 0, "\(clean.stdoutText)\(clean.stderrText)")
    }

    /// The pull_request checkout: a merge commit whose first parent is the base tip.
    func pullRequestCheckout(_ scenario: CIScenario, branch: String) throws -> URL {
        let clone = try scenario.checkout("pr-\(branch)")
        try ScratchRepository.runGit(["checkout", "-q", "--detach", "origin/main"], in: clone)
        try ScratchRepository.runGit(["merge", "-q", "--no-ff", "-m", "Merge \(branch) into main", "origin/\(branch)"], in: clone)
        return clone
    }

    @Test func githubPullRequestMergeCommit() throws {
        let scenario = try CIScenario()
        try scenario.branch("edit") { repo in
            try CIScenario.editBBB(repo)
            try repo.commitAll("edit bbb")
        }
        try scenario.branch("clean") { repo in
            try repo.addRevision("ccc", down: "bbb")
            try repo.commitAll("ccc")
        }
        // main moves on after the branches were cut.
        try scenario.origin.write("README.md", "main moved\n")
        try scenario.origin.commitAll("docs")
        let payload: [String: Any] = ["pull_request": ["base": ["ref": "main", "sha": try scenario.sha("main")]]]
        let env = try scenario.github("pull_request", payload: payload, extra: ["GITHUB_BASE_REF": "main"])
        let edited = try scenario.migcheck(["check"], in: try pullRequestCheckout(scenario, branch: "edit"), environment: env)
        #expect(edited.status == 1 && edited.reports("edited-migration"), "\(edited.stdoutText)\(edited.stderrText)")
        #expect(edited.stdoutText.hasPrefix("checking GitHub pull_request: "))
        let clean = try scenario.migcheck(["check"], in: try pullRequestCheckout(scenario, branch: "clean"), environment: env)
        #expect(clean.status == 0, "\(clean.stdoutText)\(clean.stderrText)")
    }

    @Test func githubMergeGroupChecksEveryQueuedPullRequest() throws {
        let scenario = try CIScenario()
        try scenario.branch("edit") { repo in
            try CIScenario.editBBB(repo)
            try repo.commitAll("edit bbb")
        }
        try scenario.branch("clean") { repo in
            try repo.addRevision("ccc", down: "bbb")
            try repo.commitAll("ccc")
        }
        let baseSHA = try scenario.sha("main")
        // The queue branch: main plus both pull requests, the edit in the first.
        func queue(_ branches: [String], name: String) throws -> URL {
            let clone = try scenario.checkout(name)
            try ScratchRepository.runGit(["checkout", "-q", "-b", "gh-readonly-queue/main/pr-2-\(name)", "origin/main"], in: clone)
            for branch in branches {
                try ScratchRepository.runGit(["merge", "-q", "--no-ff", "-m", "Merge \(branch)", "origin/\(branch)"], in: clone)
            }
            return clone
        }
        let payload: [String: Any] = ["merge_group": ["base_sha": baseSHA, "base_ref": "refs/heads/main", "head_sha": "x"]]
        let env = try scenario.github("merge_group", payload: payload)
        let edited = try scenario.migcheck(["check"], in: try queue(["edit", "clean"], name: "q1"), environment: env)
        #expect(edited.status == 1 && edited.reports("edited-migration"), "\(edited.stdoutText)\(edited.stderrText)")
        #expect(edited.stdoutText.contains("merge queue's base commit"))
        let clean = try scenario.migcheck(["check"], in: try queue(["clean"], name: "q2"), environment: env)
        #expect(clean.status == 0, "\(clean.stdoutText)\(clean.stderrText)")
    }

    @Test func gitlabMergeRequestPipelineWithOnlyTheSourceBranchFetched() throws {
        let scenario = try CIScenario()
        try scenario.branch("edit") { repo in
            try CIScenario.editBBB(repo)
            try repo.commitAll("edit bbb")
            try repo.addRevision("ccc", down: "bbb")
            try repo.commitAll("ccc")
        }
        try scenario.branch("clean") { repo in
            try repo.addRevision("ccc", down: "bbb")
            try repo.commitAll("ccc")
        }
        let diffBase = try scenario.sha("main")
        for (branch, expected) in [("edit", Int32(1)), ("clean", 0)] {
            // GitLab fetches only the pipeline's ref: origin/main is absent, the diff base is there.
            let clone = try scenario.checkout("mr-\(branch)", branch: branch, singleBranch: true)
            let env = scenario.gitlab([
                "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "3", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
                "CI_MERGE_REQUEST_DIFF_BASE_SHA": diffBase, "CI_COMMIT_BEFORE_SHA": CIPlan.zeroCommit,
            ])
            let result = try scenario.migcheck(["check"], in: clone, environment: env)
            #expect(result.status == expected, "\(branch): \(result.stdoutText)\(result.stderrText)")
            #expect(result.stdoutText.hasPrefix("checking GitLab merge request: \(diffBase.prefix(12))..HEAD"))
        }
    }

    @Test func gitlabBranchPipelines() throws {
        let scenario = try CIScenario()
        let before = try pushToMain(scenario, editFirst: true)
        let clone = try scenario.checkout("branch-pipeline")
        let pushed = scenario.gitlab(["CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BEFORE_SHA": before])
        let result = try scenario.migcheck(["check"], in: clone, environment: pushed)
        #expect(result.status == 1 && result.reports("edited-migration"), "\(result.stdoutText)\(result.stderrText)")
        // A new branch (before is all zeros): compared with the default branch.
        try scenario.branch("topic") { repo in
            try repo.addRevision("eee", down: "ddd")
            try repo.commitAll("eee")
        }
        let topic = try scenario.checkout("topic", branch: "topic")
        let created = scenario.gitlab(["CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BEFORE_SHA": CIPlan.zeroCommit])
        let clean = try scenario.migcheck(["check"], in: topic, environment: created)
        #expect(clean.status == 0, "\(clean.stdoutText)\(clean.stderrText)")
        #expect(clean.stdoutText.contains("merge base with the default branch"))
    }

    /// The reproduction: on main, an edit committed, `migcheck check` with no flags in CI.
    @Test func otherCIOnTheBaseBranchComparesWithTheFirstParent() throws {
        let scenario = try CIScenario()
        try CIScenario.editBBB(scenario.origin)
        try scenario.origin.commitAll("edit bbb on main")
        var env = CIScenario.cleanCI
        env["CI"] = "true"
        let result = try scenario.migcheck(["check"], in: scenario.origin.url, environment: env)
        #expect(result.status == 1 && result.reports("edited-migration"), "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix("checking CI: "))
        #expect(result.stdoutText.contains("first parent"))
        // A dirty working tree is checked as it is: an uncommitted edit of merged aaa fails too.
        try scenario.origin.git(["reset", "-q", "--hard", "HEAD~1"])
        try scenario.origin.addRevision("aaa", down: nil, body: "op.execute(\"SELECT 7\")")
        let dirty = try scenario.migcheck(["check"], in: scenario.origin.url, environment: env)
        #expect(dirty.status == 1 && dirty.reports("edited-migration"), "\(dirty.stdoutText)\(dirty.stderrText)")
        #expect(dirty.stdoutText.hasPrefix("checking CI: ") && dirty.stdoutText.contains("..working tree"))
    }
}
