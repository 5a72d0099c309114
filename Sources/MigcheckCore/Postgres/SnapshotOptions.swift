/// What a `SchemaSnapshot` leaves out.
///
/// `pg_catalog`, `information_schema`, TOAST and temporary schemas and objects that belong to an
/// extension are always left out; `excludedSchemas` adds to them, and the version table (default
/// `public.alembic_version`, which Alembic never drops on a downgrade to base) is skipped too.
public struct SnapshotOptions: Sendable, Equatable {
    /// Schemas whose objects are not part of the snapshot (beyond the built-in exclusions).
    var excludedSchemas: Set<String>
    /// The Alembic version table's schema and name, or `nil` to include every table.
    var versionTable: (schema: String, name: String)?
    /// Whether cluster-wide roles are part of the snapshot (a shared server may gain roles from
    /// other users while migcheck runs).
    var includeRoles: Bool

    /// Options with nothing extra excluded except the version table `public.alembic_version`.
    init(
        excludedSchemas: Set<String> = [],
        versionTable: (schema: String, name: String)? = (schema: "public", name: "alembic_version"),
        includeRoles: Bool = true
    ) {
        self.excludedSchemas = excludedSchemas
        self.versionTable = versionTable
        self.includeRoles = includeRoles
    }

    /// The default: Alembic's `public.alembic_version` skipped, every user schema included.
    public static let standard = SnapshotOptions()

    /// Schemas Supabase manages itself (auth, storage, realtime, ...), which migrations do not own.
    static let supabaseSchemas: Set<String> = [
        "auth", "storage", "realtime", "supabase_functions", "extensions", "graphql", "graphql_public",
        "vault", "pgsodium", "pgsodium_masks", "net", "pgbouncer", "supabase_migrations", "_realtime",
        "_analytics", "cron", "pgtle", "_supavisor", "supabase_admin", "topology", "tiger", "tiger_data",
    ]

    /// The Supabase preset: `standard` plus every schema in `supabaseSchemas`.
    static let supabase = SnapshotOptions(excludedSchemas: supabaseSchemas)

    public static func == (lhs: SnapshotOptions, rhs: SnapshotOptions) -> Bool {
        lhs.excludedSchemas == rhs.excludedSchemas && lhs.includeRoles == rhs.includeRoles
            && lhs.versionTable?.schema == rhs.versionTable?.schema && lhs.versionTable?.name == rhs.versionTable?.name
    }
}
