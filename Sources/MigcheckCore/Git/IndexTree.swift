import CLibgit2
import Foundation

/// Owner of a `git_index *`; keeps its repository alive.
final class IndexHandle: @unchecked Sendable {
    let repository: Repository
    let pointer: OpaquePointer

    /// The repository's index, or the one `$GIT_INDEX_FILE` names: git sets it for hooks when
    /// `git commit -a` or `git commit <paths>` stages into a temporary index. The variable is
    /// the repository git runs the hook for: it is honoured only for a file inside this
    /// repository's git directory (a submodule's index is its own).
    init(repository: Repository) throws(GitError) {
        var index: OpaquePointer?
        if let path = Self.indexFileVariable(for: repository) {
            try GitError.check(git_index_open(&index, path), "git_index_open")
            let code = git_index_read(index, 1)
            if code < 0 {
                let error = GitError.last("git_index_read", code: code)
                git_index_free(index)
                throw error
            }
        } else {
            try GitError.check(git_repository_index(&index, repository.pointer), "git_repository_index")
            // The repository caches its index object: pick up changes made on disk since.
            let code = git_index_read(index, 0)
            if code < 0 {
                let error = GitError.last("git_index_read", code: code)
                git_index_free(index)
                throw error
            }
        }
        self.repository = repository
        pointer = index!
    }

    deinit { git_index_free(pointer) }

    /// `$GIT_INDEX_FILE` as an absolute path when it lies inside `repository`'s git directory.
    static func indexFileVariable(for repository: Repository) -> String? {
        guard let file = ProcessInfo.processInfo.environment["GIT_INDEX_FILE"], !file.isEmpty else { return nil }
        let path = file.hasPrefix("/") ? file : RelativePath.join(FileManager.default.currentDirectoryPath, file)
        let real = { (path: String) in URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
        let directory = real(repository.gitDirectory)
        return RelativePath.relative(real(RelativePath.directory(of: path)) + "/" + RelativePath.name(of: path), to: directory) != nil
            ? path : nil
    }
}

/// A ``FileTree`` over the index (the staging area): what `git commit` would record.
struct IndexTree: FileTree, @unchecked Sendable {
    let rootPath: String
    let index: IndexHandle

    /// The index of `repository` as it is on disk now.
    init(_ repository: Repository) throws(GitError) {
        rootPath = repository.rootPath
        index = try IndexHandle(repository: repository)
    }

    /// The staged blob id of `path` (stage 0), or `nil`.
    func blobID(_ path: String) -> ObjectID? {
        guard !path.hasPrefix("/"), let entry = git_index_get_bypath(index.pointer, path, 0) else { return nil }
        return ObjectID(entry.pointee.id)
    }

    /// The blob id: content-addressed, so exact.
    func cacheKey(_ path: String) -> [UInt8]? {
        blobID(path).map { [UInt8(ascii: "B")] + Array($0.hex.utf8) }
    }

    func read(_ path: String) throws -> Data? {
        guard let id = blobID(path) else { return nil }
        return try index.repository.boundedBlob(id, path: path)
    }

    func list(_ path: String) throws -> [FileTreeEntry]? {
        guard !path.hasPrefix("/") else { return nil }
        let prefix = path.isEmpty ? "" : path + "/"
        var position = 0
        if !prefix.isEmpty {
            let code = git_index_find_prefix(&position, index.pointer, prefix)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try GitError.check(code, "git_index_find_prefix")
        }
        let count = git_index_entrycount(index.pointer)
        var seen: Set<String> = []
        var result: [FileTreeEntry] = []
        while position < count {
            guard let entry = git_index_get_byindex(index.pointer, position) else { break }
            position += 1
            let full = String(cString: entry.pointee.path)
            guard full.hasPrefix(prefix) else { break }
            let rest = full.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                let name = String(rest[..<slash])
                if seen.insert(name).inserted { result.append(FileTreeEntry(name: name, isDirectory: true)) }
            } else if seen.insert(String(rest)).inserted {
                result.append(FileTreeEntry(name: String(rest), isDirectory: false))
            }
        }
        return result.isEmpty && !prefix.isEmpty ? nil : result
    }
}
