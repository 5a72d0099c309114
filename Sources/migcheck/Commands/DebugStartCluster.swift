import ArgumentParser
import Foundation
import MigcheckCore

extension Migcheck.Debug {
    /// `migcheck debug start-cluster`: starts (and stops) a throwaway PostgreSQL cluster, printing
    /// its URLs and, with `--print-timing`, how long the start took. Used by
    /// `Benchmarks/cluster-startup.sh`.
    struct StartCluster: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start-cluster",
            abstract: "Start a throwaway PostgreSQL cluster, print its URLs, stop it."
        )

        @Option(name: .customLong("pg-bin"), help: ArgumentHelp("Directory with initdb and postgres.", valueName: "dir"))
        var pgBin: String?

        @Option(help: ArgumentHelp("Cache directory for initialised data directories.", valueName: "dir"))
        var cacheDir: String?

        @Option(help: "Start and stop the cluster this many times.")
        var `repeat` = 1

        @Flag(help: "Print one timing line per start (tab-separated: cached, prepare, ready, total seconds).")
        var printTiming = false

        @Flag(help: "Keep the cluster running until interrupted (Ctrl-C stops it and removes it).")
        var hold = false

        func validate() throws {
            if self.repeat < 1 { throw ValidationError("--repeat must be at least 1") }
            if hold && self.repeat != 1 { throw ValidationError("--hold cannot be combined with --repeat") }
        }

        func run() throws {
            for _ in 0..<self.repeat {
                let database: ScratchDatabase
                do {
                    database = try ScratchDatabase.ephemeral(
                        pgBin: pgBin.map { URL(fileURLWithPath: $0) },
                        cacheDirectory: cacheDir.map { URL(fileURLWithPath: $0) }
                    )
                } catch {
                    FileHandle.standardError.write(Data("migcheck: \(error)\n".utf8))
                    throw ExitCode(2)
                }
                defer { database.dispose() }
                if printTiming, let startup = database.startup {
                    let fields =
                        [startup.usedCache ? "cached" : "initdb"]
                        + [startup.prepareSeconds, startup.serverReadySeconds, startup.totalSeconds].map { String(format: "%.3f", $0) }
                    print(fields.joined(separator: "\t"))
                } else {
                    print("libpq:      \(database.libpqURL)")
                    print("sqlalchemy: \(database.sqlalchemyURL())")
                }
                if hold {
                    print("holding; press Ctrl-C to stop")
                    fflush(nil)
                    while true { sleep(3600) }
                }
            }
        }
    }
}
