import CLibgit2
import Foundation

/// A backend in front of libgit2's own object database backends that refuses damaged loose
/// object files before libgit2 inflates them.
///
/// libgit2 1.5 spins forever inside `git_odb_read` on a truncated loose object: `inflate()`
/// reports `Z_BUF_ERROR` when the input ends before the stream does, and
/// `git_zstream_get_output` treats that as "try again" with no input left to give (libgit2
/// issue #7342, fixed after 1.5). Every read libgit2 makes (commits, trees, blobs, and the ones
/// `git_merge_base`, revision walks and diffs make internally) asks the backends in priority
/// order; this one, added with the highest priority, inflates the object's loose file itself
/// (bounded by the size its header declares) and fails the read with a message naming the
/// object and the file when it is empty, truncated or corrupt. Otherwise it passes
/// (`GIT_PASSTHROUGH`), and libgit2's pack and loose backends read the object as usual. Packed
/// objects have no loose file and cost one failed `open`.
enum ObjectGuard {
    /// Above libgit2's loose (1) and pack (2) backends, so the guard is asked first.
    static let priority: Int32 = 1000

    /// Compressed files larger than this are left to libgit2 (no file migcheck reads is near it).
    static let maximumCompressedSize = 1 << 30

    /// Adds the guard to the object database of `repository`, for the loose objects in
    /// `objectsDirectory`.
    static func install(in repository: OpaquePointer, objectsDirectory: String) throws(GitError) {
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, repository), "git_repository_odb")
        defer { git_odb_free(odb) }
        let backend = UnsafeMutablePointer<migcheck_object_guard>.allocate(capacity: 1)
        backend.initialize(to: migcheck_object_guard())
        backend.pointee.parent.version = UInt32(GIT_ODB_BACKEND_VERSION)
        backend.pointee.objects_directory = strdup(objectsDirectory)
        backend.pointee.parent.read = { _, _, _, backend, id in ObjectGuard.check(backend, id) }
        backend.pointee.parent.read_header = { _, _, backend, id in ObjectGuard.check(backend, id) }
        backend.pointee.parent.read_prefix = { _, _, _, _, backend, id, length in ObjectGuard.check(backend, id, prefixLength: length) }
        // libgit2 calls `foreach` of every backend without checking for NULL: list nothing.
        backend.pointee.parent.foreach = { _, _, _ in 0 }
        backend.pointee.parent.free = { backend in
            guard let backend else { return }
            let owner = UnsafeMutableRawPointer(backend).assumingMemoryBound(to: migcheck_object_guard.self)
            free(owner.pointee.objects_directory)
            owner.deallocate()
        }
        let code = backend.withMemoryRebound(to: git_odb_backend.self, capacity: 1) { git_odb_add_backend(odb, $0, priority) }
        if code < 0 {
            free(backend.pointee.objects_directory)
            backend.deallocate()
            throw GitError.last("git_odb_add_backend", code: code)
        }
    }

    /// The backend's answer for `id` (or every loose object starting with its first
    /// `prefixLength` hex digits): `GIT_PASSTHROUGH`, or an error set for libgit2 to report.
    static func check(_ backend: UnsafeMutablePointer<git_odb_backend>?, _ id: UnsafePointer<git_oid>?, prefixLength: Int = 40)
        -> Int32
    {
        guard let backend, let id else { return GIT_PASSTHROUGH.rawValue }
        let owner = UnsafeMutableRawPointer(backend).assumingMemoryBound(to: migcheck_object_guard.self)
        let directory = String(cString: owner.pointee.objects_directory)
        let hex = String(ObjectID(id).hex.prefix(max(prefixLength, 2)))
        let fan = String(hex.prefix(2))
        let names: [String]
        if hex.count == 40 {
            names = [String(hex.dropFirst(2))]
        } else {
            let rest = hex.dropFirst(2)
            names = ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + fan)) ?? []).filter { $0.hasPrefix(rest) }
        }
        for name in names {
            let path = directory + "/" + fan + "/" + name
            guard let damage = damage(ofLooseObject: path) else { continue }
            _ = git_error_set_str(
                Int32(GIT_ERROR_ODB.rawValue),
                "object \(fan + name) is damaged: its loose object file \(path) \(damage) (`git fsck` in that repository lists every damaged object)"
            )
            return GIT_ERROR.rawValue
        }
        return GIT_PASSTHROUGH.rawValue
    }

    /// What is wrong with the loose object file at `path`, or `nil` when it is sound or absent
    /// (a packed object; a missing one is libgit2's to report).
    static func damage(ofLooseObject path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFREG else { return "is not a regular file" }
        let size = Int(info.st_size)
        if size == 0 { return "is empty (0 bytes)" }
        guard size <= maximumCompressedSize else { return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, size - filled) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return damage(ofCompressed: Array(bytes.prefix(filled)))
    }
}
