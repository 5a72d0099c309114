import Foundation
import Testing

@testable import MigcheckCore

/// One cache directory for everything migcheck caches: the parse and bytecode caches, the
/// cluster data directories and the saved base states (``RevisionCache/root(environment:)``).
@Suite struct CacheRootTests {
    @Test func migcheckCacheDirComesFirstForEveryCache() {
        let environment = ["MIGCHECK_CACHE_DIR": "/srv/cache", "XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"]
        #expect(RevisionCache.directory(environment: environment)?.path == "/srv/cache")
        #expect(ClusterCache.defaultRoot(environment: environment)?.path == "/srv/cache")
    }

    @Test func thenXDGThenHome() {
        #expect(ClusterCache.defaultRoot(environment: ["XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"])?.path == "/xdg/migcheck")
        #expect(RevisionCache.directory(environment: ["XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"])?.path == "/xdg/migcheck")
        // A relative XDG_CACHE_HOME is invalid (XDG Base Directory specification): ignored.
        let relative = ["XDG_CACHE_HOME": "cache", "HOME": "/home/u"]
        #expect(ClusterCache.defaultRoot(environment: relative)?.path == "/home/u/.cache/migcheck")
        #expect(RevisionCache.directory(environment: relative)?.path == "/home/u/.cache/migcheck")
        #expect(ClusterCache.defaultRoot(environment: [:]) == nil)
    }

    @Test func noCacheTurnsOffTheParseCachesOnly() {
        let environment = ["MIGCHECK_NO_CACHE": "1", "MIGCHECK_CACHE_DIR": "/srv/cache"]
        #expect(RevisionCache.directory(environment: environment) == nil)
        #expect(ClusterCache.defaultRoot(environment: environment)?.path == "/srv/cache")
    }
}
