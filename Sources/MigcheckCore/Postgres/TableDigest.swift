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

    /// Hashes the rows of each table over all its columns, in one query.
    static func capture(_ connection: PGConnection, _ tables: [SampleDataCatalog.Table]) throws -> [TableDigest] {
        try capture(
            connection, again: tables.map { TableDigest(table: $0.displayName, columns: $0.columns.map(\.name), rows: []) },
            parts: tables.map { ($0.schema, $0.name) })
    }

    /// Hashes the same tables and columns as `digests` again, in one query; throws when a table
    /// or column is gone.
    static func capture(_ connection: PGConnection, again digests: [TableDigest]) throws -> [TableDigest] {
        try capture(
            connection, again: digests,
            parts: digests.map { digest in
                let parts = digest.table.split(separator: ".", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            })
    }

    /// `digests` with their rows read from the tables `parts` (schema, name) names.
    private static func capture(
        _ connection: PGConnection, again templates: [TableDigest], parts: [(String, String)]
    ) throws -> [TableDigest] {
        guard !templates.isEmpty else { return [] }
        var digests = templates
        var selects: [String] = []
        for (index, digest) in templates.enumerated() {
            digests[index].rows = []
            let qualified = "\(try connection.quoteIdentifier(parts[index].0)).\(try connection.quoteIdentifier(parts[index].1))"
            let list = try digest.columns.map { try connection.quoteIdentifier($0) }.joined(separator: ", ")
            selects.append("SELECT \(index), md5(\(digest.columns.isEmpty ? "''" : "ROW(\(list))::text")) FROM \(qualified)")
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
