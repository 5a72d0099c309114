import Foundation

/// Getting a data directory for a new cluster: a copy from the cache, or `initdb`.
extension EphemeralCluster {
    /// Where a data directory came from.
    enum DataSource: Equatable {
        case initdb, cache, baseState
    }

    /// Fills `data/` from the saved base state for `baseStateKey` when there is one, else from the
    /// cache, else with `initdb` (then stores it in the cache). With `discardCache`, the cache
    /// entry is deleted and rebuilt.
    func prepareDataDirectory(
        binaries: PostgresBinaries, cacheRoot: URL?, baseStateKey: String?, account: ServerAccount, discardCache: Bool
    ) throws -> DataSource {
        let cache = cacheRoot.map(ClusterCache.init(root:))
        let versionLine = try cache.map { _ in try binaries.version() }  // `postgres --version`: run once
        if let states = baseStates, let versionLine, let baseStateKey {
            let entry = states.entry(key: baseStateKey, versionLine: versionLine)
            baseStateEntry = entry
            if states.isComplete(entry), let record = states.versions(of: entry) {
                states.touch(entry)
                do {
                    // A concurrent run may replace the entry meanwhile: then start without it.
                    try ClusterCache.copyTree(entry.appendingPathComponent("data"), to: dataDirectory)
                    try account.ensureOwnsTree(dataDirectory)
                    baseStateRecord = record
                    return .baseState
                } catch {
                    try? FileManager.default.removeItem(at: dataDirectory)
                }
            }
        }
        let entry = cache.map { cache in
            cache.entry(versionLine: versionLine ?? "", settings: Self.initdbArguments + ["renamed postgres to \(Self.databaseName)"])
        }
        if discardCache, let entry {
            try? FileManager.default.removeItem(at: entry)
        }
        if let cache, let entry, cache.isComplete(entry) {
            try ClusterCache.copyTree(entry, to: dataDirectory)
            try account.ensureOwnsTree(dataDirectory)
            return .cache
        }
        try runAsServer(account, binaries.initdb, Self.initdbArguments + ["-D", dataDirectory.path], step: "initdb")
        try runAsServer(
            account, binaries.postgres,
            ["--single", "-D", dataDirectory.path, "-F", "-c", "autovacuum=off", "template1"],
            input: "ALTER DATABASE postgres RENAME TO \(Self.databaseName);\n", step: "postgres --single"
        )
        if let cache, let entry {
            try? cache.store(dataDirectory, as: entry)
        }
        return .initdb
    }

    /// Runs a short-lived server program as the server account; throws with its output on failure.
    func runAsServer(_ account: ServerAccount, _ executable: String, _ arguments: [String], input: String? = nil, step: String) throws {
        let (program, args) = account.command(executable, arguments, dieWithParent: false)
        let result = try ProcessRunner.run(program, args, directory: directory, input: input.map { Data($0.utf8) })
        guard result.status == 0 else {
            let output = (result.stderrText + result.stdoutText).trimmingCharacters(in: .whitespacesAndNewlines)
            throw PostgresError(function: step, message: "exited with status \(result.status): \(output)")
        }
    }
}
