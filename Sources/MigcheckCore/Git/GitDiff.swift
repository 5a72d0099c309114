import CLibgit2
import Foundation

/// One changed file between two trees, with renames detected.
struct FileChange: Sendable, Hashable {
    /// How the file changed.
    enum Status: String, Sendable {
        case added, deleted, modified, renamed, copied, typeChanged = "type-changed"
    }
    /// How it changed.
    var status: Status
    /// The path before (equals ``newPath`` unless renamed).
    var oldPath: String
    /// The path after.
    var newPath: String
    /// The blob before, if any.
    var oldBlob: ObjectID?
    /// The blob after, when libgit2 knows it (not always for working-tree files).
    var newBlob: ObjectID?
    /// Rename similarity, 0–100.
    var similarity: Int
}

/// Owner of a `git_diff *`.
final class DiffHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_diff_free(pointer) }
}

extension Repository {
    /// The changes from `base`'s tree to `target`, limited to `paths` (directories or files,
    /// repository-relative; empty = everything), with renames detected by `git_diff_find_similar`.
    ///
    /// The working tree is seen as `git diff <commit>` sees it (through the index, untracked files
    /// included); a commit target is resolved here (pass ``ObjectID/hex`` to pin one commit).
    func diff(from base: ObjectID, to target: GitTarget, paths: [String] = []) throws(GitError) -> [FileChange] {
        let handle = try diffHandle(from: base, to: target, paths: paths)
        var find = git_diff_find_options()
        try GitError.check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_FOR_UNTRACKED.rawValue
        try GitError.check(git_diff_find_similar(handle.pointer, &find), "git_diff_find_similar")
        return (0..<git_diff_num_deltas(handle.pointer)).compactMap { index in
            git_diff_get_delta(handle.pointer, index).flatMap { FileChange(delta: $0.pointee) }
        }
    }

    /// The raw diff (no rename detection) from `base`'s tree to `target`, limited to `paths`.
    private func diffHandle(from base: ObjectID, to target: GitTarget, paths: [String]) throws(GitError) -> DiffHandle {
        let baseTree = try TreeHandle(repository: self, id: commit(base).tree)
        var options = git_diff_options()
        try GitError.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        if target == .workdir {
            options.flags |= GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
        }
        let cPaths: [UnsafeMutablePointer<CChar>?] = paths.map { strdup($0) }
        defer { cPaths.forEach { free($0) } }
        var otherTree: TreeHandle?
        let indexHandle = target == .index ? try IndexHandle(repository: self) : nil
        if case .commit(let spec) = target { otherTree = try TreeHandle(repository: self, id: commit(resolveCommit(spec)).tree) }
        var diff: OpaquePointer?
        var code: Int32 = 0
        var function = ""
        cPaths.withUnsafeBufferPointer { buffer in
            options.pathspec = git_strarray(strings: UnsafeMutablePointer(mutating: buffer.baseAddress), count: buffer.count)
            switch target {
            case .commit:
                function = "git_diff_tree_to_tree"
                code = git_diff_tree_to_tree(&diff, pointer, baseTree.pointer, otherTree?.pointer, &options)
            case .index:
                function = "git_diff_tree_to_index"
                code = git_diff_tree_to_index(&diff, pointer, baseTree.pointer, indexHandle?.pointer, &options)
            case .workdir:
                function = "git_diff_tree_to_workdir_with_index"
                code = git_diff_tree_to_workdir_with_index(&diff, pointer, baseTree.pointer, &options)
            }
        }
        try GitError.check(code, function)
        return DiffHandle(diff!)
    }
}

extension FileChange {
    /// The change one diff delta describes; `nil` for statuses migcheck does not follow
    /// (unmodified, ignored, conflicted).
    init?(delta: git_diff_delta) {
        let status: Status
        switch delta.status {
        case GIT_DELTA_ADDED, GIT_DELTA_UNTRACKED: status = .added
        case GIT_DELTA_DELETED: status = .deleted
        case GIT_DELTA_MODIFIED: status = .modified
        case GIT_DELTA_RENAMED: status = .renamed
        case GIT_DELTA_COPIED: status = .copied
        case GIT_DELTA_TYPECHANGE: status = .typeChanged
        default: return nil
        }
        func blob(_ file: git_diff_file) -> ObjectID? {
            guard file.flags & GIT_DIFF_FLAG_VALID_ID.rawValue != 0 else { return nil }
            var oid = file.id
            return git_oid_is_zero(&oid) == 1 ? nil : ObjectID(oid)
        }
        self.init(
            status: status,
            oldPath: String(cString: delta.old_file.path), newPath: String(cString: delta.new_file.path),
            oldBlob: status == .added ? nil : blob(delta.old_file),
            newBlob: status == .deleted ? nil : blob(delta.new_file),
            similarity: Int(delta.similarity))
    }
}
