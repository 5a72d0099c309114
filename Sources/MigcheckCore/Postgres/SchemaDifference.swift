import Foundation

/// One way a schema differs from an earlier snapshot of it: an object that appeared, one that
/// disappeared, or one attribute of an object that changed.
///
/// Renders as a sentence, `"type public.mood is left behind"`,
/// `"column public.users.email: position changed from 2 to 3"`, built from `objectPhrase` and
/// `changePhrase` so callers can add context: `"\(d.description) by the downgrade of 3f2a91c0d4e1"`.
struct SchemaDifference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How the object differs.
    enum Change: String, Sendable, Hashable, Codable {
        /// Present now, absent before: left behind (e.g. by a downgrade).
        case added
        /// Present before, absent now: missing.
        case removed
        /// Present in both, with one attribute (`field`) different.
        case changed
    }

    /// How the object differs.
    var change: Change
    /// The object's kind (`table`, `column`, `type`, ...).
    var kind: String
    /// The object's schema-qualified identity.
    var identity: String
    /// The attribute that changed; `nil` when the whole object was added or removed.
    var field: String?
    /// The attribute's earlier value (`nil`: absent/NULL, or the whole object is new).
    var before: String?
    /// The attribute's current value (`nil`: absent/NULL, or the whole object is gone).
    var after: String?

    /// Creates a difference.
    init(change: Change, kind: String, identity: String, field: String? = nil, before: String? = nil, after: String? = nil) {
        self.change = change
        self.kind = kind
        self.identity = identity
        self.field = field
        self.before = before
        self.after = after
    }

    /// How much the difference matters, lower first: 1 an object left behind or missing, 2 a
    /// changed definition, 3 another attribute, 4 a column's position (which PostgreSQL cannot
    /// restore without rewriting the table).
    var significance: Int {
        switch (change, field) {
        case (.added, _), (.removed, _): return 1
        case (.changed, "definition"): return 2
        case (.changed, "position") where kind == "column": return Self.positionSignificance
        default: return 3
        }
    }

    /// The significance of a column position change: the least.
    static let positionSignificance = 4

    /// Whether this is a column that changed position (and nothing else).
    var isColumnPosition: Bool { change == .changed && kind == "column" && field == "position" }

    /// `"column public.users.email"`.
    var objectPhrase: String { "\(kind) \(identity)" }

    /// `"is left behind"`, `"is missing"` or `"position changed from 2 to 3"`.
    var changePhrase: String {
        switch change {
        case .added: return "is left behind"
        case .removed: return "is missing"
        case .changed: return Self.describeChange(field: field ?? "value", before: before, after: after)
        }
    }

    /// The whole sentence: object phrase, then `": "` before an attribute change or a space before
    /// an added/removed verb.
    var description: String {
        change == .changed ? "\(objectPhrase): \(changePhrase)" : "\(objectPhrase) \(changePhrase)"
    }

    /// Whether `before`/`after` are too long or multi-line to quote inside a sentence.
    var hasLongValues: Bool {
        [before, after].contains { value in value.map(Self.isLong) ?? false }
    }

    private static func describeChange(field: String, before: String?, after: String?) -> String {
        if field == "not null", before == "true", after == "false" { return "became nullable" }
        if field == "not null", before == "false", after == "true" { return "became NOT NULL" }
        if setLikeFields.contains(field), let delta = setDelta(before: before, after: after) {
            return "\(field) changed: \(delta)"
        }
        if field == "labels", [before, after].contains(where: { $0.map(isLong) ?? false }) {
            // Too long to quote whole, but the labels are what matters: name the ones that changed.
            if let delta = setDelta(before: before, after: after) { return "labels changed: \(delta)" }
            if let old = stringArray(before), let new = stringArray(after) {
                return "labels reordered from \(old.joined(separator: ", ")) to \(new.joined(separator: ", "))"
            }
        }
        if [before, after].contains(where: { $0.map(isLong) ?? false }) {
            if before == nil { return "\(field) was added" }
            if after == nil { return "\(field) was removed" }
            return "\(field) changed"
        }
        return "\(field) changed from \(render(before)) to \(render(after))"
    }

    /// Attributes holding unordered lists (ACL entries, role names, settings, check constraints),
    /// reported as entries added and removed.
    static let setLikeFields: Set<String> = ["grants", "member of", "roles", "values", "checks", "options"]

    /// `"added a, b; removed c"` for two JSON string arrays (`nil` = empty), or `nil` if either side
    /// is not a string array or only the order differs.
    private static func setDelta(before: String?, after: String?) -> String? {
        guard let old = stringArray(before), let new = stringArray(after) else { return nil }
        let added = new.filter { !old.contains($0) }
        let removed = old.filter { !new.contains($0) }
        var parts: [String] = []
        if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed " + removed.joined(separator: ", ")) }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Decodes a JSON array of strings as PostgreSQL renders `text[]` in `jsonb`; `nil` → `[]`.
    static func stringArray(_ value: String?) -> [String]? {
        guard let value else { return [] }
        return try? JSONDecoder().decode([String].self, from: Data(value.utf8))
    }

    private static func render(_ value: String?) -> String {
        guard let value else { return "none" }
        return value.isEmpty ? "''" : value
    }

    private static func isLong(_ value: String) -> Bool {
        value.count > 80 || value.contains("\n")
    }
}
