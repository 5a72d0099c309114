import Foundation

/// Reads what a CI system says about the current event (its environment variables and, on GitHub,
/// the event payload) and decides what `migcheck check` compares, so that every commit the event
/// brings in is checked: a multi-commit push, a pull request's merge commit, a merge-queue group, a
/// GitLab merge request or branch pipeline.
public enum CIContext {
    /// The event payload could not be read.
    struct UnreadablePayload: Error, CustomStringConvertible, Sendable {
        /// The payload path.
        var path: String
        /// What went wrong.
        var reason: String
        var description: String {
            "cannot read the GitHub event payload \(path) (GITHUB_EVENT_PATH): \(reason); pass --head HEAD --since REV or --base REF"
        }
    }

    /// Whether `environment` says we run in CI (`CI=true`, `1` or `yes`).
    public static func inCI(_ environment: [String: String]) -> Bool {
        ["true", "1", "yes"].contains(environment["CI"]?.lowercased() ?? "")
    }

    /// The plan for the current process: reads `GITHUB_EVENT_PATH` when on GitHub Actions.
    /// `nil` outside CI.
    public static func detect(environment: [String: String]) throws -> CIPlan? {
        guard inCI(environment) else { return nil }
        var payload: [String: Any] = [:]
        if environment["GITHUB_ACTIONS"] == "true", let path = environment["GITHUB_EVENT_PATH"], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UnreadablePayload(path: path, reason: "no such file")
            }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw UnreadablePayload(path: path, reason: "not a JSON object")
            }
            payload = object
        }
        return try plan(environment: environment, payload: payload)
    }

    /// The plan for an environment and a GitHub event payload (pure). `nil` outside CI.
    static func plan(environment: [String: String], payload: [String: Any] = [:]) throws -> CIPlan? {
        guard inCI(environment) else { return nil }
        if environment["GITHUB_ACTIONS"] == "true" {
            return try github(environment, payload)
        }
        if environment["GITLAB_CI"] == "true" {
            return gitlab(environment)
        }
        return CIPlan(label: "CI", target: .headIfClean, why: "merge base with the base branch")
    }

    static func github(_ env: [String: String], _ payload: [String: Any]) throws -> CIPlan {
        let event = env["GITHUB_EVENT_NAME"] ?? ""
        let label = "GitHub \(event.isEmpty ? "event" : event)"
        let repository = payload["repository"] as? [String: Any]
        let defaultBranch = (repository?["default_branch"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let defaultCandidates = defaultBranch.map { [CIPlan.remoteRef($0), $0] } ?? []
        switch event {
        case "pull_request", "pull_request_target":
            let pull = payload["pull_request"] as? [String: Any]
            let base = pull?["base"] as? [String: Any]
            let branch = env["GITHUB_BASE_REF"].flatMap { $0.isEmpty ? nil : $0 } ?? (base?["ref"] as? String)
            var candidates = branch.map { [CIPlan.remoteRef($0)] } ?? []
            if let sha = base?["sha"] as? String, !CIPlan.isNull(sha) { candidates.append(sha) }
            return CIPlan(
                label: label, target: .commit("HEAD"), baseCandidates: candidates,
                why: "merge base with the pull request's base branch\(branch.map { " \($0)" } ?? "")",
                fetchBranches: branch.map { [$0] } ?? [])
        case "push":
            let before = payload["before"] as? String
            let forced = payload["forced"] as? Bool ?? false
            let fetch = defaultBranch.map { [$0] } ?? []
            if forced || CIPlan.isNull(before) {
                let why = forced ? "forced push: merge base with the default branch" : "new branch: merge base with the default branch"
                return CIPlan(label: label, target: .commit("HEAD"), baseCandidates: defaultCandidates, why: why, fetchBranches: fetch)
            }
            return CIPlan(
                label: label, target: .commit("HEAD"), baseCandidates: defaultCandidates, since: before,
                why: "the push's before commit", fetchBranches: fetch)
        case "merge_group":
            let group = payload["merge_group"] as? [String: Any]
            guard let baseSHA = group?["base_sha"] as? String, !CIPlan.isNull(baseSHA) else {
                throw CIContext.UnreadablePayload(path: env["GITHUB_EVENT_PATH"] ?? "", reason: "merge_group.base_sha is missing")
            }
            let branch = (group?["base_ref"] as? String).map(CIPlan.branchName)
            return CIPlan(
                label: label, target: .commit("HEAD"), baseCandidates: (branch.map { [CIPlan.remoteRef($0)] } ?? []) + [baseSHA],
                since: baseSHA, why: "the merge queue's base commit", fetchBranches: branch.map { [$0] } ?? [])
        default:
            return CIPlan(
                label: label, target: .headIfClean, baseCandidates: defaultCandidates, why: "merge base with the default branch",
                fetchBranches: defaultBranch.map { [$0] } ?? [])
        }
    }

    static func gitlab(_ env: [String: String]) -> CIPlan {
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        let defaultBranch = value("CI_DEFAULT_BRANCH")
        if value("CI_MERGE_REQUEST_IID") != nil || env["CI_PIPELINE_SOURCE"] == "merge_request_event" {
            let target = value("CI_MERGE_REQUEST_TARGET_BRANCH_NAME") ?? defaultBranch
            var candidates = target.map { [CIPlan.remoteRef($0)] } ?? []
            let targetSHA = value("CI_MERGE_REQUEST_TARGET_BRANCH_SHA").flatMap { CIPlan.isNull($0) ? nil : $0 }
            let diffBase = value("CI_MERGE_REQUEST_DIFF_BASE_SHA").flatMap { CIPlan.isNull($0) ? nil : $0 }
            let since: String?
            let why: String
            if let targetSHA {
                since = targetSHA
                why = "the merged-results pipeline's target commit"
            } else if let diffBase {
                since = diffBase
                why = "the merge request's diff base"
            } else {
                since = nil
                why = "merge base with the target branch"
            }
            if let since { candidates.append(since) }
            return CIPlan(
                label: "GitLab merge request", target: .commit("HEAD"), baseCandidates: candidates, since: since, why: why,
                fetchBranches: target.map { [$0] } ?? [])
        }
        let candidates = defaultBranch.map { [CIPlan.remoteRef($0), $0] } ?? []
        let fetch = defaultBranch.map { [$0] } ?? []
        let before = value("CI_COMMIT_BEFORE_SHA")
        let label = "GitLab \(env["CI_PIPELINE_SOURCE"].map { $0.isEmpty ? "branch" : $0 } ?? "branch") pipeline"
        if CIPlan.isNull(before) {
            return CIPlan(
                label: label, target: .commit("HEAD"), baseCandidates: candidates, why: "merge base with the default branch",
                fetchBranches: fetch)
        }
        return CIPlan(
            label: label, target: .commit("HEAD"), baseCandidates: candidates, since: before, why: "the push's before commit",
            fetchBranches: fetch)
    }
}

extension CIContext {
    /// The plan for a pre-push run: the pre-commit framework's `PRE_COMMIT_FROM_REF` and
    /// `PRE_COMMIT_TO_REF` (revisions present at the from-ref, which is already on the remote, must
    /// not change), else `PRE_COMMIT_LOCAL_BRANCH` or `HEAD` against the base branch.
    public static func prePush(environment env: [String: String]) -> CIPlan {
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        let remoteBranch = value("PRE_COMMIT_REMOTE_BRANCH").map(CIPlan.branchName)
        if let to = value("PRE_COMMIT_TO_REF") {
            let from = value("PRE_COMMIT_FROM_REF").flatMap { CIPlan.isNull($0) ? nil : $0 }
            return CIPlan(
                label: "pre-push\(remoteBranch.map { " to \($0)" } ?? "")", target: .commit(to), since: from,
                why: from == nil ? "merge base with the base branch" : "the last commit already on the remote")
        }
        let local = value("PRE_COMMIT_LOCAL_BRANCH") ?? "HEAD"
        return CIPlan(label: "pre-push", target: .commit(local), why: "merge base with the base branch")
    }
}
