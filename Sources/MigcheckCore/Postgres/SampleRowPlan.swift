import Foundation

/// Which columns of one table a generated row writes, and where each value comes from.
///
/// Identity and generated columns, and columns with a default, are left to the server, except a
/// constant default on a column of a unique key (every row would get the same value) and a
/// foreign-key column. Foreign-key columns take the key of an existing row of the referenced
/// table (the same row for every column of a composite key); keys to a table that has no rows
/// yet are NULL (set later by the filler), or point a row at itself for a NOT NULL self-reference.
struct SampleRowPlan {
    /// Where one column's value comes from.
    enum Source {
        /// Generated from the type.
        case generated(position: Int, hints: [String])
        /// Column `index` of a referenced row from `rows`.
        case reference(rows: [[String?]], index: Int)
        /// The value this row writes into `column` (a self-reference).
        case sameRow(column: String)
        /// Always NULL (the key is connected later).
        case null
    }

    /// A written column.
    struct Written {
        var name: String
        var column: SampleDataCatalog.Column
        var source: Source
    }

    /// The table.
    let table: SampleDataCatalog.Table
    /// The connection (to read referenced rows).
    let connection: PGConnection
    /// The columns each insert writes, in table order.
    private(set) var written: [Written] = []
    /// A foreign key whose rows are pointed at the referenced table once every table is filled.
    struct Link {
        var key: SampleDataCatalog.Constraint
        /// The key holds placeholder values (a deferrable NOT NULL key in a cycle) rather than NULL.
        var placeholder: Bool
    }

    /// Foreign keys left NULL (or holding placeholders) until every table is filled.
    private(set) var later: [Link] = []
    /// Why no value could be generated, once `values` returned `nil`.
    private(set) var unwritable: String?
    /// Columns that are part of a primary key, unique constraint or unique index.
    private let uniqueColumns: Set<String>

    /// Plans the generated columns of `table`.
    init(table: SampleDataCatalog.Table, connection: PGConnection) throws {
        self.table = table
        self.connection = connection
        uniqueColumns = Set(table.uniqueKeys.flatMap { $0 })
        let keyColumns = Set(table.foreignKeys.flatMap { $0.columns ?? [] })
        for (position, column) in table.columns.enumerated() where column.identity.isEmpty && column.generated.isEmpty {
            if let value = column.default, !keyColumns.contains(column.name) {
                let constant = !value.contains("(")
                guard constant && uniqueColumns.contains(column.name) else { continue }
            }
            let hints = table.checks.filter { $0.definition.contains(column.name) }.flatMap { Self.literals($0.definition) }
            written.append(Written(name: column.name, column: column, source: .generated(position: position, hints: hints)))
        }
    }

    /// Chooses the source of every foreign-key column; returns why the table cannot be filled, if
    /// it cannot. `pending` names tables that have no generated rows yet; with `deferring` (the
    /// fill runs with `SET CONSTRAINTS ALL DEFERRED`), a deferrable NOT NULL key to such a table
    /// gets placeholder values that are replaced before the commit.
    mutating func connect(pending: Set<String>, deferring: Bool) throws -> String? {
        for key in table.foreignKeys {
            guard let columns = key.columns, let refColumns = key.refColumns, let refSchema = key.refSchema,
                let refTable = key.refTable, columns.count == refColumns.count
            else { continue }
            let target = "\(refSchema).\(refTable)"
            let nullable = columns.allSatisfy { name in table.columns.first { $0.name == name }?.notNull == false }
            if target == table.displayName || pending.contains(target) {
                if nullable {
                    for column in columns { setSource(column, .null) }
                    later.append(Link(key: key, placeholder: false))
                } else if target == table.displayName, refColumns.allSatisfy(isGenerated) {
                    for (column, ref) in zip(columns, refColumns) { setSource(column, .sameRow(column: ref)) }
                } else if deferring && key.deferrable && columns.allSatisfy(isGenerated) {
                    later.append(Link(key: key, placeholder: true))
                } else {
                    return "foreign key \(key.name) needs rows in \(target), which needs rows here first (NOT NULL references in a cycle)"
                }
                continue
            }
            let rows = try referencedRows(schema: refSchema, table: refTable, columns: refColumns)
            if rows.isEmpty {
                guard nullable else { return "foreign key \(key.name) references \(target), which has no rows" }
                for column in columns { setSource(column, .null) }
                continue
            }
            for (index, column) in columns.enumerated() { setSource(column, .reference(rows: rows, index: index)) }
        }
        return nil
    }

    /// The parameter values of one insert, or `nil` when a NOT NULL column's type cannot be
    /// generated (`unwritable` says which). `attempts` holds each column's attempt (0 when
    /// missing). On `lastRow`, nullable columns outside unique keys are NULL at their first
    /// attempt, so upgrades that impose NOT NULL meet a NULL.
    mutating func values(row: Int, attempts: [String: Int], lastRow: Bool) -> [String?]? {
        var byName: [String: String?] = [:]
        for item in written {
            guard case .generated(let position, let hints) = item.source else { continue }
            let attempt = attempts[item.name] ?? 0
            if lastRow && attempt == 0 && !item.column.notNull && !uniqueColumns.contains(item.name) {
                byName[item.name] = .some(nil)
                continue
            }
            let slot = SampleDataValues.Slot(row: row, attempt: attempt, position: position, hints: hints)
            guard let value = SampleDataValues.value(item.column, slot) else {
                if item.column.notNull {
                    unwritable = "column \(item.name) has type \(item.column.type), which migcheck cannot generate"
                    return nil
                }
                byName[item.name] = .some(nil)
                continue
            }
            byName[item.name] = value
        }
        return written.map { item in
            switch item.source {
            case .generated: return byName[item.name] ?? nil
            case .reference(let rows, let index): return rows[(row + (attempts[item.name] ?? 0)) % rows.count][index]
            case .sameRow(let column): return byName[column] ?? nil
            case .null: return nil
            }
        }
    }

    /// The written columns a failed insert should vary: those of the CHECK constraint the server
    /// names in `message`, else all of them (a unique key, a partition bound, ...).
    func blamed(by message: String) -> [String] {
        let all = written.map(\.name)
        guard let range = message.range(of: "violates check constraint \""),
            let end = message[range.upperBound...].firstIndex(of: "\""),
            let check = table.checks.first(where: { $0.name == String(message[range.upperBound..<end]) })
        else { return all }
        let words = Set(check.definition.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        let named = all.filter { words.contains($0) }
        return named.isEmpty ? all : named
    }

    /// Whether `column` gets a generated value (so a self-reference can copy it).
    private func isGenerated(_ column: String) -> Bool {
        written.contains { item in
            if case .generated = item.source { return item.name == column }
            return false
        }
    }

    /// Makes `column` written with `source` (foreign-key columns are written even with a default).
    private mutating func setSource(_ column: String, _ source: Source) {
        if let index = written.firstIndex(where: { $0.name == column }) {
            written[index].source = source
        } else if let info = table.columns.first(where: { $0.name == column }), info.identity.isEmpty, info.generated.isEmpty {
            written.append(Written(name: column, column: info, source: source))
        }
    }

    /// Up to 100 keys of the referenced table, without NULLs.
    private func referencedRows(schema: String, table: String, columns: [String]) throws -> [[String?]] {
        let quoted = try columns.map { try connection.quoteIdentifier($0) }
        let name = "\(try connection.quoteIdentifier(schema)).\(try connection.quoteIdentifier(table))"
        return try connection.query(
            """
            SELECT DISTINCT \(quoted.joined(separator: ", ")) FROM \(name)
            WHERE \(quoted.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")) ORDER BY 1 LIMIT 100
            """)
    }

    /// The string literals of a constraint definition (`'draft'::text` → `draft`).
    static func literals(_ definition: String) -> [String] {
        var result: [String] = []
        var current: String?
        var characters = definition.makeIterator()
        while let character = characters.next() {
            guard character == "'" else {
                current?.append(character)
                continue
            }
            if var text = current {
                if let following = characters.next(), following == "'" {
                    text.append("'")
                    current = text
                } else {
                    result.append(text)
                    current = nil
                }
            } else {
                current = ""
            }
        }
        return result
    }
}
