import Foundation

extension RoundTripRunner {
    /// The data side of the run (`--with-data`, `data-dir`), or `nil` when neither is asked for
    /// or the run only compares the models.
    func makeData(_ connection: PGConnection, table: (schema: String, name: String)) throws -> RoundTripData? {
        guard options.usesData, options.drift != .only else { return nil }
        let directory = options.dataDirectory.map { path in
            URL(fileURLWithPath: path.hasPrefix("/") ? path : RelativePath.join(project.tree.rootPath, path))
        }
        return try RoundTripData(
            connection: connection, rowsPerTable: options.dataRows, directory: directory, project: project,
            excludedSchemas: options.excludedSchemas.union([SnapshotChangeLog.schema]), versionTable: table)
    }
}
