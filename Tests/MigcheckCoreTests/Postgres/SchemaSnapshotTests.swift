import Foundation
import MigcheckCore
import Testing

/// Snapshots and differences on a real server: build a schema, "upgrade", "downgrade" badly, and
/// check that exactly the damage is reported. Serialized because roles are cluster-wide.
@Suite(.sharedCluster, .serialized) struct SchemaSnapshotTests {
    /// Runs `setup`, snapshots, runs `upgrade` then `downgrade`, snapshots again, and returns the
    /// differences as sentences.
    func leftovers(setup: String = "", upgrade: String, downgrade: String = "", options: SnapshotOptions = .standard) throws -> [String] {
        let database = try SharedCluster.freshDatabase()
        defer { database.dispose() }
        let connection = try database.connect()
        if !setup.isEmpty { try connection.execute(setup) }
        let before = try SchemaSnapshot.capture(connection, options: options)
        try connection.execute(upgrade)
        if !downgrade.isEmpty { try connection.execute(downgrade) }
        let after = try SchemaSnapshot.capture(connection, options: options)
        return after.differences(from: before).map(\.description)
    }

    @Test func cleanRoundTripHasNoDifferences() throws {
        let found = try leftovers(
            setup: "CREATE TABLE users (id serial PRIMARY KEY, email text)",
            upgrade: "CREATE TYPE mood AS ENUM ('sad', 'happy'); ALTER TABLE users ADD COLUMN mood mood; CREATE INDEX ix_users_mood ON users (mood)",
            downgrade: "DROP INDEX ix_users_mood; ALTER TABLE users DROP COLUMN mood; DROP TYPE mood"
        )
        #expect(found == [])
    }

    @Test func enumLeftBehind() throws {
        let found = try leftovers(
            setup: "CREATE TABLE users (id int)",
            upgrade: "CREATE TYPE mood AS ENUM ('sad', 'happy'); ALTER TABLE users ADD COLUMN mood mood",
            downgrade: "ALTER TABLE users DROP COLUMN mood"
        )
        #expect(found == ["type public.mood is left behind"])
    }

    @Test func enumLabelsChanged() throws {
        let found = try leftovers(
            setup: "CREATE TYPE mood AS ENUM ('sad', 'happy')",
            upgrade: "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'happy'"
        )
        #expect(found == [#"type public.mood: labels changed from ["sad", "happy"] to ["sad", "meh", "happy"]"#])
    }

    @Test func sequenceLeftBehind() throws {
        let found = try leftovers(
            upgrade: "CREATE SEQUENCE order_no START 1000; CREATE TABLE orders (no int DEFAULT nextval('order_no'))",
            downgrade: "DROP TABLE orders"
        )
        #expect(found == ["sequence public.order_no is left behind"])
    }

    @Test func columnNotDropped() throws {
        let found = try leftovers(setup: "CREATE TABLE users (id int)", upgrade: "ALTER TABLE users ADD COLUMN email text")
        #expect(found == ["column public.users.email is left behind"])
    }

    @Test func columnReaddedInAnotherPosition() throws {
        let found = try leftovers(
            setup: "CREATE TABLE users (id int, email text NOT NULL, name text)",
            upgrade: "ALTER TABLE users DROP COLUMN email",
            downgrade: "ALTER TABLE users ADD COLUMN email text"
        )
        #expect(found == [
            "column public.users.email: became nullable",
            "column public.users.email: position changed from 2 to 3",
            "column public.users.name: position changed from 3 to 2",
        ])
    }

    @Test func columnTypeAndDefaultChanged() throws {
        let found = try leftovers(
            setup: "CREATE TABLE users (id int, name varchar(40) DEFAULT 'x')",
            upgrade: "ALTER TABLE users ALTER COLUMN name TYPE varchar(80), ALTER COLUMN name DROP DEFAULT"
        )
        #expect(found == [
            "column public.users.name: default changed from 'x'::character varying to none",
            "column public.users.name: type changed from character varying(40) to character varying(80)",
        ])
    }

    @Test func indexLeftBehindMissingAndChanged() throws {
        let setup = "CREATE TABLE users (id int, name text); CREATE INDEX ix_users_id ON users (id)"
        #expect(try leftovers(setup: setup, upgrade: "CREATE INDEX ix_users_name ON users (name)")
            == ["index public.ix_users_name is left behind"])
        #expect(try leftovers(setup: setup, upgrade: "DROP INDEX ix_users_id")
            == ["index public.ix_users_id is missing"])
        #expect(try leftovers(setup: setup, upgrade: "DROP INDEX ix_users_id", downgrade: "CREATE UNIQUE INDEX ix_users_id ON users (id)")
            == ["index public.ix_users_id: definition changed from CREATE INDEX ix_users_id ON public.users USING btree (id) to CREATE UNIQUE INDEX ix_users_id ON public.users USING btree (id)"])
    }

    @Test func constraintChangedAndLeftBehind() throws {
        let found = try leftovers(
            setup: "CREATE TABLE users (id int CONSTRAINT ck_users_id CHECK (id > 0))",
            upgrade: "ALTER TABLE users DROP CONSTRAINT ck_users_id; ALTER TABLE users ADD CONSTRAINT uq_users_id UNIQUE (id)",
            downgrade: "ALTER TABLE users ADD CONSTRAINT ck_users_id CHECK (id >= 0)"
        )
        #expect(found == [
            "constraint public.users.ck_users_id: definition changed from CHECK (id > 0) to CHECK (id >= 0)",
            "constraint public.users.uq_users_id is left behind",
        ])
    }

    @Test func viewDefinitionChanged() throws {
        let found = try leftovers(
            setup: "CREATE TABLE users (id int, active bool); CREATE VIEW active_users AS SELECT id FROM users WHERE active",
            upgrade: "CREATE OR REPLACE VIEW active_users AS SELECT id FROM users WHERE active AND id > 0"
        )
        #expect(found == ["view public.active_users: definition changed"])
    }

    @Test func functionAndTriggerLeftBehind() throws {
        let found = try leftovers(
            setup: "CREATE TABLE users (id int, updated timestamptz)",
            upgrade: """
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated := now(); RETURN NEW; END$$;
                CREATE TRIGGER trg_users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
                CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 1';
                """,
            downgrade: "DROP FUNCTION add_one(integer)"
        )
        #expect(found == ["function public.touch() is left behind", "trigger public.users.trg_users_touch is left behind"])
    }

    @Test func functionBodyChanged() throws {
        let found = try leftovers(
            setup: "CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42'",
            upgrade: "CREATE OR REPLACE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 43'"
        )
        #expect(found == ["function public.answer(): definition changed"])
    }

    @Test func grantLeftBehind() throws {
        let found = try leftovers(
            setup: "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'snapshot_reader') THEN CREATE ROLE snapshot_reader; END IF; END$$; CREATE TABLE users (id int)",
            upgrade: "GRANT SELECT ON users TO snapshot_reader; GRANT USAGE ON SCHEMA public TO snapshot_reader"
        )
        #expect(found == [
            "schema public: grants changed: added snapshot_reader=U/pg_database_owner",
            "table public.users: grants changed: added postgres=arwdDxt/postgres, snapshot_reader=r/postgres",
        ])
    }

    @Test func roleLeftBehind() throws {
        let found = try leftovers(upgrade: "CREATE ROLE snapshot_leftover_role", downgrade: "")
        try SharedCluster.cluster().connect().execute("DROP ROLE snapshot_leftover_role")
        #expect(found == ["role snapshot_leftover_role is left behind"])
    }

    @Test func commentChanged() throws {
        let found = try leftovers(
            setup: "CREATE TABLE users (id int); COMMENT ON TABLE users IS 'people'; COMMENT ON COLUMN users.id IS 'key'",
            upgrade: "COMMENT ON TABLE users IS 'customers'; COMMENT ON COLUMN users.id IS NULL"
        )
        #expect(found == [
            "table public.users: comment changed from people to customers",
            "column public.users.id: comment changed from key to none",
        ])
    }

    @Test func droppedTableIsReportedOnceNotPerColumn() throws {
        let found = try leftovers(
            upgrade: """
                CREATE TABLE orders (id serial PRIMARY KEY, code text UNIQUE, total int CHECK (total >= 0));
                CREATE INDEX ix_orders_total ON orders (total);
                """
        )
        #expect(found == ["table public.orders is left behind"])
    }

    @Test func otherObjectKindsLeftBehind() throws {
        let found = try leftovers(
            setup: "CREATE TABLE users (id int, owner name)",
            upgrade: """
                CREATE SCHEMA billing;
                CREATE DOMAIN positive AS int CHECK (VALUE > 0);
                CREATE TYPE pair AS (a int, b text);
                CREATE TYPE floatrange AS RANGE (subtype = float8);
                CREATE MATERIALIZED VIEW user_ids AS SELECT id FROM users;
                ALTER TABLE users ENABLE ROW LEVEL SECURITY;
                CREATE POLICY own_rows ON users USING (owner = current_user);
                CREATE RULE no_delete AS ON DELETE TO users DO INSTEAD NOTHING;
                CREATE PROCEDURE noop() LANGUAGE sql AS '';
                CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
                CREATE EXTENSION citext;
                """
        )
        #expect(found == [
            "schema billing is left behind",
            "extension citext is left behind",
            "type public.floatrange is left behind",
            "type public.pair is left behind",
            "type public.positive is left behind",
            "table public.users: row security changed from false to true",
            "materialized view public.user_ids is left behind",
            "procedure public.noop() is left behind",
            "rule public.users.no_delete is left behind",
            "policy public.users.own_rows is left behind",
            "collation public.ci is left behind",
        ])
    }

    @Test func identicalSchemasBuiltInDifferentOrdersAreEqual() throws {
        let first = try SharedCluster.freshDatabase()
        defer { first.dispose() }
        let second = try SharedCluster.freshDatabase()
        defer { second.dispose() }
        let a = try first.connect()
        let b = try second.connect()
        try a.execute("""
            CREATE TYPE mood AS ENUM ('sad', 'happy');
            CREATE TABLE users (id serial PRIMARY KEY, email text, mood mood);
            CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users (id));
            CREATE INDEX ix_posts_user ON posts (user_id);
            """)
        try b.execute("""
            CREATE TABLE posts (id int PRIMARY KEY, junk int, user_id int);
            ALTER TABLE posts DROP COLUMN junk;
            CREATE INDEX ix_posts_user ON posts (user_id);
            CREATE TYPE mood AS ENUM ('happy');
            ALTER TYPE mood ADD VALUE 'sad' BEFORE 'happy';
            CREATE TABLE users (id serial PRIMARY KEY, email text, mood mood);
            ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
            """)
        let snapshotA = try SchemaSnapshot.capture(a)
        let snapshotB = try SchemaSnapshot.capture(b)
        #expect(snapshotA.differences(from: snapshotB).map(\.description) == [])
        #expect(snapshotA == snapshotB)
        #expect(snapshotA["column", "public.posts.user_id"]?.attributes["position"] == "2")
    }

    @Test func versionTableIsExcludedButOtherTablesAreNot() throws {
        let database = try SharedCluster.freshDatabase()
        defer { database.dispose() }
        let connection = try database.connect()
        try connection.execute("""
            CREATE TABLE alembic_version (version_num varchar(32) NOT NULL CONSTRAINT alembic_version_pkc PRIMARY KEY);
            CREATE SCHEMA meta; CREATE TABLE meta.versions (v text PRIMARY KEY);
            """)
        let standard = try SchemaSnapshot.capture(connection)
        #expect(!standard.objects.contains { $0.identity.contains("alembic_version") })
        #expect(standard["table", "meta.versions"] != nil)
        let custom = try SchemaSnapshot.capture(connection, options: SnapshotOptions(versionTable: (schema: "meta", name: "versions")))
        #expect(custom["table", "public.alembic_version"] != nil)
        #expect(!custom.objects.contains { $0.identity.hasPrefix("meta.versions") })
    }

    @Test func supabasePresetLeavesPlatformSchemasOut() throws {
        let database = try SharedCluster.freshDatabase()
        defer { database.dispose() }
        let connection = try database.connect()
        try connection.execute("CREATE SCHEMA auth; CREATE TABLE auth.users (id uuid); CREATE SCHEMA storage; CREATE TYPE storage.kind AS ENUM ('a'); CREATE TABLE public.profiles (id uuid)")
        let standard = try SchemaSnapshot.capture(connection)
        #expect(standard["table", "auth.users"] != nil)
        #expect(standard["type", "storage.kind"] != nil)
        let supabase = try SchemaSnapshot.capture(connection, options: .supabase)
        #expect(!supabase.objects.contains { $0.identity.hasPrefix("auth") || $0.identity.hasPrefix("storage") })
        #expect(supabase["table", "public.profiles"] != nil)
    }

    @Test func snapshotLeavesTheConnectionAsItWas() throws {
        let database = try SharedCluster.freshDatabase()
        defer { database.dispose() }
        let connection = try database.connect()
        let searchPath = try connection.queryValue("SHOW search_path")
        _ = try SchemaSnapshot.capture(connection)
        #expect(try connection.queryValue("SHOW search_path") == searchPath)
        #expect(connection.isIdle)
        try connection.execute("BEGIN")
        #expect(throws: PostgresError.self) { try SchemaSnapshot.capture(connection) }
        try connection.execute("ROLLBACK")
    }
}
