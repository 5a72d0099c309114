import Foundation

/// Where throwaway clusters live: in memory (`/dev/shm`) when there is room, else the temp directory.
///
/// A cluster is written, never kept; on a tmpfs copying the cached data directory takes ~0.1 s
/// where a busy disk can take a second. `/dev/shm` is used only if it is a writable directory with
/// at least `minimumFreeBytes` free (containers often cap it at 64 MB).
enum ClusterPlacement {
    /// Free space `/dev/shm` must have to be used.
    static let minimumFreeBytes: UInt64 = 1 << 30

    /// The directory new cluster directories are created in.
    static func defaultRoot() -> URL {
        let shm = "/dev/shm"
        var info = statvfs()
        if access(shm, W_OK | X_OK) == 0, statvfs(shm, &info) == 0,
            UInt64(info.f_bavail) * UInt64(info.f_frsize) >= minimumFreeBytes
        {
            return URL(fileURLWithPath: shm, isDirectory: true)
        }
        return URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
    }

    /// Every place a cluster directory of an earlier run may be, for the stale-cluster sweep.
    static func allRoots() -> [URL] {
        var roots = [URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true).standardizedFileURL]
        let shm = URL(fileURLWithPath: "/dev/shm", isDirectory: true)
        if FileManager.default.fileExists(atPath: shm.path), !roots.contains(shm) { roots.append(shm) }
        return roots
    }
}
