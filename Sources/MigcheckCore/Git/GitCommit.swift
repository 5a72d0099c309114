import CLibgit2
import Foundation

/// A commit's metadata, copied out of libgit2.
struct GitCommit: Sendable, Hashable {
    /// The commit id.
    var id: ObjectID
    /// Its parents, first parent first.
    var parents: [ObjectID]
    /// Its root tree.
    var tree: ObjectID
    /// The author's name.
    var authorName: String
    /// The author's e-mail.
    var authorEmail: String
    /// The author date.
    var authorDate: Date
    /// The first line of the message.
    var summary: String
}

extension Repository {
    /// Resolves a revision expression (`origin/main`, `HEAD~1`, a SHA or prefix) to a commit id.
    func resolveCommit(_ spec: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try GitError.check(git_revparse_single(&object, pointer, spec), "git_revparse_single")
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        try GitError.check(git_object_peel(&peeled, object, GIT_OBJECT_COMMIT), "git_object_peel")
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled)!)
    }

    /// Resolves `spec`, or returns `nil` when it names nothing.
    ///
    /// - Throws: ``GitError`` when `spec` is a reference whose commit is missing from the object
    ///   database (a damaged repository, not a missing branch).
    public func resolveCommitIfPresent(_ spec: String) throws(GitError) -> ObjectID? {
        do {
            return try resolveCommit(spec)
        } catch  where error.isNotFound || error.code == GIT_EAMBIGUOUS.rawValue || error.code == GIT_EINVALIDSPEC.rawValue {
            if error.isNotFound, let target = referenceTarget(spec), !contains(target) {
                throw GitError(
                    function: error.function, code: error.code,
                    message:
                        "\(spec) points at \(target.hex), which is missing from the object database of the repository at \(rootPath) (`git fsck` there lists what is damaged)"
                )
            }
            return nil
        }
    }

    /// The object a reference named as git would (`main`, `origin/main`, `refs/...`) points
    /// at, symbolic references followed; `nil` when `spec` is no reference.
    func referenceTarget(_ spec: String) -> ObjectID? {
        var reference: OpaquePointer?
        guard git_reference_dwim(&reference, pointer, spec) == 0 else { return nil }
        defer { git_reference_free(reference) }
        var resolved: OpaquePointer?
        guard git_reference_resolve(&resolved, reference) == 0 else { return nil }
        defer { git_reference_free(resolved) }
        return git_reference_target(resolved).map { ObjectID($0) }
    }

    /// Reads a commit.
    func commit(_ id: ObjectID) throws(GitError) -> GitCommit {
        var oid = id.raw
        var commit: OpaquePointer?
        try GitError.check(git_commit_lookup(&commit, pointer, &oid), "git_commit_lookup")
        defer { git_commit_free(commit) }
        let count = git_commit_parentcount(commit)
        var parents: [ObjectID] = []
        for index in 0..<count { parents.append(ObjectID(git_commit_parent_id(commit, index)!)) }
        let author = git_commit_author(commit)!.pointee
        return GitCommit(
            id: id, parents: parents, tree: ObjectID(git_commit_tree_id(commit)!),
            authorName: author.name.map { String(cString: $0) } ?? "",
            authorEmail: author.email.map { String(cString: $0) } ?? "",
            authorDate: Date(timeIntervalSince1970: TimeInterval(author.when.time)),
            summary: git_commit_summary(commit).map { String(cString: $0) } ?? "")
    }

    /// Whether the object exists in the object database (false for commits cut off by a shallow clone).
    func contains(_ id: ObjectID) -> Bool {
        var oid = id.raw
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, pointer, &oid) == 0 else { return false }
        git_commit_free(commit)
        return true
    }

    /// The best common ancestor of two commits, or `nil` when they share no history (or the
    /// history is cut off by a shallow clone).
    func mergeBase(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> ObjectID? {
        var out = git_oid()
        var one = a.raw
        var two = b.raw
        let code = git_merge_base(&out, pointer, &one, &two)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "git_merge_base")
        return ObjectID(out)
    }

    /// A blob's size from the object header, without inflating its content.
    func blobSize(_ id: ObjectID) throws(GitError) -> Int {
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, pointer), "git_repository_odb")
        defer { git_odb_free(odb) }
        var oid = id.raw
        var size = 0
        var type = GIT_OBJECT_ANY
        try GitError.check(git_odb_read_header(&size, &type, odb, &oid), "git_odb_read_header")
        return size
    }

    /// A blob's bytes, refused (before inflating them) beyond ``DiskTree/maximumFileSize``, as
    /// files on disk are; `path` names it in the refusal.
    func boundedBlob(_ id: ObjectID, path: String) throws -> Data {
        let size = try blobSize(id)
        guard size <= DiskTree.maximumFileSize else {
            throw FileRefused(path: path, reason: "\(size) bytes; migcheck reads files of up to \(DiskTree.maximumFileSize >> 20) MiB")
        }
        return try blob(id)
    }

    /// Reads a blob's bytes without touching the working tree.
    func blob(_ id: ObjectID) throws(GitError) -> Data {
        var oid = id.raw
        var blob: OpaquePointer?
        try GitError.check(git_blob_lookup(&blob, pointer, &oid), "git_blob_lookup")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: raw, count: size)
    }

    /// The commit `HEAD` points at, or `nil` on an unborn branch.
    func head() throws(GitError) -> ObjectID? {
        do {
            return try resolveCommit("HEAD")
        } catch  where error.isNotFound || error.code == GIT_EUNBORNBRANCH.rawValue {
            return nil
        }
    }
}
