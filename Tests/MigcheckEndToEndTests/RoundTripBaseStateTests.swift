import Foundation
import MigcheckCore
import Testing

/// `roundtrip --changed` saving the base revisions' state and starting from it next time (real git,
/// Alembic and private clusters, a cache directory per test): the findings are those of a run that
/// upgrades through the base, a change to a base revision file is a new base, a state made by
/// another Alembic is rebuilt, and `--no-base-cache` and `migcheck clean` work.
@Suite("Round trip: the saved base state")
struct RoundTripBaseStateTests {
    let project: GeneratedProject
    let cache: URL

    init() throws {
        try self.init(["--revisions", "6", "--seed", "31"])
    }

    init(_ generator: [String]) throws {
        project = try RoundTripScopeTests.repository(generator)
        cache = project.tmp.appendingPathComponent("cache")
    }

    /// `roundtrip --changed --base main --format json` with this test's cache and the timing line.
    func changed(_ extra: [String] = []) throws -> RoundTripRun {
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--format", "json", "--python", TestEnvironment.python, "--changed", "--base", "main"] + extra,
            in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "MIGCHECK_CACHE_DIR": root.path, "MIGCHECK_TIMING": "1"])
        return RoundTripRun(result: result)
    }

    /// This test's cache directory (`MIGCHECK_CACHE_DIR`).
    var root: URL { cache.appendingPathComponent("migcheck") }

    /// The saved base states in this test's cache.
    var entries: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasPrefix("base-") }.sorted()
    }

    func keys(_ run: RoundTripRun) -> [String] {
        run.findings.map { "\($0.rule) \($0.revision ?? "") \($0.message)" }.sorted()
    }

    @Test func theSavedStateGivesTheSameFindings() throws {
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try RoundTripScopeTests.addRevision("bb01", parents: [order.last!], to: project, faulty: true)
        let first = try changed()
        #expect(first.result.status == 1, "\(first.transcript)")
        #expect(RoundTripScopeTests.detail(first).contains("6 earlier revisions applied unchecked"), "\(first.transcript)")
        #expect(first.result.stderrText.contains("base state: saved for the next run"), "\(first.transcript)")
        #expect(entries.count == 1)

        let second = try changed()
        #expect(second.result.status == 1, "\(second.transcript)")
        #expect(
            RoundTripScopeTests.detail(second).contains("6 earlier revisions restored from the base state saved by an earlier run"),
            "\(second.transcript)")
        #expect(keys(second) == keys(first) && !keys(first).isEmpty, "\(second.transcript)")

        // Another revision on the branch: the base is the same.
        try RoundTripScopeTests.addRevision("bb02", parents: ["bb01"], to: project)
        let third = try changed()
        #expect(RoundTripScopeTests.detail(third).contains("restored from the base state"), "\(third.transcript)")
        #expect(Set(third.findings.compactMap(\.revision)) == ["bb01"], "\(third.transcript)")

        // Without the cache: the same findings, nothing restored or saved.
        let plain = try changed(["--no-base-cache"])
        #expect(RoundTripScopeTests.detail(plain).contains("6 earlier revisions applied unchecked"), "\(plain.transcript)")
        #expect(keys(plain) == keys(third))
        #expect(entries.count == 1)

        // An edited base revision file is another base.
        let versions = project.directory.appendingPathComponent("migrations/versions")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: versions.path).first { $0.hasPrefix(order[2]) })
        let baseFile = versions.appendingPathComponent(name)
        try (try String(contentsOf: baseFile, encoding: .utf8) + "\n# edited\n").write(to: baseFile, atomically: true, encoding: .utf8)
        let edited = try changed()
        #expect(RoundTripScopeTests.detail(edited).contains("applied unchecked"), "\(edited.transcript)")
        #expect(entries.count == 2)

        // `migcheck clean` removes them.
        let clean = try TestEnvironment.runMigcheck(["clean"], in: project.directory, environment: ["MIGCHECK_CACHE_DIR": root.path])
        #expect(clean.status == 0 && clean.stdoutText.contains("/base-"), "\(clean.stdoutText)\(clean.stderrText)")
        #expect(entries.isEmpty)
    }

    @Test func aStateMadeByAnotherAlembicIsRebuilt() throws {
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try RoundTripScopeTests.addRevision("bb03", parents: [order.last!], to: project)
        let first = try changed()
        #expect(first.result.status == 0, "\(first.transcript)")
        let entry = cache.appendingPathComponent("migcheck/\(try #require(entries.first))")
        let recordURL = entry.appendingPathComponent("driver.json")
        var record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: recordURL)) as? [String: String])
        let alembic = try #require(record["alembic"])
        record["alembic"] = "0.0.1"
        try JSONSerialization.data(withJSONObject: record).write(to: recordURL)

        let rebuilt = try changed()
        #expect(rebuilt.result.status == 0, "\(rebuilt.transcript)")
        #expect(RoundTripScopeTests.detail(rebuilt).contains("6 earlier revisions applied unchecked"), "\(rebuilt.transcript)")
        #expect(
            rebuilt.result.stderrText.contains("saved base state discarded (alembic 0.0.1 when saved, \(alembic) now)"),
            "\(rebuilt.transcript)")
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: recordURL)) as? [String: String]
        #expect(saved?["alembic"] == alembic)
        let again = try changed()
        #expect(RoundTripScopeTests.detail(again).contains("restored from the base state"), "\(again.transcript)")
    }

    @Test func aBaseWithTwoHeadsIsSavedAndRestored() throws {
        project.remove()
        let test = try Self(["--revisions", "6", "--heads", "2", "--seed", "13"])
        defer { test.project.remove() }
        let merge = try TestEnvironment.runMigcheck(
            ["merge", "heads", "-m", "merge heads", "--rev-id", "mm02"], in: test.project.directory)
        try #require(merge.status == 0, "\(merge.stderrText)")
        let first = try test.changed()
        #expect(first.result.status == 0, "\(first.transcript)")
        #expect(first.result.stderrText.contains("base state: saved for the next run"), "\(first.transcript)")
        let second = try test.changed()
        #expect(second.result.status == 0, "\(second.transcript)")
        #expect(RoundTripScopeTests.detail(second).contains("restored from the base state"), "\(second.transcript)")
        #expect(RoundTripScopeTests.detail(second).contains("1 round-tripped"), "\(second.transcript)")
    }
}
