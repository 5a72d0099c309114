import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck {
    /// `migcheck clean`: removes what killed runs left behind, and only what migcheck can prove it made.
    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clean",
            abstract:
                "Remove what killed runs left (throwaway clusters, driver directories, scratch databases on a server) and the saved base states and bytecode cache.",
            discussion: """
                Without --database-url: stops and removes the throwaway clusters and Alembic driver \
                directories of migcheck runs that no longer exist (every round trip also does this \
                when it starts), the base states `roundtrip --changed` and `--shard` saved and the \
                Alembic driver's bytecode cache, in the cache directory ($MIGCHECK_CACHE_DIR, else \
                $XDG_CACHE_HOME/migcheck, else ~/.cache/migcheck). With --database-url: drops the `migcheck_<hex>` databases on that \
                server that carry migcheck's marker comment and whose run has exited on this host, \
                or that are older than --older-than hours (a run on another machine cannot be \
                checked). Databases without the marker are never touched.
                """)

        @Option(
            help: ArgumentHelp("A server where `roundtrip --database-url` ran (its database is only used to connect).", valueName: "url"))
        var databaseURL: String?

        @Option(help: ArgumentHelp("With --database-url: also drop marked scratch databases older than this.", valueName: "hours"))
        var olderThan: Double = 24

        @Flag(help: "List what would be removed without removing it.")
        var dryRun = false

        func validate() throws {
            if olderThan <= 0 { throw ValidationError("--older-than must be a positive number of hours") }
        }

        func run() throws {
            try CommandSupport.run {
                guard let databaseURL else {
                    for directory in ScratchCleanup.sweepLocal(dryRun: dryRun) {
                        print("\(dryRun ? "would remove" : "removed") \(directory)")
                    }
                    return .clean
                }
                let entries = try ScratchDatabaseJanitor.survey(url: databaseURL, olderThan: olderThan * 3600)
                for entry in entries {
                    let verb = entry.dropReason == nil ? "kept" : (dryRun ? "would drop" : "dropped")
                    let why = entry.dropReason ?? "its run may still be going (\(entry.marker.host), pid \(entry.marker.pid))"
                    print("\(verb) \(entry.name): \(why)")
                }
                if !dryRun { _ = try ScratchDatabaseJanitor.drop(entries, url: databaseURL) }
                return .clean
            }
        }
    }
}
