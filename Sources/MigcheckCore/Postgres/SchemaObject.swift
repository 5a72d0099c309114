/// One database object in a `SchemaSnapshot`: its kind, its schema-qualified identity and its
/// attributes as text (deparsed definitions, type names, flags), never OIDs.
public struct SchemaObject: Sendable, Hashable, Codable {
    /// What the object is: `table`, `column`, `index`, `type`, `function`, ... (for objects found
    /// only through the dependency catalog, PostgreSQL's own name: `collation`, `cast`, ...).
    var kind: String
    /// The object's quoted, schema-qualified name: `public.users`, `public.users.email`,
    /// `public.f(integer)`.
    var identity: String
    /// Attribute name → value; attributes that are NULL are absent.
    var attributes: [String: String]

    /// Creates an object.
    init(kind: String, identity: String, attributes: [String: String] = [:]) {
        self.kind = kind
        self.identity = identity
        self.attributes = attributes
    }

    /// The pair that identifies the object across snapshots.
    var key: SchemaObjectKey { SchemaObjectKey(kind: kind, identity: identity) }
}

/// Identifies a `SchemaObject` across snapshots; ordered by kind, then identity.
struct SchemaObjectKey: Sendable, Hashable, Comparable, Codable {
    /// The object's kind (`table`, `column`, ...).
    var kind: String
    /// The object's schema-qualified identity.
    var identity: String

    static func < (lhs: SchemaObjectKey, rhs: SchemaObjectKey) -> Bool {
        (lhs.kind, lhs.identity) < (rhs.kind, rhs.identity)
    }
}
