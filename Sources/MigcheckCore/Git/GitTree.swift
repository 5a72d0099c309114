import CLibgit2
import Foundation

/// Owner of a `git_tree *`; keeps its repository alive.
final class TreeHandle: @unchecked Sendable {
    let repository: Repository
    let pointer: OpaquePointer

    init(repository: Repository, id: ObjectID) throws(GitError) {
        var oid = id.raw
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, repository.pointer, &oid), "git_tree_lookup")
        self.repository = repository
        pointer = tree!
    }

    deinit { git_tree_free(pointer) }
}

/// A ``FileTree`` over a commit's tree: files are read from the object database, no checkout.
public struct GitTree: FileTree, @unchecked Sendable {
    /// The commit the tree belongs to.
    let commit: ObjectID
    public let rootPath: String
    private let root: TreeHandle

    /// The tree of `commit` in `repository`.
    public init(_ repository: Repository, commit: ObjectID) throws(GitError) {
        let info = try repository.commit(commit)
        self.commit = commit
        rootPath = repository.rootPath
        root = try TreeHandle(repository: repository, id: info.tree)
    }

    private func entry(_ path: String) throws -> (ObjectID, git_object_t)? {
        guard !path.hasPrefix("/") else { return nil }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root.pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "git_tree_entry_bypath")
        defer { git_tree_entry_free(entry) }
        return (ObjectID(git_tree_entry_id(entry)!), git_tree_entry_type(entry))
    }

    /// The blob id of the file at `path`, or `nil`.
    func blobID(_ path: String) throws -> ObjectID? {
        guard let (id, type) = try entry(path), type == GIT_OBJECT_BLOB else { return nil }
        return id
    }

    /// The commit a submodule at `path` is recorded at (its gitlink), or `nil`.
    func gitlinkID(_ path: String) throws -> ObjectID? {
        guard let (id, type) = try entry(path), type == GIT_OBJECT_COMMIT else { return nil }
        return id
    }

    /// The blob id: content-addressed, so exact.
    public func cacheKey(_ path: String) -> [UInt8]? {
        (try? blobID(path)).flatMap { $0 }.map { [UInt8(ascii: "B")] + Array($0.hex.utf8) }
    }

    public func read(_ path: String) throws -> Data? {
        guard let id = try blobID(path) else { return nil }
        return try root.repository.boundedBlob(id, path: path)
    }

    public func list(_ path: String) throws -> [FileTreeEntry]? {
        let handle: TreeHandle
        if path.isEmpty {
            handle = root
        } else {
            guard let (id, type) = try entry(path), type == GIT_OBJECT_TREE else { return nil }
            handle = try TreeHandle(repository: root.repository, id: id)
        }
        let count = git_tree_entrycount(handle.pointer)
        var result: [FileTreeEntry] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let entry = git_tree_entry_byindex(handle.pointer, index)
            let name = String(cString: git_tree_entry_name(entry))
            result.append(FileTreeEntry(name: name, isDirectory: git_tree_entry_type(entry) == GIT_OBJECT_TREE))
        }
        return result
    }
}
