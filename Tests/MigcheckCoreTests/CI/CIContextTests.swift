import Foundation
import Testing

@testable import MigcheckCore

/// `CIContext`: each CI event's variables and payload become the right target, base and `since`.
@Suite("CI context")
struct CIContextTests {
    let before = "3f2a91c0d4e1aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    let zero = CIPlan.zeroCommit

    func github(_ event: String, _ payload: [String: Any], _ extra: [String: String] = [:]) throws -> CIPlan? {
        var env = ["CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event]
        env.merge(extra) { $1 }
        return try CIContext.plan(environment: env, payload: payload)
    }

    @Test func outsideCINoPlan() throws {
        #expect(try CIContext.plan(environment: [:]) == nil)
        #expect(try CIContext.plan(environment: ["CI": "false", "GITHUB_ACTIONS": "true"]) == nil)
        #expect(try CIContext.plan(environment: ["GITLAB_CI": "true"]) == nil)
    }

    @Test func githubPushUsesBefore() throws {
        let plan = try #require(try github("push", ["before": before, "repository": ["default_branch": "trunk"]]))
        #expect(plan.label == "GitHub push")
        #expect(plan.target == .commit("HEAD"))
        #expect(plan.since == before)
        #expect(plan.baseCandidates == ["origin/trunk", "trunk"])
        #expect(plan.fetchBranches == ["trunk"])
    }

    @Test func githubNewBranchAndForcedPushUseTheDefaultBranch() throws {
        let created = try #require(try github("push", ["before": zero, "created": true, "repository": ["default_branch": "main"]]))
        #expect(created.since == nil)
        #expect(created.baseCandidates.first == "origin/main")
        #expect(created.why.contains("new branch"))
        let forced = try #require(try github("push", ["before": before, "forced": true, "repository": ["default_branch": "main"]]))
        #expect(forced.since == nil)
        #expect(forced.why.contains("forced"))
        let missing = try #require(try github("push", [:]))
        #expect(missing.since == nil)
    }

    @Test func githubPullRequestUsesTheBaseBranch() throws {
        let payload: [String: Any] = ["pull_request": ["base": ["ref": "main", "sha": before]]]
        let plan = try #require(try github("pull_request", payload, ["GITHUB_BASE_REF": "release/1.x"]))
        #expect(plan.target == .commit("HEAD"))
        #expect(plan.since == nil)
        #expect(plan.baseCandidates == ["origin/release/1.x", before])
        #expect(plan.fetchBranches == ["release/1.x"])
    }

    @Test func githubMergeGroupUsesTheBaseCommit() throws {
        let payload: [String: Any] = ["merge_group": ["base_sha": before, "base_ref": "refs/heads/main", "head_sha": "x"]]
        let plan = try #require(try github("merge_group", payload))
        #expect(plan.since == before)
        #expect(plan.baseCandidates == ["origin/main", before])
        #expect(plan.fetchBranches == ["main"])
        #expect(throws: CIContext.UnreadablePayload.self) { try github("merge_group", [:]) }
    }

    @Test func githubOtherEventsCheckHeadWhenClean() throws {
        let plan = try #require(try github("workflow_dispatch", ["repository": ["default_branch": "main"]]))
        #expect(plan.target == .headIfClean)
        #expect(plan.since == nil)
    }

    @Test func gitlabMergeRequestUsesTheDiffBase() throws {
        var env = [
            "CI": "true", "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "7",
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_MERGE_REQUEST_DIFF_BASE_SHA": before, "CI_COMMIT_BEFORE_SHA": zero,
        ]
        let plan = try #require(try CIContext.plan(environment: env))
        #expect(plan.label == "GitLab merge request")
        #expect(plan.since == before)
        #expect(plan.baseCandidates == ["origin/main", before])
        // Merged-results pipelines: the target branch commit the merge was made on.
        let target = String(repeating: "b", count: 40)
        env["CI_MERGE_REQUEST_TARGET_BRANCH_SHA"] = target
        #expect(try CIContext.plan(environment: env)?.since == target)
    }

    @Test func gitlabBranchPipelineUsesBeforeOrTheDefaultBranch() throws {
        var env = [
            "CI": "true", "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "push", "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BEFORE_SHA": before,
        ]
        let pushed = try #require(try CIContext.plan(environment: env))
        #expect(pushed.label == "GitLab push pipeline")
        #expect(pushed.since == before)
        #expect(pushed.baseCandidates == ["origin/main", "main"])
        env["CI_COMMIT_BEFORE_SHA"] = zero
        let created = try #require(try CIContext.plan(environment: env))
        #expect(created.since == nil)
        #expect(created.target == .commit("HEAD"))
    }

    @Test func otherCIChecksHeadWhenClean() throws {
        let plan = try #require(try CIContext.plan(environment: ["CI": "1"]))
        #expect(plan.target == .headIfClean)
        #expect(plan.baseCandidates.isEmpty)
    }

    @Test func unreadablePayloadFailsInsteadOfGuessing() throws {
        let env = ["CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": "/nonexistent/event.json"]
        #expect(throws: CIContext.UnreadablePayload.self) { try CIContext.detect(environment: env) }
    }

    @Test func prePushUsesPreCommitRefs() {
        let plan = CIContext.prePush(environment: [
            "PRE_COMMIT_FROM_REF": before, "PRE_COMMIT_TO_REF": "abc", "PRE_COMMIT_REMOTE_BRANCH": "refs/heads/feature",
        ])
        #expect(plan.target == .commit("abc"))
        #expect(plan.since == before)
        #expect(plan.label == "pre-push to feature")
        let local = CIContext.prePush(environment: ["PRE_COMMIT_LOCAL_BRANCH": "refs/heads/topic"])
        #expect(local.target == .commit("refs/heads/topic"))
        #expect(local.since == nil)
        #expect(CIContext.prePush(environment: [:]).target == .commit("HEAD"))
    }
}
