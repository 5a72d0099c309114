import Foundation
import Testing

@testable import MigcheckCore

/// Starting and stopping private clusters: nothing may be left behind, the cache must be used.
@Suite(.serialized) struct EphemeralClusterTests {
    @Test func startsConnectsAndLeavesNothingBehind() throws {
        let database = try ScratchDatabase.ephemeral(pgBin: nil)
        guard case .ephemeralCluster(let directory) = database.location else {
            Issue.record("expected an ephemeral cluster, got \(database.location)")
            return
        }
        let pid = try #require(database.serverProcessID)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/PG_VERSION").path))
        #expect(!TestEnvironment.processes(under: directory).isEmpty)
        #expect(directory.lastPathComponent.hasPrefix("migcheck-pg-\(getpid())-"))
        let mode = try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int
        #expect(mode == 0o700, "the socket directory must be private (trust authentication)")

        let connection = try database.connect()
        #expect(try connection.queryValue("SELECT current_database()") == "migcheck")
        #expect(try connection.queryValue("SHOW fsync") == "off")
        #expect(try connection.queryValue("SHOW listen_addresses") == "")

        database.dispose()
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        #expect(TestEnvironment.processes(under: directory).isEmpty)
        #expect(kill(pid, 0) != 0 || Self.isZombie(pid), "postmaster \(pid) still running")
        database.dispose()  // idempotent
    }

    @Test func secondStartCopiesTheCachedDataDirectory() throws {
        let cache = try TemporaryDirectory(purpose: "test-cache")
        defer { cache.remove() }
        let staleStaging = cache.url.appendingPathComponent(".staging-\(Self.deadProcessID())-7")
        try FileManager.default.createDirectory(at: staleStaging, withIntermediateDirectories: true)
        let first = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url)
        let firstStartup = try #require(first.startup)
        first.dispose()
        #expect(!firstStartup.usedCache)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.url.path)
        #expect(entries.count == 1 && entries[0].hasPrefix("pgdata-"), "cache holds \(entries) (stale staging must be gone)")

        let second = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url)
        defer { second.dispose() }
        let secondStartup = try #require(second.startup)
        #expect(secondStartup.usedCache)
        #expect(try second.connect().queryValue("SELECT count(*) FROM pg_database WHERE datname = 'migcheck'") == "1")
        // Printed for the report; asserted loosely because the machine is shared.
        print(
            "cached cluster start: \(secondStartup.totalSeconds) s (prepare \(secondStartup.prepareSeconds), ready \(secondStartup.serverReadySeconds))"
        )
        #expect(secondStartup.totalSeconds < 5)
    }

    @Test func damagedCacheEntryIsRebuiltAndForeignOwnerFixed() throws {
        let cache = try TemporaryDirectory(purpose: "test-cache")
        defer { cache.remove() }
        try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url).dispose()
        let entryName = try #require(try FileManager.default.contentsOfDirectory(atPath: cache.url.path).first)
        let entry = cache.url.appendingPathComponent(entryName)

        try FileManager.default.removeItem(at: entry.appendingPathComponent("global/pg_control"))
        let repaired = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url)
        #expect(repaired.startup?.usedCache == false)
        #expect(try repaired.connect().queryValue("SELECT current_database()") == "migcheck")
        repaired.dispose()
        #expect(FileManager.default.fileExists(atPath: entry.appendingPathComponent("global/pg_control").path))

        // A cache restored on another machine may belong to another uid (as root: simulate with root's).
        if geteuid() == 0 {
            let result = try ProcessRunner.run("/bin/chown", ["-R", "0:0", entry.path])
            #expect(result.status == 0)
        }
        let reused = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url)
        defer { reused.dispose() }
        #expect(reused.startup?.usedCache == true)
        #expect(try reused.connect().queryValue("SELECT 1") == "1")
    }

    @Test func staleClusterOfADeadRunIsSwept() throws {
        // A directory named like a cluster of a process that no longer exists.
        let deadPID = Self.deadProcessID()
        let root = URL(fileURLWithPath: "/dev/shm").appendingPathComponent("migcheck-pg-\(deadPID)-42")
        let tmpRoot = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("migcheck-pg-\(deadPID)-43")
        for dir in [root, tmpRoot] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        }
        let database = try ScratchDatabase.ephemeral(pgBin: nil)
        database.dispose()
        #expect(!FileManager.default.fileExists(atPath: root.path))
        #expect(!FileManager.default.fileExists(atPath: tmpRoot.path))
    }

    @Test func explicitPgBinWithoutServerProgramsIsAClearError() throws {
        let empty = try TemporaryDirectory(purpose: "test-empty-bin")
        defer { empty.remove() }
        #expect {
            try ScratchDatabase.ephemeral(pgBin: empty.url)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("--pg-bin \(empty.url.path)") && text.contains("initdb and postgres")
        }
    }

    @Test func sqlalchemyURLWorksWithAllThreeDrivers() throws {
        let database = try ScratchDatabase.ephemeral(pgBin: nil)
        defer { database.dispose() }
        let script = """
            import asyncio, sys
            from sqlalchemy import create_engine, text
            from sqlalchemy.ext.asyncio import create_async_engine
            for url in sys.argv[1:3]:
                with create_engine(url).connect() as c:
                    print(c.dialect.driver, c.execute(text("select current_database()")).scalar())
            async def main():
                engine = create_async_engine(sys.argv[3])
                async with engine.connect() as c:
                    print(c.dialect.driver, (await c.execute(text("select current_database()"))).scalar())
                await engine.dispose()
            asyncio.run(main())
            """
        let python = TestEnvironment.python
        try #require(
            FileManager.default.isExecutableFile(atPath: python), "no Python at \(python): run ci/setup.sh or set MIGCHECK_TEST_PYTHON")
        let result = try ProcessRunner.run(
            python,
            [
                "-c", script,
                database.sqlalchemyURL(driver: "psycopg2"), database.sqlalchemyURL(), database.sqlalchemyURL(driver: "asyncpg"),
            ])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "psycopg2 migcheck\npsycopg migcheck\nasyncpg migcheck\n")
    }

    /// A process id that is not in use (a child that already exited and was reaped).
    static func deadProcessID() -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try? process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    static func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.contains(") Z ")
    }
}
