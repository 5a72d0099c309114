/// A log of the DDL run in a scratch database, kept by two event triggers, from which
/// ``IncrementalSnapshot`` learns which relations and objects a migration step touched without
/// scanning the catalogs.
///
/// `ddl_command_end` records every object a command created or altered (`pg_event_trigger_ddl_commands()`),
/// `sql_drop` every object it dropped, with the relation a dropped constraint, trigger, policy,
/// rule, default or column belonged to (looked up while that relation still exists). The log is a
/// table in the schema `migcheck_probe`, which snapshots, sample data and the emptying of the
/// database leave alone; the triggers are `ENABLE ALWAYS` (they fire under
/// `session_replication_role = replica` too) and `SECURITY DEFINER` (they log for a migration that
/// switched to a role without rights on the log). Creating event triggers needs a superuser, so
/// the log is used on the private cluster and on servers where migcheck connects as one; it is
/// removed before the model comparison, whose autogenerate would otherwise see its table.
///
/// What event triggers do not see is checked by a fingerprint of the catalogs they cannot cover
/// (roles, role memberships, per-database settings, ownership records, event triggers, schemas):
/// `GRANT`, `REVOKE` and `ALTER DEFAULT PRIVILEGES` (logged without an object), schemas and
/// extensions make the next snapshot read everything. Direct writes to the system catalogs are
/// not seen: `--full-snapshots` reads everything every time.
enum SnapshotChangeLog {
    /// The schema that holds the log.
    static let schema = "migcheck_probe"

    /// Creates the log and its triggers; `false` (nothing created) when the connected role is not
    /// a superuser.
    static func install(_ connection: PGConnection) throws -> Bool {
        guard try connection.queryValue("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == "t" else { return false }
        try connection.execute(
            """
            BEGIN;
            CREATE SCHEMA migcheck_probe;
            CREATE TABLE migcheck_probe.changes (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, classid oid, objid oid, objsubid integer, owner oid,
              dropped boolean NOT NULL, command text, object_type text, identity text);
            CREATE FUNCTION migcheck_probe.log_commands() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
              SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
              INSERT INTO migcheck_probe.changes (classid, objid, objsubid, dropped, command, object_type, identity)
              SELECT c.classid, nullif(c.objid, 0), c.objsubid, false, c.command_tag, c.object_type, c.object_identity
              FROM pg_event_trigger_ddl_commands() c;
            END $$;
            CREATE FUNCTION migcheck_probe.log_drops() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
              SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
              INSERT INTO migcheck_probe.changes (classid, objid, objsubid, owner, dropped, object_type, identity)
              SELECT d.classid, d.objid, d.objsubid,
                     CASE WHEN d.classid = 'pg_class'::regclass AND d.objsubid <> 0 THEN d.objid
                          WHEN d.classid <> 'pg_class'::regclass AND cardinality(d.address_names) = 3
                            THEN to_regclass(format('%I.%I', d.address_names[1], d.address_names[2]))::oid END,
                     true, d.object_type, d.object_identity
              FROM pg_event_trigger_dropped_objects() d;
            END $$;
            CREATE EVENT TRIGGER migcheck_probe_commands ON ddl_command_end EXECUTE FUNCTION migcheck_probe.log_commands();
            CREATE EVENT TRIGGER migcheck_probe_drops ON sql_drop EXECUTE FUNCTION migcheck_probe.log_drops();
            ALTER EVENT TRIGGER migcheck_probe_commands ENABLE ALWAYS;
            ALTER EVENT TRIGGER migcheck_probe_drops ENABLE ALWAYS;
            COMMIT
            """)
        return true
    }

    /// Removes the log and its triggers (nothing if they are gone).
    static func remove(_ connection: PGConnection) throws {
        try connection.execute(
            """
            DROP EVENT TRIGGER IF EXISTS migcheck_probe_commands; DROP EVENT TRIGGER IF EXISTS migcheck_probe_drops;
            DROP SCHEMA IF EXISTS migcheck_probe CASCADE
            """)
    }

    /// The name of the prepared state query on a connection.
    static let stateStatement = "migcheck_probe_state"

    /// Whether the log and both triggers are still in place and enabled (a migration could drop
    /// them, `DROP OWNED` for one), and the fingerprint (`count:newest xmin`) of what they cannot see.
    static let stateSQL = #"""
        SELECT to_regclass('migcheck_probe.changes') IS NOT NULL
               AND (SELECT count(*) FROM pg_event_trigger
                    WHERE evtname IN ('migcheck_probe_commands', 'migcheck_probe_drops') AND evtenabled = 'A') = 2,
               (SELECT count(*)::text || ':' || coalesce(max(x::text::bigint), 0)::text || ':'
                  || \#(SnapshotFingerprintQuery.rolesDigest) FROM (
                  SELECT n.xmin AS x FROM pg_namespace n
                  UNION ALL SELECT m.xmin FROM pg_auth_members m
                  UNION ALL SELECT s.xmin FROM pg_db_role_setting s
                  UNION ALL SELECT e.xmin FROM pg_event_trigger e
                  UNION ALL SELECT sd.xmin FROM pg_shdepend sd JOIN pg_database db ON db.oid = sd.dbid AND db.datname = current_database()
               ) everything)
        """#

    /// The name of the prepared change query on a connection.
    static let changesStatement = "migcheck_probe_changes_v4"

    /// What the log says changed after entry `$1`. Rows (kind, value): `r` a relation to read
    /// again (touched, dropped, the owner of a touched or dropped part, or the owner of something
    /// that depends on a touched object: a foreign key or view on a renamed column, a sequence
    /// owned by a renamed table, a table with a column of a renamed type: dependents are followed
    /// for `ALTER` commands, the ones that rename); `t` and `f` the OID of a type or function to
    /// read again (touched, dropped, depending on a touched object; a composite type through its
    /// relation, a domain through its constraint); `x` the identity of a
    /// dropped index (its table is found in the previous snapshot); `p` an altered relation whose
    /// children in the previous snapshot are read again (`DETACH PARTITION` is logged on the
    /// parent and leaves the child no dependency to find it by); `g` other objects of no relation
    /// changed (or a domain constraint dropped): read them all again; `F` read everything (a
    /// command logged without an object: GRANT, REVOKE, ALTER DEFAULT PRIVILEGES; a schema or an
    /// extension); `m` the last entry. The statement runs with
    /// a generic plan made on the first capture, when the catalogs are small: dependents and
    /// relation kinds are looked up per logged object (`LATERAL`, scalar subqueries), so the plan
    /// uses the catalogs' keys instead of scanning `pg_depend` and `pg_class` as they grow.
    static let changesSQL = #"""
        WITH log AS (
          SELECT * FROM migcheck_probe.changes WHERE id > $1::bigint
        ), live AS (
          SELECT l.classid, l.objid, bool_or(l.command LIKE 'ALTER %') AS altered FROM log l
          WHERE NOT l.dropped AND l.classid IS NOT NULL AND l.objid IS NOT NULL GROUP BY l.classid, l.objid
        ), objects(classid, objid) AS (
          SELECT l.classid, l.objid FROM live l
          UNION SELECT d.classid, d.objid FROM live l CROSS JOIN LATERAL (
            SELECT d.classid, d.objid FROM pg_depend d WHERE d.refclassid = l.classid AND d.refobjid = l.objid
              AND (d.deptype <> 'i' OR d.classid = 'pg_class'::regclass) OFFSET 0) d  -- OFFSET 0: not flattened into a hash join
            WHERE l.altered
        ), owners(classid, objid, owner, domain) AS (  -- domain: the type a domain's constraint belongs to
          SELECT o.classid, o.objid, CASE o.classid
                   WHEN 'pg_class'::regclass THEN coalesce((SELECT i.indrelid FROM pg_index i WHERE i.indexrelid = o.objid), o.objid)
                   WHEN 'pg_attrdef'::regclass THEN (SELECT a.adrelid FROM pg_attrdef a WHERE a.oid = o.objid)
                   WHEN 'pg_constraint'::regclass THEN (SELECT nullif(c.conrelid, 0) FROM pg_constraint c WHERE c.oid = o.objid)
                   WHEN 'pg_trigger'::regclass THEN (SELECT t.tgrelid FROM pg_trigger t WHERE t.oid = o.objid)
                   WHEN 'pg_policy'::regclass THEN (SELECT p.polrelid FROM pg_policy p WHERE p.oid = o.objid)
                   WHEN 'pg_rewrite'::regclass THEN (SELECT r.ev_class FROM pg_rewrite r WHERE r.oid = o.objid)
                 END,
                 CASE WHEN o.classid = 'pg_constraint'::regclass
                   THEN (SELECT nullif(c.contypid, 0) FROM pg_constraint c WHERE c.oid = o.objid) END
          FROM objects o
        ), singles(kind, oid) AS (  -- types and functions, read one by one
          SELECT 't', o.objid FROM owners o WHERE o.classid = 'pg_type'::regclass
          UNION SELECT 'f', o.objid FROM owners o WHERE o.classid = 'pg_proc'::regclass
          UNION SELECT 't', (SELECT c.reltype FROM pg_class c WHERE c.oid = o.owner AND c.relkind = 'c')
            FROM owners o WHERE o.classid = 'pg_class'::regclass
          UNION SELECT 't', o.domain FROM owners o
          UNION SELECT CASE l.classid WHEN 'pg_type'::regclass THEN 't' ELSE 'f' END, l.objid FROM log l
            WHERE l.dropped AND l.classid IN ('pg_type'::regclass, 'pg_proc'::regclass)
        )
        SELECT 'r', owner::text FROM owners WHERE owner IS NOT NULL
        UNION SELECT 'r', coalesce(l.owner, l.objid)::text FROM log l
          WHERE l.dropped AND (l.owner IS NOT NULL OR l.classid = 'pg_class'::regclass)
        UNION SELECT 'x', l.identity FROM log l WHERE l.dropped AND l.object_type = 'index'
        UNION SELECT 'p', l.objid::text FROM live l WHERE l.altered AND l.classid = 'pg_class'::regclass
        UNION SELECT kind, oid::text FROM singles WHERE oid IS NOT NULL
        UNION SELECT 'g', '' WHERE EXISTS (
            SELECT 1 FROM owners o
            WHERE o.owner IS NULL AND o.domain IS NULL AND o.classid NOT IN ('pg_type'::regclass, 'pg_proc'::regclass))
          OR EXISTS (SELECT 1 FROM log l WHERE l.dropped AND l.owner IS NULL
                       AND l.classid NOT IN ('pg_class'::regclass, 'pg_type'::regclass, 'pg_proc'::regclass))
        UNION SELECT 'F', '' WHERE EXISTS (
          SELECT 1 FROM log l WHERE l.classid IS NULL OR l.objid IS NULL
            OR l.classid IN ('pg_namespace'::regclass, 'pg_extension'::regclass, 'pg_default_acl'::regclass))
        UNION SELECT 'm', max(l.id)::text FROM log l HAVING count(*) > 0
        """#
}
