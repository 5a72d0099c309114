import Foundation

/// The PostgreSQL server programs (`initdb`, `postgres`) migcheck runs for a throwaway cluster.
struct PostgresBinaries: Sendable, Equatable {
    /// The directory holding `initdb` and `postgres`.
    let directory: URL

    /// Full path of `initdb`.
    var initdb: String { directory.appendingPathComponent("initdb").path }
    /// Full path of `postgres`.
    var postgres: String { directory.appendingPathComponent("postgres").path }

    /// Uses `directory` as is; `nil` unless it holds executable `initdb` and `postgres`.
    init?(directory: URL) {
        let fm = FileManager.default
        for tool in ["initdb", "postgres"] where !fm.isExecutableFile(atPath: directory.appendingPathComponent(tool).path) {
            return nil
        }
        self.directory = directory.standardizedFileURL
    }

    /// Finds the server programs: `explicit` (`--pg-bin DIR`) if given, else the highest Debian
    /// `/usr/lib/postgresql/<N>/bin`, else `pg_config --bindir`, else `PATH`.
    ///
    /// Throws a `PostgresError` (function `locate`) listing every place searched.
    static func locate(explicit: URL? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> PostgresBinaries
    {
        try locate(explicit: explicit, environment: environment, debianRoot: URL(fileURLWithPath: "/usr/lib/postgresql"))
    }

    /// `locate` with the Debian root replaceable, for tests.
    static func locate(explicit: URL?, environment: [String: String], debianRoot: URL) throws -> PostgresBinaries {
        if let explicit {
            if let found = PostgresBinaries(directory: explicit) { return found }
            throw PostgresError(
                function: "locate", message: "--pg-bin \(explicit.path): no executable initdb and postgres in that directory")
        }
        var searched: [String] = []
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debianRoot.path)) ?? [])
            .compactMap { name in Double(name).map { (name, $0) } }
            .sorted { $0.1 > $1.1 }
        for (name, _) in versions {
            let dir = debianRoot.appendingPathComponent(name).appendingPathComponent("bin")
            if let found = PostgresBinaries(directory: dir) { return found }
        }
        searched.append("\(debianRoot.path)/*/bin")
        if let pgConfig = ProcessRunner.resolveExecutable("pg_config", path: environment["PATH"]),
            let result = try? ProcessRunner.run(pgConfig, ["--bindir"], environment: environment), result.status == 0
        {
            let dir = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            if let found = PostgresBinaries(directory: URL(fileURLWithPath: dir)) { return found }
            searched.append("pg_config --bindir (\(dir))")
        } else {
            searched.append("pg_config --bindir (no pg_config on PATH)")
        }
        if let postgres = ProcessRunner.resolveExecutable("postgres", path: environment["PATH"]),
            let found = PostgresBinaries(directory: URL(fileURLWithPath: postgres).deletingLastPathComponent())
        {
            return found
        }
        searched.append("PATH")
        throw PostgresError(
            function: "locate",
            message: "PostgreSQL server programs (initdb, postgres) not found; searched \(searched.joined(separator: ", ")). "
                + "Install the PostgreSQL server (Debian: apt-get install postgresql), pass --pg-bin DIR, or use --database-url URL"
        )
    }

    /// The first line of `postgres --version`, e.g. `postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`.
    func version() throws -> String {
        let result = try ProcessRunner.run(postgres, ["--version"])
        let line = result.stdoutText.split(separator: "\n").first.map(String.init) ?? ""
        guard result.status == 0, !line.isEmpty else {
            throw PostgresError(function: "postgres --version", message: "\(postgres) failed: \(result.stderrText)")
        }
        return line
    }
}
