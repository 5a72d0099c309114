import CLibgit2
import Foundation

/// An open git repository (owner of a `git_repository *`).
///
/// Opened from any directory inside a working tree (linked worktrees too) or a bare repository.
/// Objects read from it are copied into Swift values, or held by owner classes that keep the
/// repository alive. Not meant for concurrent use from several threads.
public final class Repository: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Opens the repository containing `path`, searching parent directories like git does.
    init(discoveringFrom path: String) throws(GitError) {
        GitLibrary.ensureInitialized()
        var repo: OpaquePointer?
        try GitError.check(git_repository_open_ext(&repo, path, 0, nil), "git_repository_open_ext")
        pointer = repo!
        // Damaged loose objects fail with a message instead of spinning inside libgit2 1.5.
        try ObjectGuard.install(in: pointer, objectsDirectory: commonDirectory + "/objects")
    }

    /// Opens the repository containing `path`, or returns `nil` when there is none.
    public static func discover(from path: String) throws(GitError) -> Repository? {
        do {
            return try Repository(discoveringFrom: path)
        } catch  where error.isNotFound {
            return nil
        }
    }

    deinit { git_repository_free(pointer) }

    /// The working tree root without a trailing slash; `nil` for a bare repository.
    public var workdir: String? {
        guard let c = git_repository_workdir(pointer) else { return nil }
        return Self.trimSlash(String(cString: c))
    }

    /// The repository's own git directory (`.git`, or `.git/worktrees/NAME` for a linked worktree).
    var gitDirectory: String { Self.trimSlash(String(cString: git_repository_path(pointer))) }

    /// The directory shared by all worktrees (holds `hooks/`, `objects/`, `refs/`).
    var commonDirectory: String { Self.trimSlash(String(cString: git_repository_commondir(pointer))) }

    /// Whether the repository has no working tree.
    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// Whether the repository is a shallow clone (history cut off at grafted commits).
    var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    /// The root tree paths are relative to: the working tree, or the git directory when bare.
    public var rootPath: String { workdir ?? gitDirectory }

    /// A configuration value (`core.hooksPath`...), or `nil` when unset.
    func configString(_ name: String) throws(GitError) -> String? {
        var config: OpaquePointer?
        try GitError.check(git_repository_config_snapshot(&config, pointer), "git_repository_config_snapshot")
        defer { git_config_free(config) }
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        let code = git_config_get_string_buf(&buf, config, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "git_config_get_string_buf")
        return String(cString: buf.ptr)
    }

    static func trimSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
