import Foundation
import Testing

@testable import MigcheckCore

/// The sweep of clusters left by dead runs, on a real server whose owning run "died".
@Suite struct StaleClusterSweeperTests {
    @Test func orphanedServerIsStoppedAndItsDirectoryRemoved() throws {
        let placement = try TemporaryDirectory(purpose: "test-placement")
        defer { placement.remove() }
        let cluster = try EphemeralCluster(
            binaries: PostgresBinaries.locate(), cacheRoot: ClusterCache.defaultRoot(), placement: placement.url)
        defer { cluster.stop() }
        let postmaster = try #require(StaleClusterSweeper.postmasterPID(dataDirectory: cluster.dataDirectory))

        // Make the cluster look like one of a dead run: a directory named after a dead pid.
        let sweepRoot = try TemporaryDirectory(purpose: "test-sweep-root")
        defer { sweepRoot.remove() }
        let orphan = sweepRoot.url.appendingPathComponent("migcheck-pg-\(EphemeralClusterTests.deadProcessID())-1")
        try FileManager.default.createSymbolicLink(at: orphan, withDestinationURL: cluster.directory)
        // And one whose owner is alive (this process): it must be left alone.
        let live = sweepRoot.url.appendingPathComponent("migcheck-pg-\(getpid())-2")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)

        let removed = StaleClusterSweeper.sweep(temporaryRoot: sweepRoot.url)
        #expect(removed.map(\.lastPathComponent) == [orphan.lastPathComponent])
        #expect(!StaleClusterSweeper.isAlive(postmaster) || StaleClusterSweeper.isZombie(postmaster))
        #expect(PostgresPing.check(cluster.url().libpqURL) == .noResponse)
        #expect(FileManager.default.fileExists(atPath: live.path))
    }

    @Test func liveServerInADeadRunsDirectoryIsLeftAlone() throws {
        // A server answering on the socket, whose postmaster this process cannot see as the
        // directory's (here: the pid file is missing), counts as another namespace's live run.
        let placement = try TemporaryDirectory(purpose: "test-placement")
        defer { placement.remove() }
        let cluster = try EphemeralCluster(
            binaries: PostgresBinaries.locate(), cacheRoot: ClusterCache.defaultRoot(), placement: placement.url)
        defer { cluster.stop() }
        let sweepRoot = try TemporaryDirectory(purpose: "test-sweep-root")
        defer { sweepRoot.remove() }
        let other = sweepRoot.url.appendingPathComponent("migcheck-pg-\(EphemeralClusterTests.deadProcessID())-3")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: other.appendingPathComponent(".s.PGSQL.5432"),
            withDestinationURL: cluster.directory.appendingPathComponent(".s.PGSQL.5432"))

        #expect(StaleClusterSweeper.sweep(temporaryRoot: sweepRoot.url).isEmpty)
        #expect(FileManager.default.fileExists(atPath: other.path))
        #expect(PostgresPing.check(cluster.url().libpqURL) == .ready)
    }
}
