import Foundation

/// Reads ``FileTree/cacheKey(_:)`` for the paths of one load (``FileTree/cacheKeyPass()``);
/// safe to call from several threads at once when the tree's `cacheKey` is.
public class CacheKeyPass: @unchecked Sendable {
    private let tree: any FileTree

    /// A pass that asks `tree` for each key.
    init(_ tree: any FileTree) { self.tree = tree }

    /// The cache key of `path`, or `nil` when the file must be read.
    func key(_ path: String) -> [UInt8]? { tree.cacheKey(path) }
}

extension DiskTree {
    /// Keys through `fstatat` on directories opened once for the pass: a `stat` of the full
    /// path walks every component again, which was half the cost of keying 100,000 files.
    public func cacheKeyPass() -> CacheKeyPass { DiskKeyPass(self) }
}

/// The ``CacheKeyPass`` of a ``DiskTree``: one open descriptor per directory, closed when the
/// pass is released (a directory replaced after the pass cannot be seen through a stale one).
final class DiskKeyPass: CacheKeyPass, @unchecked Sendable {
    private let disk: DiskTree
    private let now: Int
    private let lock = NSLock()
    /// Open directories by tree path; -1 when the directory could not be opened.
    private var directories: [Substring: Int32] = [:]

    init(_ disk: DiskTree) {
        self.disk = disk
        now = disk.now()
        super.init(disk)
    }

    deinit {
        for fd in directories.values where fd >= 0 { close(fd) }
    }

    override func key(_ path: String) -> [UInt8]? {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), !path.hasPrefix("/") else { return disk.cacheKey(path) }
        let directory = path[..<slash]
        let fd = descriptor(directory)
        guard fd >= 0 else { return disk.cacheKey(path) }
        let nameOffset = path.utf8.distance(from: path.utf8.startIndex, to: slash) + 1
        var info = stat()
        let status = path.withCString { fstatat(fd, $0 + nameOffset, &info, 0) }
        guard status == 0 else { return nil }
        return disk.key(info, now: now)
    }

    /// The open descriptor of `directory` (a tree path), opening it on first use.
    private func descriptor(_ directory: Substring) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let fd = directories[directory] { return fd }
        let fd = open(disk.absolute(String(directory)), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        directories[directory] = fd
        return fd
    }
}
