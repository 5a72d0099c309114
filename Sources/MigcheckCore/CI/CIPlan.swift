import Foundation

/// What a CI event (or a pre-push hook) asks `migcheck check` to compare: the target, the base
/// branch and the commit whose revisions count as already merged.
///
/// A plan names refs and commits; ``GitGuard`` resolves them in the repository. The first base
/// candidate that exists is the base; when none exists the check fails closed (or `--fetch`
/// fetches ``fetchRefs`` first).
public struct CIPlan: Sendable, Hashable {
    /// Which tree the plan checks.
    enum Target: Sendable, Hashable {
        /// A commit (`HEAD` for the CI checkout, a sha for a pushed ref).
        case commit(String)
        /// `HEAD` when the working tree is clean, else the working tree.
        case headIfClean
    }

    /// Who decided, for messages: `GitHub push`, `GitLab merge request`, `pre-push`.
    var label: String
    /// The target.
    var target: Target
    /// Base branch candidates, best first (`origin/main`, then a commit id); empty = automatic.
    public var baseCandidates: [String]
    /// The commit whose revisions count as merged (`--since`), or `nil` for the merge base.
    var since: String?
    /// Why ``since`` (or the merge base) was chosen: `the push's before commit`.
    var why: String
    /// Branch names on `origin` that `--fetch` fetches when history is missing.
    var fetchBranches: [String]

    /// Creates a plan.
    init(
        label: String, target: Target, baseCandidates: [String] = [], since: String? = nil, why: String,
        fetchBranches: [String] = []
    ) {
        self.label = label
        self.target = target
        self.baseCandidates = baseCandidates
        self.since = since
        self.why = why
        self.fetchBranches = fetchBranches
    }

    /// The commit id git uses for "no commit" (new branches, deleted refs).
    static let zeroCommit = String(repeating: "0", count: 40)

    /// Whether `sha` is missing or git's all-zero id.
    static func isNull(_ sha: String?) -> Bool {
        guard let sha, !sha.isEmpty else { return true }
        return sha.allSatisfy { $0 == "0" }
    }

    /// `origin/<branch>` for a branch name or `refs/heads/<branch>`.
    static func remoteRef(_ branch: String) -> String {
        "origin/" + (branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch)
    }

    /// A branch name without `refs/heads/`.
    static func branchName(_ ref: String) -> String {
        ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : ref
    }
}
