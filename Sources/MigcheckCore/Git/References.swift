import CLibgit2
import Foundation

/// One reference: its full name, short name and the commit it points at.
struct GitReference: Sendable, Hashable {
    /// `refs/heads/feature`.
    var name: String
    /// `feature`, `origin/feature`.
    var shorthand: String
    /// The commit.
    var commit: ObjectID
}

extension Repository {
    /// The references matching a glob (`refs/heads/*`), symbolic refs and non-commits skipped.
    func references(matching glob: String) throws(GitError) -> [GitReference] {
        var iterator: OpaquePointer?
        try GitError.check(git_reference_iterator_glob_new(&iterator, pointer, glob), "git_reference_iterator_glob_new")
        defer { git_reference_iterator_free(iterator) }
        var result: [GitReference] = []
        while true {
            var ref: OpaquePointer?
            let code = git_reference_next(&ref, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try GitError.check(code, "git_reference_next")
            defer { git_reference_free(ref) }
            guard git_reference_type(ref) == GIT_REFERENCE_DIRECT else { continue }
            let name = String(cString: git_reference_name(ref))
            var peeled: OpaquePointer?
            guard git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0 else { continue }
            defer { git_object_free(peeled) }
            result.append(
                GitReference(
                    name: name, shorthand: String(cString: git_reference_shorthand(ref)),
                    commit: ObjectID(git_object_id(peeled)!)))
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The target name of a symbolic reference (`refs/remotes/origin/HEAD` → `refs/remotes/origin/main`).
    func symbolicTarget(_ name: String) throws(GitError) -> String? {
        var ref: OpaquePointer?
        let code = git_reference_lookup(&ref, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "git_reference_lookup")
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref) else { return nil }
        return String(cString: target)
    }
}

/// Owner of a `git_revwalk *`.
final class RevwalkHandle {
    let pointer: OpaquePointer
    init(_ repository: Repository) throws(GitError) {
        var walk: OpaquePointer?
        try GitError.check(git_revwalk_new(&walk, repository.pointer), "git_revwalk_new")
        pointer = walk!
    }
    deinit { git_revwalk_free(pointer) }
}

extension Repository {
    /// Commits reachable from `tip` but not from `hidden`, oldest first (topological, then time).
    func walk(from tip: ObjectID, hiding hidden: ObjectID? = nil) throws(GitError) -> [ObjectID] {
        let walk = try RevwalkHandle(self)
        try GitError.check(
            git_revwalk_sorting(walk.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue | GIT_SORT_REVERSE.rawValue),
            "git_revwalk_sorting")
        var oid = tip.raw
        try GitError.check(git_revwalk_push(walk.pointer, &oid), "git_revwalk_push")
        if let hidden {
            var hide = hidden.raw
            try GitError.check(git_revwalk_hide(walk.pointer, &hide), "git_revwalk_hide")
        }
        var result: [ObjectID] = []
        var next = git_oid()
        while true {
            let code = git_revwalk_next(&next, walk.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try GitError.check(code, "git_revwalk_next")
            result.append(ObjectID(next))
        }
        return result
    }
}
