import Foundation
import Testing

@testable import MigcheckCore

/// ``DiskTree``'s failures name the path, the call and errno's meaning.
@Suite struct FileTreeTests {
    @Test func aSymlinkLoopIsATypedErrorWithPathAndReason() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        let loop = dir.url.appendingPathComponent("loop.py").path
        #expect(symlink(loop, loop) == 0)
        let error = try #require(throws: FileSystemError.self) { try dir.tree.read("loop.py") }
        #expect(error == FileSystemError(path: loop, function: "open", code: ELOOP))
        #expect(error.description == "\(loop): \(String(cString: strerror(ELOOP))) (open)")
        let listed = try #require(throws: FileSystemError.self) { try dir.tree.list("loop.py") }
        #expect(listed.function == "opendir" && listed.code == ELOOP && listed.path == loop)
    }

    @Test func missingFilesAndDirectoriesAreNotErrors() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        #expect(try dir.tree.read("nope.py") == nil)
        #expect(try dir.tree.list("nope") == nil)
    }
}
