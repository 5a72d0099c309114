import Foundation

/// The rows of one table at one moment, as the server hashes them: one md5 per row of the text of
/// `ROW(c1, c2, ...)` over the given columns, sorted. Two digests over the same columns are equal
/// exactly when the tables hold the same multiset of rows (as text), so a downgrade that loses,
/// adds or changes rows is seen, while one that drops a column the upgrade added is not.
struct TableDigest: Equatable, Sendable {
    /// `schema.name`.
    var table: String
    /// The columns hashed, in table order at capture time.
    var columns: [String]
    /// The row hashes, sorted.
    var rows: [String]

    /// Hashes the rows of each table over its columns (every column of the table when `columns`
    /// has no entry for it), in one query.
    static func capture(
        _ connection: PGConnection, _ tables: [SampleDataCatalog.Table], columns: [String: [String]] = [:]
    ) throws -> [TableDigest] {
        guard !tables.isEmpty else { return [] }
        var digests: [TableDigest] = []
        var selects: [String] = []
        for (index, table) in tables.enumerated() {
            let names = columns[table.displayName] ?? table.columns.map(\.name)
            let qualified = "\(try connection.quoteIdentifier(table.schema)).\(try connection.quoteIdentifier(table.name))"
            let list = try names.map { try connection.quoteIdentifier($0) }.joined(separator: ", ")
            selects.append("SELECT \(index), md5(\(names.isEmpty ? "''" : "ROW(\(list))::text")) FROM \(qualified)")
            digests.append(TableDigest(table: table.displayName, columns: names, rows: []))
        }
        for row in try connection.query(selects.joined(separator: "\nUNION ALL\n")) {
            guard let index = row[0].flatMap({ Int($0) }), let hash = row[1] else { continue }
            digests[index].rows.append(hash)
        }
        for index in digests.indices { digests[index].rows.sort() }
        return digests
    }

    /// How `later` differs from this digest, e.g. `1 row lost, 2 rows changed (3 rows before the
    /// upgrade, 2 after the downgrade)`; `nil` when the rows are the same.
    func change(to later: TableDigest) -> String? {
        guard rows != later.rows else { return nil }
        var remaining: [String: Int] = [:]
        for row in rows { remaining[row, default: 0] += 1 }
        var added = 0
        for row in later.rows {
            if let left = remaining[row], left > 0 {
                remaining[row] = left - 1
            } else {
                added += 1
            }
        }
        var lost = remaining.values.reduce(0, +)
        let changed = min(lost, added)
        lost -= changed
        added -= changed
        func rowsText(_ count: Int) -> String { count == 1 ? "1 row" : "\(count) rows" }
        let parts = [(changed, "changed"), (lost, "lost"), (added, "added")].filter { $0.0 > 0 }.map { "\(rowsText($0.0)) \($0.1)" }
        return "\(parts.joined(separator: ", ")) (\(rowsText(rows.count)) before the upgrade, \(later.rows.count) after the downgrade)"
    }
}
