/// Reads and restores the rows of Alembic's version table through libpq.
///
/// Downgrading a revision with `depends_on` makes Alembic write its dependencies back into the
/// version table even when another head already contains them; the next `upgrade` then fails with
/// "Requested revision ... overlaps". The runner restores the rows from before the upgrade instead,
/// which names the same schema state.
struct VersionTable {
    /// The connection to the scratch database.
    let connection: PGConnection
    /// The table's schema.
    let schema: String
    /// The table's name.
    let name: String

    /// The version numbers in the table, sorted; empty when the table does not exist yet.
    func rows() throws -> [String] {
        let qualified = try qualifiedName()
        guard try connection.queryValue("SELECT to_regclass($1)", parameters: [qualified]) != nil else { return [] }
        return try connection.query("SELECT version_num FROM \(qualified)").compactMap { $0.first ?? nil }.sorted()
    }

    /// Replaces the table's rows with `versions` (when the table exists).
    func restore(_ versions: [String]) throws {
        let qualified = try qualifiedName()
        guard try connection.queryValue("SELECT to_regclass($1)", parameters: [qualified]) != nil else { return }
        try connection.execute("BEGIN")
        do {
            try connection.execute("DELETE FROM \(qualified)")
            for version in versions {
                _ = try connection.query("INSERT INTO \(qualified) (version_num) VALUES ($1)", parameters: [version])
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func qualifiedName() throws -> String {
        "\(try connection.quoteIdentifier(schema)).\(try connection.quoteIdentifier(name))"
    }
}
