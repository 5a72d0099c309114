import Foundation

/// One entry of a directory listing in a ``FileTree``.
public struct FileTreeEntry: Sendable, Hashable {
    /// The entry's name within its directory.
    var name: String
    /// Whether the entry is a directory (also through a symbolic link).
    var isDirectory: Bool
    /// Whether the entry itself is a symbolic link (recursive scans do not descend into linked
    /// directories, as Python's `os.walk` does not).
    var isSymbolicLink: Bool

    /// Creates an entry.
    init(name: String, isDirectory: Bool, isSymbolicLink: Bool = false) {
        self.name = name
        self.isDirectory = isDirectory
        self.isSymbolicLink = isSymbolicLink
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
    /// Whether `read` may be called from several threads at once.
    var supportsConcurrentReads: Bool { get }
    /// A key that changes whenever the content of `path` may have changed, for ``RevisionCache``;
    /// `nil` when the file must be read. The first byte says what kind of key it is.
    func cacheKey(_ path: String) -> [UInt8]?
    /// A reader of ``cacheKey(_:)`` for one pass over many paths, which may keep directories open
    /// until it is released (so it must not outlive the pass).
    func cacheKeyPass() -> CacheKeyPass
}

extension FileTree {
    /// Trees are read from one thread unless they say otherwise.
    public var supportsConcurrentReads: Bool { false }
    /// Trees are not cached unless they say how.
    func cacheKey(_ path: String) -> [UInt8]? { nil }
    /// Keys one path at a time through ``cacheKey(_:)``.
    public func cacheKeyPass() -> CacheKeyPass { CacheKeyPass(self) }
}

/// A ``FileTree`` over a directory on disk.
public struct DiskTree: FileTree {
    public let rootPath: String
    public var supportsConcurrentReads: Bool { true }
    /// The current time in whole seconds, for the racy window of ``cacheKey(_:)``; tests set a
    /// later clock instead of sleeping the window out.
    var now: @Sendable () -> Int = DiskTree.systemSeconds

    /// Creates a tree rooted at `root`.
    public init(root: URL) {
        rootPath = root.standardizedFileURL.path
    }

    /// The real-time clock in whole seconds.
    static let systemSeconds: @Sendable () -> Int = {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now.tv_sec
    }

    func absolute(_ path: String) -> String {
        if path.isEmpty { return rootPath }
        if path.hasPrefix("/") { return RelativePath.normalize(path) }
        // Tree paths are already normal; only `..` needs the slow path.
        if !RelativePath.hasDotDot(path) {
            return rootPath == "/" ? "/" + path : rootPath + "/" + path
        }
        return RelativePath.join(rootPath, path)
    }

    /// `stat:` device, inode, size, modification and change times (nanoseconds); `nil` for a
    /// file modified in the last two seconds (it could change again within the same tick).
    public func cacheKey(_ path: String) -> [UInt8]? {
        var info = stat()
        guard stat(absolute(path), &info) == 0 else { return nil }
        return key(info, now: now())
    }

    /// The ``cacheKey(_:)`` of a file with status `info` at time `now` (whole seconds).
    func key(_ info: stat, now: Int) -> [UInt8]? {
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let modified = info.modified
        let changed = info.changed
        guard modified.tv_sec < now - 2, changed.tv_sec < now - 2 else { return nil }
        // "S", then device, inode, size and both times, 8 bytes each (no text formatting per file).
        var key = [UInt8](repeating: UInt8(ascii: "S"), count: 41)
        key.withUnsafeMutableBytes { buffer in
            func store(_ field: UInt64, at index: Int) {
                buffer.storeBytes(of: field.littleEndian, toByteOffset: 1 + 8 * index, as: UInt64.self)
            }
            store(UInt64(info.st_dev), at: 0)
            store(UInt64(info.st_ino), at: 1)
            store(UInt64(info.st_size), at: 2)
            store(UInt64(bitPattern: Int64(modified.tv_sec)) &* 1_000_000_000 &+ UInt64(modified.tv_nsec), at: 3)
            store(UInt64(bitPattern: Int64(changed.tv_sec)) &* 1_000_000_000 &+ UInt64(changed.tv_nsec), at: 4)
        }
        return key
    }

    /// The largest file `read` returns: revision and configuration files are far smaller, and the
    /// parser needs many times a file's size in memory.
    static let maximumFileSize = 4 << 20

    public func read(_ path: String) throws -> Data? {
        // POSIX open/read: cheaper than URL + Data(contentsOf:) when reading thousands of files.
        // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
        let fd = open(absolute(path), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR || code == EISDIR { return nil }
            throw FileSystemError(path: absolute(path), function: "open", code: code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            throw FileSystemError(path: absolute(path), function: "fstat", code: code)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return nil
        case S_IFREG: break
        case S_IFIFO: throw FileRefused(path: absolute(path), reason: "not a regular file (a FIFO)")
        case S_IFSOCK: throw FileRefused(path: absolute(path), reason: "not a regular file (a socket)")
        default: throw FileRefused(path: absolute(path), reason: "not a regular file (a device)")
        }
        guard info.st_size <= Self.maximumFileSize else {
            throw FileRefused(
                path: absolute(path), reason: "\(info.st_size) bytes; migcheck reads files of up to \(Self.maximumFileSize >> 20) MiB")
        }
        var data = Data(count: Int(info.st_size))
        var total = 0
        let size = data.count
        try data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            while total < size {
                let n = Foundation.read(fd, buffer.baseAddress! + total, size - total)
                if n < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    throw FileSystemError(path: absolute(path), function: "read", code: code)
                }
                if n == 0 { break }
                total += n
            }
        }
        if total < size { data.removeSubrange(total..<size) }
        return data
    }

    public func list(_ path: String) throws -> [FileTreeEntry]? {
        let full = absolute(path)
        guard let dir = opendir(full) else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw FileSystemError(path: full, function: "opendir", code: code)
        }
        defer { closedir(dir) }
        var entries: [FileTreeEntry] = []
        while let entry = readdir(dir) {
            // Read the name in place: a dirent record may be shorter than the declared d_name array,
            // so copying the whole field would read past the end of the kernel's buffer.
            let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            let name = String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
            if name == "." || name == ".." { continue }
            var isDirectory: Bool
            var isLink = false
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): isDirectory = true
            case Int32(DT_REG): isDirectory = false
            default:
                // Symlinks and file systems without d_type: lstat says what the entry is, stat what
                // it points to (a link to a directory is a directory that os.walk does not enter).
                var info = stat()
                isLink = lstat(full + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
                isDirectory = stat(full + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            entries.append(FileTreeEntry(name: name, isDirectory: isDirectory, isSymbolicLink: isLink))
        }
        return entries
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
    static func normalize(_ path: String) -> String {
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

    /// Whether `path` contains `..` anywhere (a byte scan, no Foundation).
    static func hasDotDot(_ path: String) -> Bool {
        var path = path  // withUTF8 makes the storage contiguous (native strings already are)
        return path.withUTF8 { bytes in
            var index = 1
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "."), bytes[index - 1] == UInt8(ascii: ".") { return true }
                index += 1
            }
            return false
        }
    }

    /// The directory part of `path` ("" for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    static func name(of path: String) -> String {
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
