import Foundation

/// A directory under the system temp directory that is removed when `remove()` is called.
///
/// migcheck names its directories `migcheck-<purpose>-<pid>-<random>` so that a later run can
/// recognise, and sweep, the directories of runs that died.
public struct TemporaryDirectory: Sendable {
    /// The directory's location.
    public let url: URL

    /// Creates a fresh directory named after `purpose` in `base` (default: the system temp directory).
    public init(purpose: String, in base: URL = URL(fileURLWithPath: NSTemporaryDirectory())) throws {
        let name = "migcheck-\(purpose)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        url = base.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Deletes the directory and everything in it; errors are ignored.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
