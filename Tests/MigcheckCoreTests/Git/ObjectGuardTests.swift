import Foundation
import Testing

@testable import MigcheckCore

/// The loose-object check that runs before libgit2 inflates an object (#13 item 8), on files
/// git itself wrote, then damaged.
@Suite("Object guard")
struct ObjectGuardTests {
    /// A loose blob written by `git hash-object -w`: its file's bytes.
    func looseBlob(_ text: String) throws -> (ScratchRepository, [UInt8], String) {
        let repo = try ScratchRepository.core()
        try repo.write("file.txt", text)
        let id = try repo.git("hash-object", "-w", "file.txt")
        let path = repo.path + "/.git/objects/\(id.prefix(2))/\(id.dropFirst(2))"
        return (repo, Array(try Data(contentsOf: URL(fileURLWithPath: path))), path)
    }

    @Test func soundObjectsPass() throws {
        let (repo, bytes, path) = try looseBlob(String(repeating: "op.execute('SELECT 1')\n", count: 2000))
        defer { withExtendedLifetime(repo) {} }
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(ObjectGuard.damage(ofCompressed: bytes) == nil)
        #expect(ObjectGuard.damage(ofLooseObject: path) == nil)
        #expect(ObjectGuard.damage(ofLooseObject: path + "-absent") == nil)
    }

    @Test func truncatedEmptyAndCorruptObjectsAreNamed() throws {
        let (repo, bytes, path) = try looseBlob(String(repeating: "op.execute('SELECT 1')\n", count: 2000))
        defer { withExtendedLifetime(repo) {} }
        for cut in [bytes.count / 2, bytes.count - 1, 2] {
            let damage = ObjectGuard.damage(ofCompressed: Array(bytes.prefix(cut)))
            #expect(damage?.hasPrefix("is truncated") == true, "cut at \(cut): \(damage ?? "nil")")
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0xFF
        #expect(ObjectGuard.damage(ofCompressed: flipped) != nil)
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(ObjectGuard.damage(ofLooseObject: path) == "is empty (0 bytes)")
    }

    @Test func headersAreParsedStrictly() {
        #expect(ObjectGuard.declaredSize(ArraySlice(Array("blob 12".utf8))) == 12)
        #expect(ObjectGuard.declaredSize(ArraySlice(Array("commit 0".utf8))) == 0)
        for header in ["blob", "blob -1", "blob +1", "note 3", "blob 1 2", "blob 99999999999999999999"] {
            #expect(ObjectGuard.declaredSize(ArraySlice(Array(header.utf8))) == nil, "\(header)")
        }
    }
}
