import Foundation
import Testing

@testable import MigcheckCore

/// Saved base states (``BaseStateCache``) on real private clusters: what is kept is exactly the
/// state at ``ScratchDatabase/keepBaseState(connection:)``, restored only for the same key, never
/// kept while another session is connected, and a damaged entry falls back to a fresh cluster.
@Suite(.serialized) struct BaseStateCacheTests {
    /// Starts a cluster with `key`, creates `table`, keeps that state, then creates `later` and
    /// saves the kept state with `record`.
    static func save(key: String, cache: URL, table: String, later: String, record: [String: String]) throws {
        let database = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache, baseStateKey: key, urlKnown: nil)
        defer { database.dispose() }
        #expect(!database.usedBaseState)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE \(table) (id int)")
        #expect(try database.keepBaseState(connection: connection) == nil)
        // The connection was closed for the copy and is usable again.
        try connection.execute("CREATE TABLE \(later) (id int)")
        #expect(database.dispose(savingBaseState: record) == nil)
    }

    static func tables(_ database: ScratchDatabase) throws -> [String] {
        try database.connect().query("SELECT relname FROM pg_class WHERE relname LIKE 'bs\\_%' ORDER BY 1").compactMap { $0[0] }
    }

    @Test func theKeptStateIsRestoredForTheSameKeyOnly() throws {
        let cache = try TemporaryDirectory(purpose: "test-cache")
        defer { cache.remove() }
        try Self.save(key: "one", cache: cache.url, table: "bs_base", later: "bs_later", record: ["alembic": "9.9"])
        let states = BaseStateCache(cache: ClusterCache(root: cache.url))
        #expect(states.entries().count == 1)

        let restored = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url, baseStateKey: "one", urlKnown: nil)
        #expect(restored.usedBaseState)
        #expect(restored.baseStateRecord == ["alembic": "9.9"])
        #expect(try Self.tables(restored) == ["bs_base"])
        let databases = try restored.connect().query("SELECT datname FROM pg_database ORDER BY 1").compactMap { $0[0] }
        #expect(databases == ["migcheck", "template0", "template1"])
        restored.dispose()

        let other = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url, baseStateKey: "two", urlKnown: nil)
        defer { other.dispose() }
        #expect(!other.usedBaseState && other.startup?.usedCache == true)
        #expect(try Self.tables(other) == [])
    }

    @Test func nothingIsKeptWhileAnotherSessionIsConnected() throws {
        let cache = try TemporaryDirectory(purpose: "test-cache")
        defer { cache.remove() }
        let database = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url, baseStateKey: "busy", urlKnown: nil)
        let connection = try database.connect()
        let other = try database.connect()
        let why = try database.keepBaseState(connection: connection)
        #expect(why?.contains("another session is connected") == true, "\(why ?? "kept")")
        #expect(try other.queryValue("SELECT 1") == "1")
        #expect(database.dispose(savingBaseState: ["alembic": "1"]) == nil)
        #expect(BaseStateCache(cache: ClusterCache(root: cache.url)).entries().isEmpty)
    }

    @Test func stateACopyWouldLoseIsNotKept() throws {
        let cache = try TemporaryDirectory(purpose: "test-cache")
        defer { cache.remove() }
        let database = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url, baseStateKey: "settings", urlKnown: nil)
        let connection = try database.connect()
        try connection.execute("ALTER DATABASE migcheck SET work_mem = '8MB'; GRANT CREATE ON DATABASE migcheck TO PUBLIC")
        let why = try database.keepBaseState(connection: connection)
        #expect(why == "the database has settings, grants of its own, which a copy would lose", "\(why ?? "kept")")
        #expect(database.dispose(savingBaseState: ["alembic": "1"]) == nil)
        #expect(BaseStateCache(cache: ClusterCache(root: cache.url)).entries().isEmpty)
    }

    @Test func aDamagedBaseStateFallsBackAndIsRemoved() throws {
        let cache = try TemporaryDirectory(purpose: "test-cache")
        defer { cache.remove() }
        try Self.save(key: "damaged", cache: cache.url, table: "bs_base", later: "bs_later", record: ["alembic": "1"])
        let states = BaseStateCache(cache: ClusterCache(root: cache.url))
        let entry = try #require(states.entries().first)
        try Data("not a control file".utf8).write(to: entry.appendingPathComponent("data/global/pg_control"))

        let database = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url, baseStateKey: "damaged", urlKnown: nil)
        defer { database.dispose() }
        #expect(!database.usedBaseState)
        #expect(try Self.tables(database) == [])
        #expect(!FileManager.default.fileExists(atPath: entry.path))
    }

    @Test(.timeLimit(.minutes(1))) func aFIFOInTheEntryIsNotRead() throws {
        let cache = try TemporaryDirectory(purpose: "test-cache")
        defer { cache.remove() }
        try Self.save(key: "fifo", cache: cache.url, table: "bs_base", later: "bs_later", record: ["alembic": "1"])
        let entry = try #require(BaseStateCache(cache: ClusterCache(root: cache.url)).entries().first)
        let record = entry.appendingPathComponent("driver.json")
        try FileManager.default.removeItem(at: record)
        #expect(mkfifo(record.path, 0o600) == 0)
        let database = try ScratchDatabase.ephemeral(pgBin: nil, cacheDirectory: cache.url, baseStateKey: "fifo", urlKnown: nil)
        defer { database.dispose() }
        #expect(!database.usedBaseState)
        #expect(try Self.tables(database) == [])
    }

    @Test func pruningKeepsTheMostRecentlyUsed() throws {
        let cache = try TemporaryDirectory(purpose: "test-cache")
        defer { cache.remove() }
        let states = BaseStateCache(cache: ClusterCache(root: cache.url))
        let now = Date()
        for index in 0..<(BaseStateCache.limit + 2) {
            let entry = cache.url.appendingPathComponent("base-\(index)")
            try FileManager.default.createDirectory(at: entry, withIntermediateDirectories: true)
            try FileManager.default.setAttributes(
                [.modificationDate: now.addingTimeInterval(-Double(10 - index) * 60)], ofItemAtPath: entry.path)
        }
        try FileManager.default.createDirectory(at: cache.url.appendingPathComponent("pgdata-15-x"), withIntermediateDirectories: true)
        states.touch(cache.url.appendingPathComponent("base-0"))  // used now: the newest
        let removed = states.prune(keeping: BaseStateCache.limit).map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(removed.sorted() == ["base-1", "base-2"])
        #expect(states.entries().map(\.lastPathComponent) == ["base-0", "base-5", "base-4", "base-3"])

        // `migcheck clean` removes them all, and only them.
        #expect(ScratchCleanup.sweepLocal(dryRun: true, cacheRoot: cache.url).filter { $0.contains("/base-") }.count == 4)
        #expect(states.entries().count == 4)
        _ = ScratchCleanup.sweepLocal(dryRun: false, cacheRoot: cache.url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.url.path) == ["pgdata-15-x"])
    }
}
