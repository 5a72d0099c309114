import Foundation
import Testing

@testable import MigcheckCore

/// Finding `initdb` and `postgres`: `--pg-bin`, then Debian's highest version, then `pg_config`,
/// then `PATH`; a clear list of what was searched otherwise. Uses fake programs in temp trees.
@Suite struct PostgresBinariesTests {
    /// Makes `dir` hold executable stand-ins for the given programs.
    func fakePrograms(_ names: [String], in dir: URL, script: String = "#!/bin/sh\nexit 0\n") throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in names {
            let file = dir.appendingPathComponent(name)
            try Data(script.utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
    }

    @Test func explicitDirectoryWins() throws {
        let root = try TemporaryDirectory(purpose: "test-pgbin")
        defer { root.remove() }
        let explicit = root.url.appendingPathComponent("custom")
        try fakePrograms(["initdb", "postgres"], in: explicit)
        let found = try PostgresBinaries.locate(explicit: explicit, environment: [:], debianRoot: root.url.appendingPathComponent("none"))
        #expect(found.directory.path == explicit.path)
        #expect(found.postgres == explicit.appendingPathComponent("postgres").path)
    }

    @Test func highestDebianVersionIsPicked() throws {
        let root = try TemporaryDirectory(purpose: "test-pgbin")
        defer { root.remove() }
        for version in ["9.6", "13", "16", "notaversion"] {
            try fakePrograms(["initdb", "postgres"], in: root.url.appendingPathComponent("\(version)/bin"))
        }
        try fakePrograms(["initdb"], in: root.url.appendingPathComponent("17/bin"))  // incomplete: skipped
        let found = try PostgresBinaries.locate(explicit: nil, environment: ["PATH": ""], debianRoot: root.url)
        #expect(found.directory.lastPathComponent == "bin")
        #expect(found.directory.deletingLastPathComponent().lastPathComponent == "16")
    }

    @Test func pgConfigThenPathAreFallbacks() throws {
        let root = try TemporaryDirectory(purpose: "test-pgbin")
        defer { root.remove() }
        let server = root.url.appendingPathComponent("server-bin")
        try fakePrograms(["initdb", "postgres"], in: server)
        let tools = root.url.appendingPathComponent("tools")
        try fakePrograms(["pg_config"], in: tools, script: "#!/bin/sh\necho \(server.path)\n")
        let viaConfig = try PostgresBinaries.locate(
            explicit: nil, environment: ["PATH": tools.path], debianRoot: root.url.appendingPathComponent("none"))
        #expect(viaConfig.directory.path == server.path)
        let viaPath = try PostgresBinaries.locate(
            explicit: nil, environment: ["PATH": server.path], debianRoot: root.url.appendingPathComponent("none"))
        #expect(viaPath.directory.path == server.path)
    }

    @Test func nothingFoundListsEverythingSearched() throws {
        let root = try TemporaryDirectory(purpose: "test-pgbin")
        defer { root.remove() }
        #expect {
            try PostgresBinaries.locate(
                explicit: nil, environment: ["PATH": root.url.path], debianRoot: root.url.appendingPathComponent("debian"))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("\(root.url.path)/debian/*/bin") && text.contains("pg_config --bindir (no pg_config on PATH)")
                && text.contains("PATH") && text.contains("--pg-bin DIR") && !text.contains("\n")
        }
        let explicit = root.url.appendingPathComponent("empty")
        #expect {
            try PostgresBinaries.locate(explicit: explicit, environment: [:], debianRoot: root.url)
        } throws: { error in
            String(describing: error).contains("--pg-bin \(explicit.path): no executable initdb and postgres")
        }
    }
}
