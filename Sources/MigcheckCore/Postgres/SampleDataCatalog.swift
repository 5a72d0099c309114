import Foundation

/// What the catalog says about the tables `--with-data` fills: their columns with resolved types,
/// their keys, foreign keys and CHECK constraints.
///
/// Ordinary and partitioned tables are read (partitions are filled through their parent); system,
/// TOAST, temporary and excluded schemas, tables that belong to an extension and the version table
/// are left out.
struct SampleDataCatalog {
    /// One column.
    struct Column: Decodable, Sendable {
        var name: String
        var notNull: Bool
        /// `a` (always), `d` (by default) or empty.
        var identity: String
        /// `s` for a stored generated column, else empty.
        var generated: String
        /// The default expression, if any.
        var `default`: String?
        /// The type's name after resolving a domain (`int4`, `varchar`, `_text` for arrays).
        var type: String
        /// `pg_type.typcategory` of that type (`A` array, `E` enum, `S` string, ...).
        var category: String
        /// The type modifier (`varchar(20)` → 24), -1 when none.
        var typmod: Int
        /// The element type's name for arrays.
        var element: String?
        /// The element's category for arrays.
        var elementCategory: String?
        /// The enum labels of the type (or of the array's element).
        var labels: [String]?
    }

    /// One constraint: `p` primary key, `u` unique, `f` foreign key, `c` check (others ignored).
    struct Constraint: Decodable, Sendable {
        var type: String
        var name: String
        var columns: [String]?
        var refSchema: String?
        var refTable: String?
        var refColumns: [String]?
        var deferrable: Bool
        var definition: String
    }

    /// One table.
    struct Table: Decodable, Sendable {
        var schema: String
        var name: String
        var columns: [Column]
        var constraints: [Constraint]?
        /// Column lists of unique indexes that back no constraint (expressions left out).
        var uniqueIndexes: [[String]]?

        /// `schema.name`, unquoted, for messages.
        var displayName: String { "\(schema).\(name)" }
        /// Foreign keys.
        var foreignKeys: [Constraint] { (constraints ?? []).filter { $0.type == "f" } }
        /// Primary key, unique constraints and unique indexes, as column lists.
        var uniqueKeys: [[String]] {
            (constraints ?? []).filter { $0.type == "p" || $0.type == "u" }.compactMap(\.columns) + (uniqueIndexes ?? [])
        }
        /// CHECK constraints.
        var checks: [Constraint] { (constraints ?? []).filter { $0.type == "c" } }
    }

    /// The tables, in catalog order (schema, name).
    var tables: [Table]

    /// Reads the catalog through `connection`, leaving out `excludedSchemas` and `versionTable`.
    static func read(_ connection: PGConnection, excludedSchemas: Set<String>, versionTable: (schema: String, name: String))
        throws -> SampleDataCatalog
    {
        let excluded =
            "{"
            + excludedSchemas.sorted().map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(
                separator: ",") + "}"
        let rows = try connection.query(sql, parameters: [excluded, versionTable.schema, versionTable.name])
        let decoder = JSONDecoder()
        return SampleDataCatalog(
            tables: try rows.compactMap { row in
                guard let json = row.first ?? nil else { return nil }
                return try decoder.decode(Table.self, from: Data(json.utf8))
            })
    }

    /// One JSON document per table.
    static let sql = #"""
        SELECT json_build_object(
          'schema', n.nspname, 'name', c.relname,
          'columns', (
            SELECT coalesce(json_agg(json_build_object(
              'name', a.attname, 'notNull', a.attnotnull OR coalesce(t.typnotnull, false),
              'identity', a.attidentity::text, 'generated', a.attgenerated::text,
              'default', pg_get_expr(d.adbin, d.adrelid),
              'type', bt.typname, 'category', bt.typcategory::text,
              'typmod', CASE WHEN t.typtype = 'd' AND a.atttypmod = -1 THEN t.typtypmod ELSE a.atttypmod END,
              'element', et.typname, 'elementCategory', et.typcategory::text,
              'labels', (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e
                          WHERE e.enumtypid = coalesce(et.oid, bt.oid))
            ) ORDER BY a.attnum), '[]')
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
            LEFT JOIN pg_type et0 ON et0.oid = bt.typelem AND bt.typcategory = 'A'
            LEFT JOIN pg_type et ON et.oid = CASE WHEN et0.typtype = 'd' THEN et0.typbasetype ELSE et0.oid END
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
          'constraints', (
            SELECT json_agg(json_build_object(
              'type', con.contype::text, 'name', con.conname,
              'columns', (SELECT json_agg(att.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                            JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.num),
              'refSchema', rn.nspname, 'refTable', rc.relname,
              'refColumns', (SELECT json_agg(att.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                               JOIN pg_attribute att ON att.attrelid = con.confrelid AND att.attnum = k.num),
              'deferrable', con.condeferrable, 'definition', pg_get_constraintdef(con.oid, true)))
            FROM pg_constraint con
            LEFT JOIN pg_class rc ON rc.oid = con.confrelid
            LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE con.conrelid = c.oid AND con.contype IN ('p', 'u', 'f', 'c')),
          'uniqueIndexes', (
            SELECT json_agg((SELECT json_agg(att.attname ORDER BY k.ord) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
                              JOIN pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = k.num))
            FROM pg_index i
            WHERE i.indrelid = c.oid AND i.indisunique AND i.indexprs IS NULL AND NOT 0 = ANY (i.indkey::int2[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint x WHERE x.conindid = i.indexrelid))
        )::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
          AND n.nspname <> ALL ($1::text[])
          AND NOT (n.nspname = $2 AND c.relname = $3)
          AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e')
        ORDER BY n.nspname, c.relname
        """#
}
