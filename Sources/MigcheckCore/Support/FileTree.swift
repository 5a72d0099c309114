import Foundation

/// One entry of a directory listing in a ``FileTree``.
public struct FileTreeEntry: Sendable, Hashable {
    /// The entry's name within its directory.
    public var name: String
    /// Whether the entry is a directory.
    public var isDirectory: Bool

    /// Creates an entry.
    public init(name: String, isDirectory: Bool) {
        self.name = name
        self.isDirectory = isDirectory
    }
}

/// A read-only tree of files addressed by `/`-separated paths relative to its root.
///
/// The static checker reads projects only through this protocol, so the same code checks a
/// working tree on disk, a commit's tree, or the git index.
public protocol FileTree: Sendable {
    /// The absolute path the root stands for on disk (used for `%(here)s` and for display).
    var rootPath: String { get }
    /// The contents of the file at `path`, or `nil` when there is no such file.
    func read(_ path: String) throws -> Data?
    /// The entries of the directory at `path`, or `nil` when there is no such directory.
    func list(_ path: String) throws -> [FileTreeEntry]?
}

/// A ``FileTree`` over a directory on disk.
public struct DiskTree: FileTree {
    public let rootPath: String

    /// Creates a tree rooted at `root`.
    public init(root: URL) {
        rootPath = root.standardizedFileURL.path
    }

    private func absolute(_ path: String) -> String {
        path.isEmpty ? rootPath : RelativePath.join(rootPath, path)
    }

    public func read(_ path: String) throws -> Data? {
        let full = absolute(path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { return nil }
        return try Data(contentsOf: URL(fileURLWithPath: full))
    }

    public func list(_ path: String) throws -> [FileTreeEntry]? {
        let full = absolute(path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), isDir.boolValue else { return nil }
        let names = try FileManager.default.contentsOfDirectory(atPath: full)
        return names.map { name in
            var childIsDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full + "/" + name, isDirectory: &childIsDir)
            return FileTreeEntry(name: name, isDirectory: childIsDir.boolValue)
        }
    }
}

/// Lexical helpers for `/`-separated paths.
public enum RelativePath {
    /// Joins `base` and `path`; an absolute `path` replaces `base`. The result is normalised.
    public static func join(_ base: String, _ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        if base.isEmpty { return normalize(path) }
        return normalize(base + "/" + path)
    }

    /// Removes `.` components, empty components and resolves `..` lexically.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : joined
    }

    /// The directory part of `path` ("" for a bare name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path` relative to `root` when it lies inside it, else `nil`. Both must be absolute.
    public static func relative(_ path: String, to root: String) -> String? {
        let p = normalize(path)
        let r = normalize(root)
        if p == r { return "" }
        let prefix = r == "/" ? "/" : r + "/"
        return p.hasPrefix(prefix) ? String(p.dropFirst(prefix.count)) : nil
    }
}
