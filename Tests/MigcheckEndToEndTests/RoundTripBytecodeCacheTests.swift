import Foundation
import MigcheckCore
import Testing

/// The driver keeps the bytecode of the files Alembic loads in migcheck's cache, never in the
/// project, and a damaged cache changes nothing but the time (real Alembic and PostgreSQL).
@Suite("Round trip: the bytecode cache")
struct RoundTripBytecodeCacheTests {
    @Test func bytecodeGoesToTheCacheAndDamageIsCompiledAgain() throws {
        let project = try GeneratedProject(["--revisions", "5", "--seed", "51", "--fault", "import-raises:3"])
        defer { project.remove() }
        let cache = project.tmp.appendingPathComponent("cache")
        func run() throws -> RoundTripRun {
            RoundTripRun(
                result: try TestEnvironment.runMigcheck(
                    ["roundtrip", "--format", "json", "--python", TestEnvironment.python], in: project.directory,
                    environment: ["TMPDIR": project.tmp.path, "MIGCHECK_CACHE_DIR": cache.path]))
        }
        func entries() -> [URL] {
            let found = FileManager.default.enumerator(at: cache.appendingPathComponent("bytecode"), includingPropertiesForKeys: nil)
            return (found?.allObjects as? [URL] ?? []).filter { !$0.hasDirectoryPath }
        }
        let first = try run()
        #expect(first.result.status == 1, "\(first.transcript)")
        #expect(!first.findings.isEmpty)
        // env.py and the revision files Alembic loaded (the failing one has no code to keep).
        #expect(entries().count >= 5, "\(entries())")
        let pycache = FileManager.default.enumerator(atPath: project.directory.path)?.allObjects as? [String] ?? []
        #expect(!pycache.contains { $0.contains("__pycache__") }, "bytecode written into the project")

        for entry in entries() { try Data("damaged".utf8).write(to: entry) }
        let second = try run()
        #expect(second.result.status == first.result.status, "\(second.transcript)")
        #expect(second.findings.map(\.message) == first.findings.map(\.message))
        #expect(second.findings.map(\.hint) == first.findings.map(\.hint))
        #expect(try entries().allSatisfy { try Data(contentsOf: $0) != Data("damaged".utf8) }, "damaged entries are rewritten")

        let disabled = try TestEnvironment.runMigcheck(
            ["roundtrip", "--format", "json", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "MIGCHECK_CACHE_DIR": cache.path, "MIGCHECK_NO_CACHE": "1"])
        #expect(RoundTripRun(result: disabled).findings.map(\.message) == first.findings.map(\.message))
    }
}
