import Foundation
import Testing

@testable import MigcheckCore

/// The commit tree and the index read like the checkout: same listings, same revisions.
@Suite("Git trees")
struct GitTreeTests {
    func project() throws -> ScratchRepository {
        let repo = try ScratchRepository.core()
        try repo.write("alembic.ini", "[alembic]\nscript_location = db\nrecursive_version_locations = true\n")
        try repo.write("db/versions/a1_first.py", "revision = 'a1'\ndown_revision = None\n")
        try repo.write("db/versions/sub/b2_second.py", "revision = 'b2'\ndown_revision = 'a1'\n")
        try repo.write("db/versions/__init__.py", "")
        try repo.write("db/versions/notes.txt", "x")
        try repo.commitAll("project")
        return repo
    }

    func load(_ tree: FileTree) throws -> [String] {
        let environment = try ProjectLocator(directory: URL(fileURLWithPath: tree.rootPath)).locate(in: tree)
        let project = try RevisionLoader.load(environment, from: tree)
        return project.files.map { "\($0.path)=\($0.revision ?? "-")<\($0.downRevisions.joined(separator: ","))" } + project.graph.heads
    }

    @Test func commitIndexAndDiskAgree() throws {
        let repo = try project()
        let repository = try Repository(discoveringFrom: repo.path + "/db/versions")
        #expect(repository.workdir == repo.path)
        let head = try #require(try repository.head())
        let disk = try load(DiskTree(root: repo.url))
        #expect(disk == ["db/versions/a1_first.py=a1<", "db/versions/sub/b2_second.py=b2<a1", "b2"])
        #expect(try load(GitTree(repository, commit: head)) == disk)
        #expect(try load(IndexTree(repository)) == disk)
        let listing = { (tree: FileTree) throws -> [String] in
            try (tree.list("db/versions") ?? []).map { "\($0.name)\($0.isDirectory ? "/" : "")" }.sorted()
        }
        #expect(try listing(GitTree(repository, commit: head)) == listing(DiskTree(root: repo.url)))
        #expect(try listing(IndexTree(repository)) == listing(DiskTree(root: repo.url)))
        #expect(try GitTree(repository, commit: head).read("db/missing.py") == nil)
        #expect(try IndexTree(repository).list("nope") == nil)
        #expect(try GitTree(repository, commit: head).list("db/versions/a1_first.py") == nil)
    }

    @Test func indexSeesStagedButNotUnstagedChanges() throws {
        let repo = try project()
        try repo.write("db/versions/c3_third.py", "revision = 'c3'\ndown_revision = 'b2'\n")
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(try IndexTree(repository).read("db/versions/c3_third.py") == nil)
        try repo.git("add", "db/versions/c3_third.py")
        let staged = try IndexTree(repository)
        #expect(try staged.read("db/versions/c3_third.py") == Data("revision = 'c3'\ndown_revision = 'b2'\n".utf8))
        #expect(staged.blobID("db/versions/c3_third.py")?.hex == (try repo.git("hash-object", "db/versions/c3_third.py")))
    }

    @Test func errorsCarryLibgit2MessageAndFunction() throws {
        let repo = try project()
        let repository = try Repository(discoveringFrom: repo.path)
        do {
            _ = try repository.resolveCommit("no-such-branch")
            Issue.record("resolving a missing ref succeeded")
        } catch {
            #expect(error.function == "git_revparse_single")
            #expect(error.isNotFound)
            #expect(error.message.contains("no-such-branch"))
            #expect(error.description.contains("(git_revparse_single)"))
        }
        #expect(try repository.resolveCommitIfPresent("no-such-branch") == nil)
        let outside = try TemporaryDirectory(purpose: "notrepo")
        defer { outside.remove() }
        #expect(try Repository.discover(from: outside.url.path) == nil)
    }

    @Test func mergeBaseAndShallowness() throws {
        let repo = try project()
        let repository = try Repository(discoveringFrom: repo.path)
        let base = try repository.resolveCommit("main")
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.write("x.txt", "x")
        try repo.commitAll("x")
        let topic = try repository.resolveCommit("topic")
        #expect(try repository.mergeBase(base, topic) == base)
        #expect(try repository.commit(topic).parents == [base])
        #expect(try repository.commit(topic).authorName == "Core Test")
        #expect(!repository.isShallow)
        #expect(try repository.walk(from: topic, hiding: base) == [topic])
    }

    @Test func baseProjectForTheMergeWriter() throws {
        let repo = try project()
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.write("db/versions/c3_third.py", "revision = 'c3'\ndown_revision = 'b2'\n")
        let repository = try Repository(discoveringFrom: repo.path)
        let base = try GitComparisonResolver.resolveBase(repository, explicit: nil, configured: nil)
        #expect(base.ref == "main")
        let environment = try ProjectLocator(directory: repo.url).locate(in: DiskTree(root: repo.url))
        let onBase = try #require(try GitChecks.baseProject(for: environment, repository: repository, base: base))
        #expect(onBase.graph.heads == ["b2"])
        #expect(onBase.tree.rootPath == repo.path)
    }
}
