import Foundation
import MigcheckCore

/// A temporary directory for one test, removed when the value goes away (even when the test
/// fails) or when `remove()` is called.
public final class ScratchDirectory: @unchecked Sendable {
    /// The directory.
    public let url: URL

    /// A fresh directory named after `purpose`.
    public init(purpose: String = "test") throws {
        url = try TemporaryDirectory(purpose: purpose).url
    }

    deinit { remove() }

    /// Writes `text` to `path` (relative), creating parent directories.
    @discardableResult
    public func write(_ path: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// `name` inside the directory.
    public func sub(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The directory as a ``DiskTree``.
    public var tree: DiskTree { DiskTree(root: url) }

    /// Removes the directory now.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Temporary directories that live as long as the test process (the isolated home, the installed
/// wheel's venv), removed when it exits normally, so a test run leaves nothing in the temp
/// directory.
public enum ProcessLifetimeDirectory {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var directories: [URL] = []
    private static let registered: Bool = {
        atexit { ProcessLifetimeDirectory.removeAll() }
        return true
    }()

    /// A fresh directory named after `purpose`, removed at exit.
    public static func make(purpose: String) throws -> URL {
        let url = try TemporaryDirectory(purpose: purpose).url
        _ = registered
        lock.withLock { directories.append(url) }
        return url
    }

    private static func removeAll() {
        for url in lock.withLock({ directories }) { try? FileManager.default.removeItem(at: url) }
    }
}
