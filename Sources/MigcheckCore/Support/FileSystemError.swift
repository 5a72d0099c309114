import Foundation

/// A file-system call that failed: the path, the call and errno, told the way `ls` or `cat`
/// would (`versions/a.py: Permission denied (open)`), not as Foundation's `Code=256 "(null)"`.
struct FileSystemError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The absolute path concerned.
    var path: String
    /// The C function that failed (`open`, `read`, `fstat`, `opendir`).
    var function: String
    /// The `errno` it left.
    var code: Int32

    /// Creates an error.
    init(path: String, function: String, code: Int32) {
        self.path = path
        self.function = function
        self.code = code
    }

    /// `strerror`'s text for the code.
    var reason: String { String(cString: strerror(code)) }

    var description: String { "\(path): \(reason) (\(function))" }
}

/// A file migcheck will not read: not a regular file (a FIFO would block every command forever,
/// a device could stream without end), or larger than ``DiskTree/maximumFileSize``.
struct FileRefused: Error, CustomStringConvertible, Sendable, Hashable {
    /// The absolute path.
    var path: String
    /// Why, in a few words (`not a regular file (a FIFO)`).
    var reason: String

    var description: String { "\(path): \(reason)" }
}

/// The modification and status-change times of a `stat` record, on each platform's field names.
extension stat {
    /// Last modification.
    var modified: timespec {
        #if canImport(Darwin)
            st_mtimespec
        #else
            st_mtim
        #endif
    }

    /// Last status change (metadata or content).
    var changed: timespec {
        #if canImport(Darwin)
            st_ctimespec
        #else
            st_ctim
        #endif
    }
}
