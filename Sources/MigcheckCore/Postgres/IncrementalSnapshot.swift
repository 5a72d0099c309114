import Foundation

/// Schema snapshots taken one after another on the same database (after each step of a round
/// trip) that read again only the relations and objects a step may have changed.
///
/// The catalog query (``SnapshotQuery``) can be limited to a set of relations (with everything
/// that belongs to them: columns, constraints, indexes, triggers, policies, rules), to a set of
/// types and functions, and can leave out the objects of no relation (schemas, types, functions,
/// ...). Each capture finds what changed since the last one and reads only that, in the same
/// repeatable-read transaction:
///
/// - with the DDL log (``SnapshotChangeLog``, event triggers; needs a superuser, so the private
///   cluster always has it): the relations a command touched or dropped, their owners, and the
///   owners of everything that depends on a touched object (a foreign key or view on a renamed
///   column, a table whose column has a renamed type); the types and functions touched, dropped or
///   depending on a touched object, one by one; all other objects of no relation when one of
///   them changed (a collation, a cast, a dropped domain constraint);
/// - without it: ``SnapshotFingerprintQuery``, which compares, per relation, the number of
///   catalog rows and the newest transaction id that wrote one, and finds dependents of objects
///   written since the last capture.
///
/// Either way a change to a schema, role or ownership, a `GRANT` (logged without its object), the
/// first capture, a damaged log and a transaction-id epoch change read everything. The result
/// equals ``SchemaSnapshot/capture(_:options:)`` on the same state: the equivalence tests compare
/// both after every step of the test corpus and after statements chosen to change objects only
/// through what they depend on. Direct writes to the system catalogs are not seen;
/// `--full-snapshots` reads everything every time.
struct IncrementalSnapshot {
    /// What the snapshots leave out.
    let options: SnapshotOptions
    /// How many captures read everything, and how many read only part.
    private(set) var fullReads = 0
    private(set) var partialReads = 0
    /// Relations read again by partial captures, in all.
    private(set) var relationsRead = 0
    /// Types and functions read again one by one by partial captures, and partial captures that
    /// read every object of no relation again, in all.
    private(set) var typesAndFunctionsRead = 0
    private(set) var globalReads = 0
    /// Whether the DDL log is in place (`nil`: not tried yet).
    private(set) var usesChangeLog: Bool?

    /// The objects of the last capture, by owner (``SchemaSnapshot/read(_:options:relations:global:)``).
    private var groups: [String: [SchemaObject]]?
    /// Where the change detection left off.
    private var cursor = Cursor.none
    /// The last log entry when the log was last emptied (``trimEntries``).
    private var trimmedThrough: Int64 = 0
    /// How many entries the DDL log may hold before a capture that has read them empties it: the
    /// change query scans the log (a generic plan cannot use its key for `id > $1`), so an untrimmed
    /// log makes late snapshots of a long history dearer.
    static let trimEntries: Int64 = 256

    private enum Cursor {
        case none
        case log(lastEntry: String, everything: String)
        case fingerprints(relations: [String: String], global: String, everything: String, horizon: UInt64)
    }

    /// What to read again; `nil`: everything. `global`: every object of no relation; else the
    /// types and functions (OIDs) listed.
    private struct Changes {
        var relations: Set<String>
        var global: Bool
        var types: Set<String> = []
        var functions: Set<String> = []

        var isEmpty: Bool { relations.isEmpty && !global && types.isEmpty && functions.isEmpty }
    }

    /// Snapshots leaving out what `options` says; `changeLog: false` never installs the DDL log
    /// (fingerprints only).
    init(options: SnapshotOptions, changeLog: Bool = true) {
        self.options = options
        if !changeLog { usesChangeLog = false }
    }

    /// The schema now, reading only what may have changed since the last capture.
    mutating func capture(_ connection: PGConnection) throws -> SchemaSnapshot {
        if usesChangeLog == nil { usesChangeLog = try SnapshotChangeLog.install(connection) }
        return try SchemaSnapshot.inSnapshotTransaction(connection, readOnly: usesChangeLog != true) {
            var groups: [String: [SchemaObject]]
            let changes = try changes(connection, groups: self.groups ?? [:])
            if let previous = self.groups, let changes {
                groups = previous
                if !changes.isEmpty {
                    for relation in changes.relations { groups[relation] = nil }
                    if changes.global {
                        groups = groups.filter { SchemaSnapshot.isRelationGroup($0.key) }
                    } else {
                        for type in changes.types { groups["t" + type] = nil }
                        for function in changes.functions { groups["f" + function] = nil }
                    }
                    let fresh = try SchemaSnapshot.read(
                        connection, options: options, relations: changes.relations.sorted(), global: changes.global,
                        types: changes.types.sorted(), functions: changes.functions.sorted())
                    groups.merge(fresh) { _, new in new }
                }
                partialReads += 1
                relationsRead += changes.relations.count
                globalReads += changes.global ? 1 : 0
                typesAndFunctionsRead += changes.global ? 0 : changes.types.count + changes.functions.count
            } else {
                groups = try SchemaSnapshot.read(connection, options: options, relations: nil, global: true)
                fullReads += 1
            }
            self.groups = groups
            return SchemaSnapshot(groups: groups)
        }
    }

    /// Removes the DDL log (before the model comparison); later captures use fingerprints.
    mutating func removeChangeLog(_ connection: PGConnection) throws {
        guard usesChangeLog == true else { return }
        try SnapshotChangeLog.remove(connection)
        usesChangeLog = false
        cursor = .none
    }

    /// What changed since the cursor, moving the cursor on; `nil`: read everything.
    private mutating func changes(_ connection: PGConnection, groups: [String: [SchemaObject]]) throws -> Changes? {
        if usesChangeLog == true {
            let state = try connection.queryPrepared(name: SnapshotChangeLog.stateStatement, SnapshotChangeLog.stateSQL, parameters: [])
                .first
            if state?.first == "t", let everything = state?.last ?? nil {
                return try logChanges(connection, everything: everything, groups: groups)
            }
            usesChangeLog = false  // a migration removed or disabled the log
            cursor = .none
        }
        return try fingerprintChanges(connection)
    }

    private mutating func logChanges(_ connection: PGConnection, everything: String, groups: [String: [SchemaObject]]) throws
        -> Changes?
    {
        guard case .log(let last, let previous) = cursor, previous == everything else {
            let last = try connection.queryValue("SELECT coalesce(max(id), 0)::text FROM migcheck_probe.changes") ?? "0"
            cursor = .log(lastEntry: last, everything: everything)
            return nil
        }
        var changes = Changes(relations: [], global: false)
        var full = false
        var entry = last
        var parents: [String] = []
        try connection.queryPrepared(
            name: SnapshotChangeLog.changesStatement, SnapshotChangeLog.changesSQL, parameters: [last],
            eachRow: { row in
                guard row.columnCount == 2, let kind = row[0], let value = row[1] else { return }
                switch kind {
                case "r": changes.relations.insert(value)
                case "x":
                    if let owner = groups.first(where: { $0.value.contains { $0.kind == "index" && $0.identity == value } })?.key {
                        changes.relations.insert(owner)
                    }
                case "p": parents.append(value)
                case "g": changes.global = true
                case "t": changes.types.insert(value)
                case "f": changes.functions.insert(value)
                case "F": full = true
                case "m": entry = value
                default: break
                }
            })
        cursor = .log(lastEntry: entry, everything: everything)
        if let through = Int64(entry), through - trimmedThrough > Self.trimEntries {
            // Every entry is read (the driver is idle while migcheck reads): empty the log.
            try connection.execute("TRUNCATE migcheck_probe.changes")
            trimmedThrough = through
        }
        for parent in parents { changes.relations.formUnion(Self.children(of: parent, in: groups)) }
        return full ? nil : changes
    }

    /// The relations whose table object named `parent` among its parents in `groups` (the
    /// previous capture), found by the parent's table identity.
    private static func children(of parent: String, in groups: [String: [SchemaObject]]) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        guard let identity = groups[parent]?.first(where: { $0.attributes["partitioned"] != nil })?.identity,
            let data = try? encoder.encode(identity), let quoted = String(data: data, encoding: .utf8)
        else { return [] }
        return groups.compactMap { owner, objects in
            objects.contains { $0.attributes["inherits"]?.contains(quoted) == true } ? owner : nil
        }
    }

    private mutating func fingerprintChanges(_ connection: PGConnection) throws -> Changes? {
        var horizon: UInt64?
        if case .fingerprints(_, _, _, let previous) = cursor { horizon = previous }
        var relations: [String: String] = [:]
        var global = ""
        var everything = ""
        var dependents: Set<String> = []
        var now: UInt64 = 0
        try connection.queryPrepared(
            name: SnapshotFingerprintQuery.statementName, SnapshotFingerprintQuery.sql,
            parameters: [
                SchemaSnapshot.arrayLiteral(options.excludedSchemas.sorted()),
                options.versionTable?.schema,
                options.versionTable?.name,
                horizon.map { String($0 & 0xFFFF_FFFF) },
            ],
            eachRow: { row in
                guard row.columnCount == 3, let kind = row[0], let key = row[1] else { return }
                switch kind {
                case "r": relations[key] = row[2] ?? ""
                case "g": global = row[2] ?? ""
                case "f": everything = row[2] ?? ""
                case "d": dependents.insert(key)
                case "h": now = UInt64(key) ?? 0
                default: break
                }
            })
        let previous = cursor
        cursor = .fingerprints(relations: relations, global: global, everything: everything, horizon: now)
        guard case .fingerprints(let oldRelations, let oldGlobal, let oldEverything, let old) = previous,
            oldEverything == everything, old >> 32 == now >> 32
        else { return nil }
        var changed = dependents.subtracting([""])
        for (relation, fingerprint) in relations where oldRelations[relation] != fingerprint { changed.insert(relation) }
        for relation in oldRelations.keys where relations[relation] == nil { changed.insert(relation) }
        return Changes(relations: changed, global: oldGlobal != global || dependents.contains(""))
    }
}

/// A snapshot of what changed differs from the full snapshot of the same state
/// (`MIGCHECK_VERIFY_SNAPSHOTS=1`).
struct SnapshotMismatch: Error, CustomStringConvertible {
    /// Where, and the objects that differ.
    var description: String
}

extension IncrementalSnapshot {
    /// Throws ``SnapshotMismatch`` unless `snapshot` equals a full snapshot read now.
    static func verify(_ snapshot: SchemaSnapshot, _ connection: PGConnection, options: SnapshotOptions, after step: RoundTripStep?)
        throws
    {
        let full = try SchemaSnapshot.capture(connection, options: options)
        let grouped = snapshot.groups.values.reduce(0) { $0 + $1.count }
        guard full != snapshot || grouped != snapshot.objects.count else { return }
        let unmatched = snapshot.unmatched(against: full)
        let extra = unmatched.extra.map { "\($0.kind) \($0.identity)" }.sorted()
        let missing = unmatched.missing.map { "\($0.kind) \($0.identity)" }.sorted()
        let place = step.map { "after the \($0.phase.rawValue) of \($0.revision)" } ?? "at the start"
        throw SnapshotMismatch(
            description: "the snapshot of what changed \(place) differs from a full snapshot: stale or extra \(extra), missing \(missing)"
                + (grouped == snapshot.objects.count ? "" : ", \(grouped - snapshot.objects.count) object(s) in two groups"))
    }
}
