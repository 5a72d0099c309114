import Foundation
import Testing

@testable import MigcheckCore

@Suite struct RevisionCacheTests {
    /// A project whose files look old enough to be cached, and a private cache directory.
    func setUp() throws -> (ScratchDirectory, [String: String], AlembicEnvironment) {
        let dir = try ScratchDirectory()
        try dir.write("alembic.ini", "[alembic]\nscript_location = %(here)s/m\n")
        try dir.write("m/env.py", "")
        try dir.write("m/versions/a.py", revisionSource("a"))
        try dir.write("m/versions/b.py", revisionSource("b", down: ["a"], labels: ["core"]))
        try age(dir)
        let env = ["MIGCHECK_CACHE_DIR": dir.url.appendingPathComponent(".cache").path]
        return (dir, env, try AlembicConfigReader.read(configPath: "alembic.ini", in: dir.tree))
    }

    /// Sets modification times an hour back; change times stay new, so the loads read the tree
    /// from past the racy window (``ScratchDirectory/tree(secondsLater:)``).
    func age(_ dir: ScratchDirectory) throws {
        for name in ["a.py", "b.py"] {
            let path = dir.url.appendingPathComponent("m/versions/\(name)").path
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: path)
        }
    }

    /// Every stored property of ``RevisionFile`` but `path` (the lookup supplies it) survives the
    /// cache: compared through `Mirror`, so a field added later without a codec fails here; each
    /// is set away from its default first, so none passes by being empty on both sides.
    @Test func roundTripsEveryField() throws {
        var file = RevisionFileParser.parse(
            path: "v/x.py",
            data: Data(("# migcheck: irreversible\n" + revisionSource("x", down: ["a", "b"], labels: ["l"], depends: ["d"])).utf8))
        file.revisionFromFileName = true
        file.nonLiterals.append(NonLiteralValue(variable: "depends_on", expression: "f()", line: 9))
        file.problem = RevisionFileProblem(message: "m", line: 7)
        let decoded = try #require(RevisionCache.decode(RevisionCache.encode([Array("k".utf8): file])))
        let back = try #require(decoded[Array("k".utf8)])
        func fields(_ file: RevisionFile) -> [String: String] {
            Dictionary(uniqueKeysWithValues: Mirror(reflecting: file).children.map { ($0.label!, String(reflecting: $0.value)) })
        }
        let original = fields(file)
        let defaults = fields(RevisionFile(path: "v/x.py"))
        let restored = fields(back)
        #expect(original.count >= 15)
        for (label, value) in original where label != "path" {
            #expect(value != defaults[label], "the test leaves \(label) at its default")
            #expect(restored[label] == value, "\(label) does not survive the cache")
        }
    }

    @Test func corruptOrTruncatedCachesAreIgnored() {
        let bytes = RevisionCache.encode([Array("k".utf8): RevisionFile(path: "p")])
        #expect(RevisionCache.decode(Array(bytes.dropLast())) == nil)
        #expect(RevisionCache.decode([1, 2, 3]) == nil)
        #expect(RevisionCache.decode(bytes + [0]) == nil)
    }

    @Test func secondLoadUsesTheCacheAndAnEditIsSeen() throws {
        let (dir, env, environment) = try setUp()
        defer { dir.remove() }
        let cache = try #require(RevisionCache.open(forRoot: dir.tree.rootPath, environment: env))
        _ = cache
        let later = dir.tree(secondsLater: 4)
        let first = try RevisionLoader.load(environment, from: later, cacheEnvironment: env)
        #expect(first.graph.heads == ["b"])
        let cacheFiles = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent(".cache/revisions").path)
        #expect(cacheFiles.count == 1)
        // Same size, new content: the key (inode, size, times) changes, so the edit is read.
        let edited = revisionSource("b", down: ["a"], labels: ["mmmm"])
        try dir.write("m/versions/b.py", edited)
        let second = try RevisionLoader.load(environment, from: dir.tree, cacheEnvironment: env)
        #expect(second.graph.nodes["b"]?.ownLabels == ["mmmm"])
        // A fresh file is not cached until it is older than the racy window...
        #expect(DiskTree(root: dir.url).cacheKey("m/versions/b.py") == nil)
        // ...and an old one is.
        #expect(later.cacheKey("m/versions/a.py")?.first == UInt8(ascii: "S"))
    }

    @Test func disabledByEnvironment() {
        #expect(RevisionCache.open(forRoot: "/x", environment: ["MIGCHECK_NO_CACHE": "1", "HOME": "/root"]) == nil)
        #expect(RevisionCache.open(forRoot: "/x", environment: ["HOME": "/root"]) != nil)
    }
}

@Suite struct RevisionCacheHitTests {
    @Test func aCachedEntryIsUsedWithoutReadingTheFile() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("alembic.ini", "[alembic]\nscript_location = %(here)s/m\n")
        try dir.write("m/env.py", "")
        try dir.write("m/versions/a.py", revisionSource("a"))
        let later = dir.tree(secondsLater: 4)
        let env = ["MIGCHECK_CACHE_DIR": dir.url.appendingPathComponent(".cache").path]
        #expect(dir.tree.cacheKey("m/versions/a.py") == nil, "a file written now is in the racy window")
        let key = try #require(later.cacheKey("m/versions/a.py"))
        // Plant an entry under the file's real key: a load that believes it proves the hit path.
        let cache = try #require(RevisionCache.open(forRoot: dir.tree.rootPath, environment: env))
        var planted = RevisionFile(path: "elsewhere.py")
        planted.revision = "planted"
        cache.store(key, planted)
        cache.save()
        let environment = try AlembicConfigReader.read(configPath: "alembic.ini", in: dir.tree)
        let project = try RevisionLoader.load(environment, from: later, cacheEnvironment: env)
        #expect(project.graph.heads == ["planted"])
        #expect(project.files.first?.path == "m/versions/a.py")
        let uncached = try RevisionLoader.load(environment, from: dir.tree, cacheEnvironment: ["MIGCHECK_NO_CACHE": "1"])
        #expect(uncached.graph.heads == ["a"])
    }
}

@Suite struct RevisionCacheSharingTests {
    @Test func loadsInOneProcessShareTheCacheAndKeepEachOthersEntries() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("one/alembic.ini", "[alembic]\nscript_location = %(here)s/m\n")
        try dir.write("one/m/versions/a.py", revisionSource("a"))
        try dir.write("two/alembic.ini", "[alembic]\nscript_location = %(here)s/m\n")
        try dir.write("two/m/versions/b.py", revisionSource("b"))
        let later = dir.tree(secondsLater: 4)
        let env = ["MIGCHECK_CACHE_DIR": dir.url.appendingPathComponent(".cache").path]
        #expect(
            RevisionCache.open(forRoot: dir.tree.rootPath, environment: env)
                === RevisionCache.open(forRoot: dir.tree.rootPath, environment: env))
        for config in ["one/alembic.ini", "two/alembic.ini"] {
            let environment = try AlembicConfigReader.read(configPath: config, in: dir.tree)
            _ = try RevisionLoader.load(environment, from: later, cacheEnvironment: env)
        }
        let folder = dir.url.appendingPathComponent(".cache/revisions")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        let saved = try #require(RevisionCache.decode(Array(try Data(contentsOf: folder.appendingPathComponent(file)))))
        #expect(Set(saved.values.compactMap(\.revision)) == ["a", "b"])
    }
}
