import Foundation

/// Fills every table of the current schema that has fewer than `rowsPerTable` rows with generated
/// rows (`--with-data`), through libpq.
///
/// Tables are filled in foreign-key order. A foreign key to a table that is not filled yet (a
/// self-reference or a cycle) is left NULL and set afterwards with an UPDATE when its columns are
/// nullable; a NOT NULL self-reference points each row at itself when the row's own key is
/// generated; a deferrable NOT NULL key in a cycle gets placeholder values, replaced before the
/// fill's one transaction commits with deferrable constraints deferred; any other NOT NULL cycle
/// gives up that table. Each row is inserted inside a SAVEPOINT and
/// retried with other values (`SampleDataValues`) when the server rejects it (a CHECK, a unique
/// key, a partition bound). A table that gets no row is reported with the reason, and left empty.
struct SampleDataFiller {
    /// The connection to the scratch database.
    let connection: PGConnection
    /// How many rows each table should hold.
    let rowsPerTable: Int
    /// How many value shapes are tried per row before the table is given up.
    static let attempts = 10

    /// What a fill did.
    struct Outcome {
        /// Rows inserted per table (`schema.name`).
        var inserted: [String: Int] = [:]
        /// Tables that could not be filled, with the reason.
        var unfilled: [String: String] = [:]
    }

    /// Fills the tables of `catalog`, in one transaction with deferrable constraints deferred
    /// (so deferrable NOT NULL cycles can be filled); when the commit fails on a deferred check,
    /// fills again without deferring.
    func fill(_ catalog: SampleDataCatalog) throws -> Outcome {
        do {
            return try fill(catalog, deferring: true)
        } catch is DeferredCheckFailed {
            return try fill(catalog, deferring: false)
        }
    }

    /// The commit of a deferring fill failed.
    private struct DeferredCheckFailed: Error {}

    private func fill(_ catalog: SampleDataCatalog, deferring: Bool) throws -> Outcome {
        var outcome = Outcome()
        var pending: [String: SampleDataCatalog.Table] = [:]
        let counts = try Self.counts(connection, catalog.tables)
        for table in catalog.tables where counts[table.displayName, default: 0] < rowsPerTable { pending[table.displayName] = table }
        guard !pending.isEmpty else { return outcome }
        var links: [(SampleDataCatalog.Table, SampleRowPlan.Link)] = []
        try connection.execute(deferring ? "BEGIN; SET CONSTRAINTS ALL DEFERRED" : "BEGIN")
        do {
            while let table = next(pending) {
                pending[table.displayName] = nil
                switch try fillTable(table, pending: Set(pending.keys), deferring: deferring) {
                case .filled(let rows, let later):
                    outcome.inserted[table.displayName] = rows
                    links += later.map { (table, $0) }
                case .gaveUp(let reason):
                    outcome.unfilled[table.displayName] = reason
                }
            }
            for (table, link) in links { try connectLater(table, link) }
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
        do {
            try connection.execute("COMMIT")
        } catch is PostgresError where deferring {
            throw DeferredCheckFailed()
        }
        return outcome
    }

    /// The next table to fill: one whose foreign keys point only at filled tables (or itself),
    /// else one whose keys to unfilled tables are all nullable, else the first (name order).
    private func next(_ pending: [String: SampleDataCatalog.Table]) -> SampleDataCatalog.Table? {
        let tables = pending.values.sorted { $0.displayName < $1.displayName }
        func blocking(_ table: SampleDataCatalog.Table) -> [SampleDataCatalog.Constraint] {
            table.foreignKeys.filter { key in
                let target = "\(key.refSchema ?? "").\(key.refTable ?? "")"
                return target != table.displayName && pending[target] != nil
            }
        }
        return tables.first { blocking($0).isEmpty }
            ?? tables.first { table in blocking(table).allSatisfy { nullable($0, in: table) } } ?? tables.first
    }

    /// How a table's fill ended.
    private enum TableFill {
        /// `rows` inserted; `later` foreign keys left NULL or with placeholders, to be set once
        /// every table has rows.
        case filled(rows: Int, later: [SampleRowPlan.Link])
        case gaveUp(String)
    }

    /// Fills one table; `pending` names the tables not filled yet.
    private func fillTable(_ table: SampleDataCatalog.Table, pending: Set<String>, deferring: Bool) throws -> TableFill {
        let existing = try count(table)
        var plan = try SampleRowPlan(table: table, connection: connection)
        if let reason = try plan.connect(pending: pending, deferring: deferring) { return .gaveUp(reason) }
        let name = try qualified(table)
        let columns = try plan.written.map { try connection.quoteIdentifier($0.name) }
        let sql =
            columns.isEmpty
            ? "INSERT INTO \(name) DEFAULT VALUES"
            : "INSERT INTO \(name) (\(columns.joined(separator: ", "))) VALUES (\((1...columns.count).map { "$\($0)" }.joined(separator: ", ")))"
        var inserted = 0
        var lastError = ""
        do {
            rows: for row in existing..<rowsPerTable {
                var attempts: [String: Int] = [:]
                for _ in 0..<Self.attempts {
                    guard let values = plan.values(row: row, attempts: attempts, lastRow: row == rowsPerTable - 1 && row > 0) else {
                        lastError = plan.unwritable ?? "no values"
                        break rows
                    }
                    try connection.execute("SAVEPOINT migcheck_row")
                    do {
                        _ = try connection.query(sql, parameters: columns.isEmpty ? [] : values)
                        try connection.execute("RELEASE SAVEPOINT migcheck_row")
                        inserted += 1
                        continue rows
                    } catch let error as PostgresError {
                        lastError = Self.firstLine(error.message)
                        try connection.execute("ROLLBACK TO SAVEPOINT migcheck_row")
                        for column in plan.blamed(by: error.message) { attempts[column, default: 0] += 1 }
                    }
                }
                break
            }
        }
        if inserted == 0 && existing == 0 { return .gaveUp(lastError) }
        return .filled(rows: inserted, later: plan.later)
    }

    /// Points the NULL (or placeholder) columns of a link at a row of the table it references,
    /// once every table is filled. A NULL key stays NULL when the server refuses (a unique or
    /// CHECK constraint); placeholders that stay make the commit fail, and the fill is redone
    /// without deferring.
    private func connectLater(_ table: SampleDataCatalog.Table, _ link: SampleRowPlan.Link) throws {
        let key = link.key
        guard let columns = key.columns, let refColumns = key.refColumns, let refSchema = key.refSchema,
            let refTable = key.refTable
        else { return }
        let quoted = try columns.map { try connection.quoteIdentifier($0) }
        let refQuoted = try refColumns.map { try connection.quoteIdentifier($0) }
        let target = "\(try connection.quoteIdentifier(refSchema)).\(try connection.quoteIdentifier(refTable))"
        let dangling =
            link.placeholder
            ? "NOT EXISTS (SELECT 1 FROM \(target) r WHERE \(zip(quoted, refQuoted).map { "r.\($1) = t.\($0)" }.joined(separator: " AND ")))"
            : quoted.map { "t.\($0) IS NULL" }.joined(separator: " AND ")
        let sql = """
            UPDATE \(try qualified(table)) AS t SET (\(quoted.joined(separator: ", "))) =
              (SELECT \(refQuoted.joined(separator: ", ")) FROM \(target)
               WHERE \(refQuoted.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")) ORDER BY 1 LIMIT 1)
            WHERE \(dangling)
            """
        try connection.execute("SAVEPOINT migcheck_link")
        do {
            try connection.execute(sql)
            try connection.execute("RELEASE SAVEPOINT migcheck_link")
        } catch is PostgresError {
            try connection.execute("ROLLBACK TO SAVEPOINT migcheck_link")
        }
    }

    /// Whether every column of `key` in `table` may be NULL.
    private func nullable(_ key: SampleDataCatalog.Constraint, in table: SampleDataCatalog.Table) -> Bool {
        (key.columns ?? []).allSatisfy { name in table.columns.first { $0.name == name }?.notNull == false }
    }

    /// The number of rows of each table, in one query.
    static func counts(_ connection: PGConnection, _ tables: [SampleDataCatalog.Table]) throws -> [String: Int] {
        guard !tables.isEmpty else { return [:] }
        let selects = try tables.enumerated().map { index, table in
            "SELECT \(index), count(*) FROM \(try connection.quoteIdentifier(table.schema)).\(try connection.quoteIdentifier(table.name))"
        }
        var counts: [String: Int] = [:]
        for row in try connection.query(selects.joined(separator: "\nUNION ALL\n")) {
            guard let index = row[0].flatMap({ Int($0) }), let count = row[1].flatMap({ Int($0) }) else { continue }
            counts[tables[index].displayName] = count
        }
        return counts
    }

    /// The number of rows in `table`.
    private func count(_ table: SampleDataCatalog.Table) throws -> Int {
        Int(try connection.queryValue("SELECT count(*) FROM \(try qualified(table))") ?? "0") ?? 0
    }

    /// The first line of a server message, without libpq's `ERROR:  ` prefix.
    static func firstLine(_ message: String) -> String {
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        return line.hasPrefix("ERROR:") ? line.dropFirst(6).trimmingCharacters(in: .whitespaces) : line
    }

    private func qualified(_ table: SampleDataCatalog.Table) throws -> String {
        "\(try connection.quoteIdentifier(table.schema)).\(try connection.quoteIdentifier(table.name))"
    }
}
