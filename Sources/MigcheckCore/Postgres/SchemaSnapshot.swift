/// Everything in a database's schema that a migration can create, alter or leave behind, read from
/// the system catalogs in one query.
///
/// Two snapshots of databases built by the same DDL in any order are equal: objects are keyed by
/// kind and schema-qualified name, columns by rank (not `attnum`), definitions are PostgreSQL's own
/// deparsed text, and no OIDs are recorded.
public struct SchemaSnapshot: Sendable, Equatable, Codable {
    /// The objects by owner, as read (``read(_:options:relations:global:types:functions:)``: a
    /// relation's OID, a type's or function's key, `""` for the other objects of no relation; one
    /// group `""` for a snapshot made from a list of objects).
    /// Snapshots of what changed (``IncrementalSnapshot``) share the arrays of the groups they did
    /// not read again, so comparing two of them compares only what was read again.
    let groups: [String: [SchemaObject]]

    /// Every object, sorted by kind then identity (duplicates keep the last one).
    public var objects: [SchemaObject] { Self.sortedUnique(groups.values.joined()) }

    /// Wraps `objects` (duplicates keep the last one).
    public init(objects: [SchemaObject]) {
        groups = ["": Self.sortedUnique(objects)]
    }

    /// Wraps groups of objects by owner; no object may be in two groups.
    init(groups: [String: [SchemaObject]]) {
        self.groups = groups
    }

    /// Equal when the objects are: groups with the same owner and the same array storage (or
    /// contents) are equal without looking further; only the objects of the other groups are
    /// sorted and compared.
    public static func == (lhs: SchemaSnapshot, rhs: SchemaSnapshot) -> Bool {
        var left: [SchemaObject] = []
        var right: [SchemaObject] = []
        for (owner, objects) in lhs.groups where rhs.groups[owner] != objects { left.append(contentsOf: objects) }
        for (owner, objects) in rhs.groups where lhs.groups[owner] != objects { right.append(contentsOf: objects) }
        return sortedUnique(left) == sortedUnique(right)
    }

    /// `objects` sorted by key, the last of each key kept.
    private static func sortedUnique<S: Sequence<SchemaObject>>(_ objects: S) -> [SchemaObject] {
        var byKey: [SchemaObjectKey: SchemaObject] = [:]
        for object in objects { byKey[object.key] = object }
        return byKey.values.sorted { $0.key < $1.key }
    }

    private enum CodingKeys: String, CodingKey { case objects }

    public init(from decoder: any Decoder) throws {
        self.init(objects: try decoder.container(keyedBy: CodingKeys.self).decode([SchemaObject].self, forKey: .objects))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(objects, forKey: .objects)
    }

    /// The object with this kind and identity, if present.
    public subscript(kind: String, identity: String) -> SchemaObject? {
        groups.values.lazy.compactMap { $0.last { $0.kind == kind && $0.identity == identity } }.first
    }

    /// Reads the schema of the database `connection` is attached to.
    ///
    /// Runs in a read-only repeatable-read transaction with `search_path` set to '' (so deparsed
    /// definitions are schema-qualified); the connection's own settings are untouched afterwards.
    /// The connection must not be inside a transaction. The catalog query is prepared once per
    /// connection and runs with a generic plan and JIT off (planning it cost about a third of a
    /// snapshot; JIT compilation would cost more than the query on large schemas).
    public static func capture(_ connection: PGConnection, options: SnapshotOptions = .standard) throws -> SchemaSnapshot {
        try inSnapshotTransaction(connection) {
            SchemaSnapshot(groups: try read(connection, options: options, relations: nil, global: true))
        }
    }

    /// Runs `body` inside the transaction a snapshot is read in: repeatable read, read only (unless
    /// `readOnly` is false: the DDL log is trimmed in it), `search_path` '', JIT off, generic plans.
    /// Every query in `body` sees the same catalog state.
    static func inSnapshotTransaction<T>(_ connection: PGConnection, readOnly: Bool = true, _ body: () throws -> T) throws -> T {
        guard connection.isIdle else {
            throw PostgresError(
                function: "SchemaSnapshot.capture", message: "the connection is inside a transaction; snapshots need an idle connection")
        }
        try connection.execute(
            """
            BEGIN ISOLATION LEVEL REPEATABLE READ, \(readOnly ? "READ ONLY" : "READ WRITE"); SET LOCAL search_path = ''; SET LOCAL jit = off;
            SET LOCAL plan_cache_mode = force_generic_plan
            """)
        do {
            let value = try body()
            try connection.execute("COMMIT")
            return value
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Runs the catalog query inside a snapshot transaction and returns the objects grouped by
    /// owner: the OID (as text) of the relation an object belongs to (the table of a column,
    /// constraint, index, trigger, policy or rule; the relation itself), `t` or `f` and the OID of
    /// a type or function (``isRelationGroup(_:)`` tells them apart), `""` for the other objects of
    /// no relation (schemas, extensions, roles, ...). `relations` limits the relations read (`nil`:
    /// all); `global` says whether all objects of no relation are read, and when it is false
    /// `types` and `functions` (OIDs) say which types and functions are.
    static func read(
        _ connection: PGConnection, options: SnapshotOptions, relations: [String]?, global: Bool,
        types: [String] = [], functions: [String] = []
    ) throws -> [String: [SchemaObject]] {
        var builder = Builder(includeRoles: options.includeRoles)
        var parameters = [
            arrayLiteral(options.excludedSchemas.sorted()),
            options.versionTable?.schema,
            options.versionTable?.name,
            relations.map { "{" + $0.joined(separator: ",") + "}" },
        ]
        let statement: (name: String, sql: String)
        if relations != nil, !global, types.isEmpty, functions.isEmpty {
            statement = (SnapshotQuery.relationsStatementName, SnapshotQuery.relationsSQL)
        } else {
            statement =
                relations == nil
                ? (SnapshotQuery.statementName, SnapshotQuery.sql) : (SnapshotQuery.partialStatementName, SnapshotQuery.partialSQL)
            parameters += [
                global ? "true" : "false",
                global ? nil : "{" + types.joined(separator: ",") + "}",
                global ? nil : "{" + functions.joined(separator: ",") + "}",
            ]
        }
        try connection.queryPrepared(name: statement.name, statement.sql, parameters: parameters, eachRow: { builder.add($0) })
        return builder.finish()
    }

    /// Folds the catalog query's rows (kind, identity, attribute, value, owner), in any order, into
    /// objects grouped by owner; rows of one object are merged. The query returns an object's rows
    /// together, so the kind and identity are read once per object, not once per attribute.
    private struct Builder {
        let includeRoles: Bool
        var objects: [SchemaObjectKey: [String: String]] = [:]
        var owners: [SchemaObjectKey: String] = [:]
        var key: SchemaObjectKey?
        var owner = ""
        var attributes: [String: String] = [:]
        var previous: PGRow?

        init(includeRoles: Bool) { self.includeRoles = includeRoles }

        mutating func add(_ row: PGRow) {
            guard row.columnCount == 5 else { return }
            if previous.map({ !row.hasSameValues(as: $0, columns: 0..<2) }) ?? true {
                flush()
                if let kind = row[0], let identity = row[1], includeRoles || kind != "role" {
                    key = SchemaObjectKey(kind: kind, identity: identity)
                    owner = row[4] ?? ""
                }
            }
            previous = row
            if key != nil, let name = row[2], let value = row[3] { attributes[name] = value }
        }

        mutating func flush() {
            if let key {
                objects[key, default: [:]].merge(attributes) { _, new in new }
                owners[key] = owner
            }
            key = nil
            attributes = [:]
        }

        mutating func finish() -> [String: [SchemaObject]] {
            flush()
            var groups: [String: [SchemaObject]] = [:]
            for (key, attributes) in objects {
                groups[owners[key] ?? "", default: []].append(SchemaObject(kind: key.kind, identity: key.identity, attributes: attributes))
            }
            return groups
        }
    }

    /// Whether a group of ``read(_:options:relations:global:types:functions:)`` holds a relation
    /// and its parts (its key is the relation's OID) rather than objects of no relation.
    static func isRelationGroup(_ owner: String) -> Bool {
        owner.first.map { $0.isASCII && $0.isNumber } ?? false
    }

    /// A PostgreSQL text-array literal (`{"a","b"}`) with quotes and backslashes escaped.
    static func arrayLiteral(_ values: [String]) -> String {
        let items = values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "{" + items.joined(separator: ",") + "}"
    }
}
