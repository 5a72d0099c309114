import Foundation

/// `migcheck audit`: every commit that edited, moved or deleted a migration after it was first
/// committed, found by walking history with libgit2 (bare repositories too).
public enum HistoryAudit {
    /// One offending change.
    public struct Entry: Sendable, Hashable, Codable {
        /// The commit id.
        var commit: String
        /// The author's name.
        var author: String
        /// The author's e-mail.
        var email: String
        /// The author date (ISO 8601, UTC).
        var date: String
        /// The commit's subject line.
        var summary: String
        /// `edited`, `moved` or `deleted`.
        var change: String
        /// The file (its path after the change; the old path for deletions).
        var path: String
        /// The old path of a move.
        var oldPath: String?
        /// The revision id the file declared before the change.
        var revision: String?
        /// What changed, briefly.
        var detail: String

        enum CodingKeys: String, CodingKey {
            case commit, author, email, date, summary, change, path, revision, detail
            case oldPath = "old_path"
        }
    }

    /// Walks the commits reachable from `tip` (not from `since`), oldest first, skipping merge
    /// commits (as `git log` shows no diff for them), and lists every change of a revision file in
    /// `environment`'s version locations other than its addition.
    public static func run(
        _ repository: Repository, environment: AlembicEnvironment, tip: ObjectID,
        since: ObjectID?
    ) throws -> [Entry] {
        let locations = environment.versionLocations.filter { !$0.hasPrefix("/") }
        guard !locations.isEmpty else { return [] }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var entries: [Entry] = []
        for id in try repository.walk(from: tip, hiding: since) {
            let commit = try repository.commit(id)
            guard commit.parents.count == 1, let parent = commit.parents.first, repository.contains(parent) else { continue }
            let changes = try repository.diff(from: parent, to: .commit(id.hex), paths: locations)
            var tree: GitTree?
            for change in changes where change.status != .added && change.status != .copied {
                guard GitChecks.isVersionFile(change.oldPath, of: environment), let oldBlob = change.oldBlob else { continue }
                let oldData = try repository.blob(oldBlob)
                guard let revision = GitChecks.revisionID(oldData, path: change.oldPath) else { continue }
                var kind: String
                var detail: String
                var status = change.status
                if status == .renamed {
                    if tree == nil { tree = try GitTree(repository, commit: id) }
                    if let newData = try tree!.read(change.newPath), GitChecks.revisionID(newData, path: change.newPath) != revision {
                        status = .deleted  // paired with a similar new revision: a deletion plus an addition
                    }
                }
                switch status {
                case .deleted:
                    kind = "deleted"
                    detail = "revision \(revision) deleted"
                case .renamed:
                    kind = "moved"
                    if tree == nil { tree = try GitTree(repository, commit: id) }
                    let newData = try change.newBlob.map { try repository.blob($0) } ?? tree!.read(change.newPath) ?? Data()
                    detail =
                        ContentComparison.sameIgnoringLineEndings(oldData, newData)
                        ? "moved from \(change.oldPath), content unchanged"
                        : "moved from \(change.oldPath) and changed: \(ContentComparison.describe(old: oldData, new: newData, path: change.newPath))"
                default:
                    kind = "edited"
                    if tree == nil { tree = try GitTree(repository, commit: id) }
                    let newData = try change.newBlob.map { try repository.blob($0) } ?? tree!.read(change.newPath) ?? Data()
                    if ContentComparison.sameIgnoringLineEndings(oldData, newData) {
                        detail = "line endings only"
                    } else {
                        detail = ContentComparison.describe(old: oldData, new: newData, path: change.newPath)
                    }
                }
                entries.append(
                    Entry(
                        commit: id.hex, author: commit.authorName, email: commit.authorEmail,
                        date: formatter.string(from: commit.authorDate), summary: commit.summary,
                        change: kind, path: status == .deleted ? change.oldPath : change.newPath,
                        oldPath: status == .renamed ? change.oldPath : nil, revision: revision, detail: detail))
            }
        }
        return entries
    }
}
