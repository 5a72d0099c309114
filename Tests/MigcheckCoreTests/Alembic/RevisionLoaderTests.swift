import Foundation
import Testing

@testable import MigcheckCore

/// The loader's listing order and cache keys, which the scale work (issue 13) reimplemented for
/// speed: both must stay exactly what they were.
@Suite struct RevisionLoaderTests {
    /// Python's `sorted()` on `str`: by code point, which is UTF-8 byte order.
    static func pythonSorted(_ names: [String]) -> [String] {
        names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    @Test func namesSortInPythonsOrder() {
        // Prefixes of each other, shared 8-byte prefixes, names under 8 bytes, non-ASCII (NFC
        // and NFD spellings of one name are different names to Python), emoji, and bytes at
        // the top of the range.
        var names = [
            "a.py", "a", "ab.py", "abcdefgh.py", "abcdefgh", "abcdefg", "abcdefghi.py", "abcdefgh_2.py",
            "0001_init.py", "0001_init_.py", "000_.py", "Z.py", "_x.py", "~.py", "\u{e9}t\u{e9}.py",
            "e\u{301}te\u{301}.py", "\u{1F600}.py", "\u{FFFD}.py", "\u{7F}.py", "abcdefgh\u{e9}.py", "abcdefghe\u{301}.py",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let length = Int.random(in: 0...12, using: &generator)
            let alphabet = Array("ab_0.\u{e9}\u{301}\u{1F600}")
            names.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        let unique = Array(Set(names))
        #expect(RevisionLoader.sortedInPythonOrder(unique) == Self.pythonSorted(unique))
        #expect(RevisionLoader.sortedInPythonOrder(unique.shuffled()) == Self.pythonSorted(unique))
        #expect(RevisionLoader.sortedInPythonOrder(["e\u{301}.py", "\u{e9}.py"]) == ["e\u{301}.py", "\u{e9}.py"])
        #expect(RevisionLoader.sortedInPythonOrder(["abcdefgh", "abcdefg"]) == ["abcdefg", "abcdefgh"])
        #expect(RevisionLoader.sortedInPythonOrder([]) == [])
    }

    @Test func aKeyPassGivesTheKeysOfCacheKey() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("top.py", "x")
        try dir.write("m/versions/a.py", "a")
        try dir.write("m/versions/deep/b.py", "b")
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("m/versions/dir.py"), withIntermediateDirectories: true)
        #expect(symlink("a.py", dir.url.appendingPathComponent("m/versions/link.py").path) == 0)
        let later = dir.tree(secondsLater: 4)
        let pass = later.cacheKeyPass()
        let paths = [
            "top.py", "m/versions/a.py", "m/versions/deep/b.py", "m/versions/link.py", "m/versions/../versions/a.py",
            "m/versions/missing.py", "missing/x.py", "m/versions/dir.py",
        ]
        for path in paths {
            #expect(pass.key(path) == later.cacheKey(path), "\(path)")
        }
        #expect(pass.key("m/versions/a.py") != nil && pass.key("m/versions/link.py") == pass.key("m/versions/a.py"))
        #expect(pass.key("m/versions/missing.py") == nil && pass.key("m/versions/dir.py") == nil)
        #expect(dir.tree.cacheKeyPass().key("m/versions/a.py") == nil, "a file written now is in the racy window")
    }

    @Test func aPassDoesNotSeeADirectoryReplacedAfterIt() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("m/versions/a.py", "old")
        let later = dir.tree(secondsLater: 4)
        let before = try #require(later.cacheKeyPass().key("m/versions/a.py"))
        let versions = dir.url.appendingPathComponent("m/versions")
        try FileManager.default.moveItem(at: versions, to: dir.url.appendingPathComponent("m/old"))
        try dir.write("m/versions/a.py", "new content")
        let after = try #require(later.cacheKeyPass().key("m/versions/a.py"))
        #expect(after != before && after == later.cacheKey("m/versions/a.py"))
    }
}
