import Foundation

extension RoundTripOptions {
    /// The rows per table `--with-data` generates unless `--data-rows` / `data-rows` says otherwise.
    static let defaultDataRows = 3

    /// Fills in the data options: `--with-data` or `with-data` (or a row count) turns generated
    /// rows on; `--data-rows` wins over `data-rows`; `--data-dir` (relative to the directory
    /// migcheck was started in) wins over `data-dir` (relative to the settings file).
    mutating func resolveData(flags: RoundTripFlags, settings: MigcheckSettings) {
        if flags.withData || settings.withData || flags.dataRows != nil || settings.dataRows != nil {
            dataRows = flags.dataRows ?? settings.dataRows ?? Self.defaultDataRows
        }
        if let directory = flags.dataDirectory {
            dataDirectory = RelativePath.join(flags.workingDirectory.path, directory)
        } else {
            dataDirectory = settings.dataDirectory
        }
    }

    /// Whether the run digests tables and reports `data-not-restored`.
    var usesData: Bool { dataRows != nil || dataDirectory != nil }
}
