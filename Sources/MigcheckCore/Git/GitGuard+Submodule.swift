import Foundation

extension GitGuard {
    /// `request` for a share in a submodule: the commits it names for the working directory's
    /// repository (`--head`, `--since`, a CI event's or a push's commits) are replaced by the
    /// commits their trees record for the submodule (its gitlink), so the superproject's
    /// pre-push hook and CI check what each superproject commit records. A name that does not
    /// resolve there, or whose tree has no gitlink at the submodule's path, is kept and resolved
    /// in the submodule. Base branches are resolved in the submodule, by name.
    static func mapped(_ request: Request, for share: RepositoryShare) throws -> Request {
        guard let superproject = share.superproject, let prefix = share.prefix, !prefix.hasPrefix("/") else { return request }
        func map(_ spec: String) throws -> String {
            guard let commit = try superproject.resolveCommitIfPresent(spec),
                let link = try GitTree(superproject, commit: commit).gitlinkID(prefix)
            else { return spec }
            return link.hex
        }
        var request = request
        if case .commit(let spec) = request.target { request.target = .commit(try map(spec)) }
        if let since = request.since { request.since = try map(since) }
        if var plan = request.plan {
            if case .commit(let spec) = plan.target { plan.target = .commit(try map(spec)) }
            if let since = plan.since { plan.since = try map(since) }
            plan.baseCandidates = try plan.baseCandidates.map { candidate in
                candidate.count == 40 && candidate.allSatisfy(\.isHexDigit) ? try map(candidate) : candidate
            }
            request.plan = plan
        }
        return request
    }
}
