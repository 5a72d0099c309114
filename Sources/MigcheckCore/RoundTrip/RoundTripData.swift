import Foundation

/// The data side of a round trip: `--with-data` fills the tables with generated rows before each
/// checked upgrade, `data-dir` files (`<revision>.sql`) are run just before the stairway first
/// upgrades to their revision, and with either of them each table's rows are digested before a
/// checked upgrade and compared after its downgrade (`data-not-restored`).
final class RoundTripData {
    /// The connection to the scratch database.
    let connection: PGConnection
    /// Rows per table for `--with-data`; `nil` generates none.
    let rowsPerTable: Int?
    /// The `data-dir` files by revision id.
    let files: [String: URL]
    /// Schemas and table left alone.
    let excludedSchemas: Set<String>
    let versionTable: (schema: String, name: String)

    /// Tables that could not be filled, with the first reason given.
    private(set) var unfilled: [String: String] = [:]
    /// Tables that received generated rows at least once.
    private(set) var filledTables: Set<String> = []
    /// Seconds spent generating rows and digesting tables.
    private(set) var seconds = 0.0
    /// The digests taken before each checked revision's upgrade.
    private var digests: [String: [TableDigest]] = [:]
    /// Revisions whose data file has been run.
    private var loaded: Set<String> = []

    /// Data for a run; `directory` holds `<revision>.sql` files, which must each name a revision
    /// of `project`.
    init(
        connection: PGConnection, rowsPerTable: Int?, directory: URL?, project: LoadedProject, excludedSchemas: Set<String>,
        versionTable: (schema: String, name: String)
    ) throws {
        self.connection = connection
        self.rowsPerTable = rowsPerTable
        self.excludedSchemas = excludedSchemas
        self.versionTable = versionTable
        var files: [String: URL] = [:]
        if let directory {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                throw ConfigurationError(path: directory.path, "cannot read the data-dir: \(error.localizedDescription)")
            }
            for name in names.sorted() where name.hasSuffix(".sql") {
                let revision = String(name.dropLast(4))
                guard project.graph.nodes[revision] != nil else {
                    throw ConfigurationError(
                        path: directory.appendingPathComponent(name).path,
                        "data-dir file names no revision of \(project.environment.name) (files are <revision id>.sql)")
                }
                files[revision] = directory.appendingPathComponent(name)
            }
        }
        self.files = files
    }

    /// Before the stairway upgrades to `id`: runs its data file (the first time), and for a
    /// checked revision fills the tables and digests them.
    func beforeUpgrade(_ id: String, checked: Bool) throws {
        let started = Date()
        defer { seconds += Date().timeIntervalSince(started) }
        if let file = files[id], !loaded.contains(id) {
            loaded.insert(id)
            try run(file)
        }
        guard checked else { return }
        let catalog = try readCatalog()
        if let rowsPerTable {
            let outcome = try SampleDataFiller(connection: connection, rowsPerTable: rowsPerTable).fill(catalog)
            filledTables.formUnion(outcome.inserted.filter { $0.value > 0 }.keys)
            for (table, reason) in outcome.unfilled where unfilled[table] == nil { unfilled[table] = reason }
        }
        digests[id] = try TableDigest.capture(connection, catalog.tables)
    }

    /// After the downgrade of `id` succeeded: each table whose rows differ from before the
    /// upgrade, with what changed (`1 row lost (3 rows before ...)`). Tables or columns the
    /// downgrade did not restore are left to `downgrade-mismatch`.
    func afterDowngrade(_ id: String) throws -> [(table: String, detail: String)] {
        guard let before = digests.removeValue(forKey: id) else { return [] }
        let started = Date()
        defer { seconds += Date().timeIntervalSince(started) }
        // Usually the downgrade restored every table and column: digest them without reading the
        // catalog again, and only when that fails leave out what is gone.
        var comparable = before
        let after: [TableDigest]
        do {
            after = try TableDigest.capture(connection, again: before)
        } catch is PostgresError {
            let tables = Dictionary(try readCatalog().tables.map { ($0.displayName, $0) }, uniquingKeysWith: { first, _ in first })
            comparable = before.filter { digest in
                guard let table = tables[digest.table] else { return false }
                return Set(table.columns.map(\.name)).isSuperset(of: digest.columns)
            }
            after = try TableDigest.capture(connection, again: comparable)
        }
        return zip(comparable, after).compactMap { digest, now in digest.change(to: now).map { (digest.table, $0) } }
    }

    /// What the database held when an upgrade or downgrade failed with `failure`: the tables its
    /// message or failing SQL statement names (else every table with rows, at most five) and their
    /// row counts, e.g. `; the database held rows: public.users has 3 rows`.
    func describeFailure(_ failure: DriverTraceback) -> String {
        let statements = failure.traceback.split(separator: "\n").filter { $0.contains("[SQL:") || $0.contains("DETAIL:") }
        let message = ([failure.message] + statements.map(String.init)).joined(separator: "\n")
        guard let catalog = try? readCatalog(), let all = try? SampleDataFiller.counts(connection, catalog.tables) else { return "" }
        let counts = catalog.tables.compactMap { table in all[table.displayName].flatMap { $0 > 0 ? (table.displayName, $0) : nil } }
        guard !counts.isEmpty else { return "" }
        let words = Set(message.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        var named = counts.filter { words.contains(String($0.0.split(separator: ".").last ?? "")) }
        if named.isEmpty { named = Array(counts.prefix(5)) }
        var text = named.map { "\($0.0) has \($0.1) row\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
        if named.count < counts.count && named.count == 5 { text += " and \(counts.count - 5) more tables have rows" }
        return "; the database held rows: \(text)\(Self.cause(message))"
    }

    /// A short explanation of the usual data failures.
    private static func cause(_ message: String) -> String {
        if message.contains("contains null values") { return " (a NOT NULL column without a default over existing rows)" }
        if message.contains("could not create unique index") || message.contains("is duplicated") {
            return " (the existing values are not unique)"
        }
        if message.contains("invalid input syntax") || message.contains("cannot be cast") {
            return " (the existing values do not survive the type change)"
        }
        if message.contains("violates check constraint") { return " (existing rows violate the check)" }
        if message.contains("violates foreign key constraint") { return " (existing rows have no matching row)" }
        return ""
    }

    /// The note for the report: how many tables got rows, and which could not be filled.
    var summary: String {
        var text = rowsPerTable.map { "generated rows (\($0) per table) in \(filledTables.count) tables" } ?? ""
        if !files.isEmpty { text += (text.isEmpty ? "" : ", ") + "\(loaded.count) data-dir files run" }
        if !unfilled.isEmpty {
            text += "; could not fill: " + unfilled.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        }
        return text
    }

    private func readCatalog() throws -> SampleDataCatalog {
        try SampleDataCatalog.read(connection, excludedSchemas: excludedSchemas, versionTable: versionTable)
    }

    /// Runs a data file in one transaction; a failure is a configuration error naming the file.
    private func run(_ file: URL) throws {
        let sql: String
        do {
            sql = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(path: file.path, "cannot read the data file: \(error.localizedDescription)")
        }
        do {
            try connection.execute("BEGIN;\n\(sql)\n;COMMIT")
        } catch let error as PostgresError {
            try? connection.execute("ROLLBACK")
            throw ConfigurationError(path: file.path, "the data file failed: \(SampleDataFiller.firstLine(error.message))")
        }
    }
}
