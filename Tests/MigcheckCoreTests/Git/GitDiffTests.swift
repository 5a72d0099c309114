import Foundation
import Testing

@testable import MigcheckCore

/// Diffs tree↔tree, tree↔index and tree↔workdir with rename detection.
@Suite("Git diffs")
struct GitDiffTests {
    let body = (1...30).map { "line \($0) of a migration body that is long enough to compare" }.joined(separator: "\n") + "\n"

    @Test func renamesAreDetectedInEveryTarget() throws {
        let repo = try ScratchRepository.core()
        try repo.write("v/a.py", body)
        try repo.write("v/b.py", "b\n")
        try repo.commitAll("one")
        let repository = try Repository(discoveringFrom: repo.path)
        let first = try repository.resolveCommit("HEAD")
        try repo.git("mv", "v/a.py", "v/a2.py")
        try repo.write("v/b.py", "b changed\n")
        // Working tree: rename staged, modification not.
        let workdir = try repository.diff(from: first, to: .workdir, paths: ["v"])
        #expect(workdir.contains { $0.status == .renamed && $0.oldPath == "v/a.py" && $0.newPath == "v/a2.py" && $0.similarity == 100 })
        #expect(workdir.contains { $0.status == .modified && $0.newPath == "v/b.py" })
        let index = try repository.diff(from: first, to: .index, paths: ["v"])
        #expect(index.map(\.status) == [.renamed])
        try repo.commitAll("two")
        let second = try repository.resolveCommit("HEAD")
        let trees = try repository.diff(from: first, to: .commit(second.hex))
        #expect(trees.count == 2)
        let rename = try #require(trees.first { $0.status == .renamed })
        #expect(rename.oldBlob == rename.newBlob)
        // Pathspec limits the diff.
        #expect(try repository.diff(from: first, to: .commit(second.hex), paths: ["elsewhere"]).isEmpty)
    }

    @Test func untrackedMovesCountInTheWorkingTree() throws {
        let repo = try ScratchRepository.core()
        try repo.write("v/a.py", body)
        try repo.commitAll("one")
        let repository = try Repository(discoveringFrom: repo.path)
        let first = try repository.resolveCommit("HEAD")
        try FileManager.default.moveItem(atPath: repo.path + "/v/a.py", toPath: repo.path + "/v/moved.py")
        let changes = try repository.diff(from: first, to: .workdir, paths: ["v"])
        #expect(changes.count == 1)
        #expect(changes.first?.status == .renamed)
        #expect(changes.first?.newPath == "v/moved.py")
    }
}
