import Foundation

/// Which branches add revisions relative to the base, and which of them build on the same parent
/// revision: the multiple-heads conflicts that will appear as they merge.
public struct BranchAnalysis: Sendable, Encodable {
    /// A revision a branch adds.
    struct AddedRevision: Sendable, Hashable, Codable {
        /// The revision id.
        var revision: String
        /// Its file (tree path).
        var path: String
        /// Its down revisions.
        var downRevisions: [String]

        enum CodingKeys: String, CodingKey {
            case revision, path
            case downRevisions = "down_revisions"
        }
    }

    /// One branch (or several refs at commits adding the same revisions).
    struct Branch: Sendable, Hashable, Codable {
        /// Short ref names (`feature`, `origin/feature`).
        var refs: [String]
        /// The commit of the first ref.
        var commit: String
        /// The revisions it adds relative to the base, in load order.
        var revisions: [AddedRevision]
        /// The revisions its new revisions build on (down revisions outside the branch's own).
        var parents: [String]
    }

    /// Branches building on the same parent revision.
    struct Conflict: Sendable, Hashable, Codable {
        /// The shared parent revision.
        var parent: String
        /// Children the base branch already has on that parent.
        var baseChildren: [String]
        /// The branches (first ref of each) and their revision on the parent.
        var branches: [Member]

        /// One side of a conflict.
        struct Member: Sendable, Hashable, Codable {
            /// The refs.
            var refs: [String]
            /// The branch's revision built on the parent.
            var revision: String
            /// Its file.
            var path: String
        }

        enum CodingKeys: String, CodingKey {
            case parent, branches
            case baseChildren = "base_children"
        }
    }

    /// The base branch.
    var base: String
    /// Branches that add revisions.
    var branches: [Branch]
    /// Parents more than one line of work builds on (two branches, or a branch and the base).
    var conflicts: [Conflict]
    /// Refs that could not be analysed, with the reason.
    var skipped: [String]

    /// Analyses every ref matching `globs` against `base` for `environment`.
    public static func analyze(
        _ repository: Repository, environment: AlembicEnvironment, base: GitBase,
        globs: [String]
    ) throws -> BranchAnalysis {
        let baseTree = try GitTree(repository, commit: base.commit)
        let baseProject = GitChecks.environment(environment, in: baseTree).flatMap { try? RevisionLoader.load($0, from: baseTree) }
        let baseGraph = baseProject?.graph ?? RevisionGraph(files: [])
        let locations = environment.versionLocations.filter { !$0.hasPrefix("/") }
        var refs: [GitReference] = []
        var seenNames: Set<String> = []
        for glob in globs {
            for ref in try repository.references(matching: glob) where seenNames.insert(ref.name).inserted {
                refs.append(ref)
            }
        }
        var byRevisions: [[String]: Int] = [:]
        var branches: [Branch] = []
        var skipped: [String] = []
        for ref in refs where ref.commit != base.commit && ref.shorthand != base.ref {
            guard let mergeBase = try repository.mergeBase(base.commit, ref.commit) else {
                skipped.append("\(ref.shorthand): no common history with \(base.ref)")
                continue
            }
            if mergeBase == ref.commit { continue }
            let tree = try GitTree(repository, commit: ref.commit)
            var added: [AddedRevision] = []
            for change in try repository.diff(from: base.commit, to: .commit(ref.commit.hex), paths: locations)
            where change.status == .added || change.status == .modified || change.status == .renamed {
                guard GitChecks.isVersionFile(change.newPath, of: environment), let data = try tree.read(change.newPath) else { continue }
                let file = RevisionFileParser.parse(path: change.newPath, data: data)
                guard let id = file.revision, baseGraph.nodes[id] == nil else { continue }
                added.append(AddedRevision(revision: id, path: change.newPath, downRevisions: file.downRevisions))
            }
            guard !added.isEmpty else { continue }
            added.sort { $0.path < $1.path }
            let ids = added.map(\.revision).sorted()
            if let existing = byRevisions[ids] {
                branches[existing].refs.append(ref.shorthand)
                continue
            }
            let own = Set(ids)
            let parents = Array(Set(added.flatMap(\.downRevisions).filter { !own.contains($0) })).sorted()
            byRevisions[ids] = branches.count
            branches.append(Branch(refs: [ref.shorthand], commit: ref.commit.hex, revisions: added, parents: parents))
        }
        var conflicts: [Conflict] = []
        let parents = Set(branches.flatMap(\.parents)).sorted()
        for parent in parents {
            let members = branches.compactMap { branch -> Conflict.Member? in
                guard let revision = branch.revisions.first(where: { $0.downRevisions.contains(parent) }) else { return nil }
                return Conflict.Member(refs: branch.refs, revision: revision.revision, path: revision.path)
            }
            let baseChildren = baseGraph.nodes[parent]?.nextRevisions.sorted() ?? []
            if members.count + baseChildren.count > 1 {
                conflicts.append(Conflict(parent: parent, baseChildren: baseChildren, branches: members))
            }
        }
        return BranchAnalysis(base: base.ref, branches: branches, conflicts: conflicts, skipped: skipped)
    }

    /// The text section `migcheck branches` prints after Alembic's output.
    func text() -> String {
        var out = "Git branches adding revisions (relative to \(base)):\n"
        for branch in branches {
            out +=
                "  \(branch.refs.joined(separator: ", ")): \(branch.revisions.map(\.revision).joined(separator: ", ")) on \(branch.parents.isEmpty ? "<base>" : branch.parents.joined(separator: ", "))\n"
        }
        if conflicts.isEmpty {
            out += "\nNo conflicts: no two lines of work build on the same revision.\n"
        } else {
            out += "\nConflicts (each will leave multiple heads when merged):\n"
            for conflict in conflicts {
                out += "  \(conflict.parent):\n"
                for child in conflict.baseChildren { out += "    -> \(child) (on \(base))\n" }
                for member in conflict.branches {
                    out += "    -> \(member.revision) (\(member.refs.joined(separator: ", ")), \(member.path))\n"
                }
            }
        }
        for note in skipped { out += "skipped \(note)\n" }
        return out
    }
}
