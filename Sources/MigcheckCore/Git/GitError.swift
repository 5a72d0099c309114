import CLibgit2

/// A libgit2 call that failed: the C function's name, its return code and libgit2's own message.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// The libgit2 function that failed (`git_merge_base`...).
    var function: String
    /// The return code (`GIT_ENOTFOUND` is -3).
    var code: Int32
    /// `git_error_last()` text, or a description when libgit2 set none.
    var message: String

    /// Creates an error.
    init(function: String, code: Int32, message: String) {
        self.function = function
        self.code = code
        self.message = message
    }

    /// Whether libgit2 reported "not found".
    var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    public var description: String { "git: \(message) (\(function))" }

    /// This error with the repository at `path` named in its message, unless it is already.
    func naming(repository path: String) -> GitError {
        guard !message.contains(path) else { return self }
        var error = self
        error.message += " in the repository at \(path)"
        return error
    }

    /// Builds the error for a failed call, reading `git_error_last()`.
    static func last(_ function: String, code: Int32) -> GitError {
        let text = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(code)"
        return GitError(function: function, code: code, message: text)
    }

    /// Throws when `code` is negative.
    @inline(__always)
    static func check(_ code: Int32, _ function: String) throws(GitError) {
        if code < 0 { throw last(function, code: code) }
    }
}
