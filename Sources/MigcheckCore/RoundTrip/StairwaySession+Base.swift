import Foundation

/// The unchecked part of a stairway: the base revisions `--changed` and `--shard` apply with plain
/// upgrades before the checked steps, and emptying the database when that fails.
extension StairwaySession {
    /// Applies `revisions` (``StairwayPlan/baseRevisions``) unchecked, with one plain upgrade per
    /// head. If one fails, the database is emptied and they are applied one by one as set-up
    /// steps, so the failure is pinned on its revision and its descendants are not applied.
    /// Failures are findings only for revisions in `reported`: a shard leaves the failures of
    /// revisions another shard checks to that shard. With `restored`, the database already holds
    /// their state (a saved base state) and nothing runs. Returns whether the plain upgrades
    /// applied them all (`false` also when there were none or they were restored).
    @discardableResult
    mutating func setUpBase(_ revisions: [String], heads: [String], reported: Set<String>, restored: Bool = false) throws -> Bool {
        guard !revisions.isEmpty else { return false }
        current = nil
        if restored {
            applied += revisions
            return false
        }
        for head in heads where try perform(head, downgrade: false, unchecked: true).failure != nil {
            try emptyDatabase()
            let members = Set(revisions)
            let kept = steps.count
            for id in project.graph.upgradeOrder() where members.contains(id) {
                try visit(StairwayPlan.Step(revision: id, action: .setUp))
            }
            for index in steps.indices.dropFirst(kept) {
                steps[index].findings.removeAll { !($0.revision.map(reported.contains) ?? true) }
            }
            unappliedBase = revisions.filter(blocked.contains)
            return false
        }
        applied += revisions
        return true
    }

    /// Drops every schema that is not a system or excluded schema, and recreates `public`.
    mutating func emptyDatabase() throws {
        current = nil
        let schemas = try connection.query(
            """
            SELECT nspname FROM pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
            """
        ).compactMap { $0.first ?? nil }.filter { !snapshotOptions.excludedSchemas.contains($0) }
        for schema in schemas {
            try connection.execute("DROP SCHEMA \(try connection.quoteIdentifier(schema)) CASCADE")
        }
        try connection.execute("CREATE SCHEMA IF NOT EXISTS public")
    }
}
