import CLibgit2
import Foundation

/// A git object id (SHA-1), as its 40-digit hex form.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The full hex id.
    let hex: String

    /// Creates an id from 40 hex digits.
    init(hex: String) { self.hex = hex }

    init(_ oid: git_oid) {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &copy)
        hex = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init(_ pointer: UnsafePointer<git_oid>) { self.init(pointer.pointee) }

    /// The C value, for calls inside the wrapper.
    var raw: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstrn(&oid, hex, hex.utf8.count)
        return oid
    }

    /// The first 12 digits, for messages.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public static func < (a: ObjectID, b: ObjectID) -> Bool { a.hex < b.hex }

    /// The blob id git would give `data` (`git hash-object`).
    static func blob(of data: Data) -> ObjectID {
        var oid = git_oid()
        data.withUnsafeBytes { buffer in
            _ = git_odb_hash(&oid, buffer.baseAddress, buffer.count, GIT_OBJECT_BLOB)
        }
        return ObjectID(oid)
    }
}
