/// Comparing two snapshots of the same database.
extension SchemaSnapshot {
    /// How this snapshot differs from `before`, in a fixed order: by significance (objects left
    /// behind or missing, then changed definitions, then other attributes, then column positions;
    /// see ``SchemaDifference/significance``), then by kind (schemas, extensions, roles, types,
    /// sequences, tables, columns, ...), identity and attribute.
    ///
    /// When a whole table or view appears or disappears, the matching appearance or disappearance
    /// of its columns, constraints, indexes, triggers, policies, rules and owned sequences is not
    /// listed separately.
    func differences(from before: SchemaSnapshot) -> [SchemaDifference] {
        if self == before { return [] }  // the usual case in a round trip: only the groups read again are compared
        let old = Dictionary(before.objects.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        let new = Dictionary(objects.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        var result: [SchemaDifference] = []
        for key in new.keys where old[key] == nil {
            result.append(SchemaDifference(change: .added, kind: key.kind, identity: key.identity))
        }
        for key in old.keys where new[key] == nil {
            result.append(SchemaDifference(change: .removed, kind: key.kind, identity: key.identity))
        }
        for (key, object) in new {
            guard let previous = old[key] else { continue }
            let fields = Set(object.attributes.keys).union(previous.attributes.keys)
            for field in fields
            where !DefinitionText.same(kind: key.kind, field: field, object.attributes[field], previous.attributes[field]) {
                result.append(
                    SchemaDifference(
                        change: .changed, kind: key.kind, identity: key.identity, field: field,
                        before: previous.attributes[field], after: object.attributes[field]
                    ))
            }
        }
        result = Self.withoutDependents(result, old: old, new: new)
        return result.sorted(by: Self.order)
    }

    /// The objects this snapshot has and `other` has not (or not with these attributes), and
    /// those `other` has and this one has not: both sides of a difference, for messages.
    func unmatched(against other: SchemaSnapshot) -> (extra: [SchemaObject], missing: [SchemaObject]) {
        let mine = Set(objects)
        let theirs = Set(other.objects)
        return (Array(mine.subtracting(theirs)), Array(theirs.subtracting(mine)))
    }

    /// Kinds whose whole-object differences hide those of the objects inside them.
    static let containerKinds: Set<String> = ["table", "view", "materialized view", "foreign table"]

    /// The order kinds are reported in; unknown kinds come last, alphabetically.
    static let kindOrder: [String] = [
        "schema", "extension", "role", "type", "sequence", "table", "column", "constraint", "index",
        "view", "materialized view", "foreign table", "function", "procedure", "aggregate", "window function",
        "trigger", "rule", "policy", "default privileges", "event trigger", "setting",
    ]

    private static func order(_ a: SchemaDifference, _ b: SchemaDifference) -> Bool {
        if a.significance != b.significance { return a.significance < b.significance }
        let rankA = kindOrder.firstIndex(of: a.kind) ?? kindOrder.count
        let rankB = kindOrder.firstIndex(of: b.kind) ?? kindOrder.count
        if rankA != rankB { return rankA < rankB }
        if a.kind != b.kind { return a.kind < b.kind }
        if a.identity != b.identity { return a.identity < b.identity }
        return (a.field ?? "") < (b.field ?? "")
    }

    /// Drops added/removed objects that live inside a table or view added/removed the same way.
    private static func withoutDependents(
        _ differences: [SchemaDifference],
        old: [SchemaObjectKey: SchemaObject],
        new: [SchemaObjectKey: SchemaObject]
    ) -> [SchemaDifference] {
        var containers: [SchemaDifference.Change: Set<String>] = [:]
        for difference in differences where difference.field == nil && containerKinds.contains(difference.kind) {
            containers[difference.change, default: []].insert(difference.identity)
        }
        guard !containers.isEmpty else { return differences }
        return differences.filter { difference in
            guard difference.field == nil, !containerKinds.contains(difference.kind),
                let owners = containers[difference.change]
            else { return true }
            let key = SchemaObjectKey(kind: difference.kind, identity: difference.identity)
            let object = difference.change == .added ? new[key] : old[key]
            if let table = object?.attributes["table"], owners.contains(table) { return false }
            if let owner = object?.attributes["owned by"], owners.contains(where: { owner.hasPrefix($0 + ".") }) { return false }
            if ["column", "constraint", "trigger", "policy", "rule"].contains(difference.kind) {
                return !owners.contains { difference.identity.hasPrefix($0 + ".") }
            }
            return true
        }
    }
}
