import Foundation
import Testing

@testable import MigcheckCore

/// A throwaway cluster shared by every test of a suite that carries `.sharedCluster`.
///
/// The trait starts one ephemeral cluster around the whole suite and stops it afterwards; tests
/// read it from `SharedCluster.current` and usually create their own database on it with
/// `SharedCluster.freshDatabase()` (server mode against the cluster), so they can run in parallel.
enum SharedCluster {
    @TaskLocal static var current: ScratchDatabase?

    /// The suite's cluster; fails the test if the suite lacks the `.sharedCluster` trait.
    static func cluster(sourceLocation: SourceLocation = #_sourceLocation) throws -> ScratchDatabase {
        try #require(current, "suite needs the .sharedCluster trait", sourceLocation: sourceLocation)
    }

    /// A new, empty database on the suite's cluster, dropped when the returned value is disposed.
    static func freshDatabase() throws -> ScratchDatabase {
        try ScratchDatabase.onServer(url: cluster().libpqURL)
    }
}

/// Provides `SharedCluster.current` for the duration of a suite.
struct SharedClusterTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let database = try ScratchDatabase.ephemeral(pgBin: nil)
        defer { database.dispose() }
        try await SharedCluster.$current.withValue(database) {
            try await function()
        }
    }
}

extension Trait where Self == SharedClusterTrait {
    /// Starts one throwaway PostgreSQL cluster for the whole suite.
    static var sharedCluster: SharedClusterTrait { SharedClusterTrait() }
}
