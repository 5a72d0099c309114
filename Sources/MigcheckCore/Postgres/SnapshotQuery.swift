/// The catalog query behind `SchemaSnapshot`: one row per object attribute, OID-free.
///
/// Parameters: `$1` text[] extra excluded schemas, `$2`/`$3` the version table's schema and name
/// (NULL: exclude none), `$4` oid[] the relations to read (NULL: all), `$5` boolean whether to read
/// the objects that belong to no relation (schemas, extensions, types, functions, ...), and when it is
/// false `$6`/`$7` oid[] the types and functions to read; see `IncrementalSnapshot`, which reads
/// only what a step changed. Must run with `search_path = ''` so every deparsed definition
/// (`pg_get_viewdef`, `pg_get_indexdef`, `format_type`, ...) names its schemas. Derived from the
/// tested sketch in `shared/reference/catalog-snapshot-sketch.sql`, extended with comments, grants,
/// policies, rules, default privileges, event triggers, roles and per-database settings. Objects
/// PostgreSQL creates as internal parts of another (a range type's constructor functions and
/// multirange cast) and operator-family members are left to their owner.
/// Rows: kind, identity, attribute name (NULL for identity-only objects), attribute value, owner
/// (the OID of the relation the object belongs to; `t` and the OID of a type, `f` and the OID of a
/// function, so they can be read again one by one; NULL for the other objects of no relation), in no
/// particular order (the rows of one object are adjacent; `SchemaSnapshot` sorts). Comments are read
/// with direct `pg_description` lookups rather than `obj_description`/`col_description`, which are
/// SQL functions run once per object; sorting ~7,000 rows server-side cost more than sorting the
/// objects in Swift. Columns, the most numerous objects, skip the jsonb round trip (build an
/// object, then expand it) and yield their attribute rows directly; values render exactly as
/// `jsonb_each_text` would (booleans `true`/`false`, arrays as JSON). NULL attributes are not
/// sent at all. Prepared once per connection (`statementName`).
enum SnapshotQuery {
    /// The name of the prepared statement on a connection.
    static let statementName = "migcheck_schema_snapshot_v4"

    /// The schemas a snapshot covers (`ns`: oid, name): not the system, TOAST or temporary
    /// schemas, nor those in `$1`. Shared with ``SnapshotFingerprintQuery``.
    static let userSchemas = #"""
          SELECT n.oid, n.nspname FROM pg_namespace n
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
            AND n.nspname <> ALL ($1::text[])
        """#

    /// The relations read (`rel`): all of them (`$4` NULL), else those in `$4`, looked up by OID
    /// (one branch each, so a partial read does not scan `pg_class`). The catalogs of a relation's
    /// parts (constraints, indexes, sequences, triggers, policies, rules) are looked up per
    /// relation too (`LATERAL (… OFFSET 0)`, not flattened): the generic plan, made once per
    /// connection without knowing how many relations `$4` holds, would otherwise hash-join them
    /// whole, so a partial read cost more as the schema grew.
    static let relationColumns = """
        c.oid, c.relname, c.relkind, c.relam, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, c.reloptions, \
        c.relreplident, c.relispartition, c.relpartbound, c.relowner, c.relacl, ns.nspname
        """
    static let relationFilter = """
        NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid) \
        AND NOT coalesce(ns.nspname = $2 AND c.relname = $3, false)
        """

    /// The query for a full read (`$4` NULL): the catalogs of relation parts hash-joined whole.
    static let sql = text(partial: false)
    /// The query for a partial read (`$4` the relations to read): the catalogs of relation parts
    /// looked up per relation.
    static let partialSQL = text(partial: true)
    /// The name of the partial read's prepared statement.
    static let partialStatementName = statementName + "_partial"
    /// The partial read of relations only (`$1`–`$4`; no branch for objects of no relation, so
    /// a smaller plan to bind and start: most snapshots of a stairway read only relations).
    static let relationsSQL = text(partial: true, relationsOnly: true)
    /// The name of the relations-only read's prepared statement.
    static let relationsStatementName = statementName + "_relations"

    /// The common table expressions only the objects of no relation use (a relations-only read
    /// leaves them out, and `$5`–`$7` with them).
    private static let globalCTEs = #"""
        ), enums AS (  -- once, not one scan of pg_enum per type (the generic plan is made on a small catalog)
          SELECT e.enumtypid, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels FROM pg_enum e GROUP BY e.enumtypid
        ), types AS (  -- all of them ($5), else those in $6, looked up by OID (labels per type: a few)
          SELECT t.oid, t.typname, t.typtype, t.typbasetype, t.typtypmod, t.typnotnull, t.typdefault, t.typrelid, t.typowner,
                 t.typacl, ns.nspname, el.labels
          FROM pg_type t JOIN ns ON ns.oid = t.typnamespace LEFT JOIN enums el ON el.enumtypid = t.oid WHERE $5
          UNION ALL
          SELECT t.oid, t.typname, t.typtype, t.typbasetype, t.typtypmod, t.typnotnull, t.typdefault, t.typrelid, t.typowner,
                 t.typacl, ns.nspname,
                 (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid AND t.typtype = 'e')
          FROM (SELECT DISTINCT unnest($6::oid[])) wanted(oid) JOIN pg_type t ON t.oid = wanted.oid JOIN ns ON ns.oid = t.typnamespace
          WHERE NOT $5
        ), procs AS (  -- all of them ($5), else those in $7
          SELECT p.oid, p.prokind, p.proname, p.proowner, p.proacl, ns.nspname FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE $5
          UNION ALL
          SELECT p.oid, p.prokind, p.proname, p.proowner, p.proacl, ns.nspname
          FROM (SELECT DISTINCT unnest($7::oid[])) wanted(oid) JOIN pg_proc p ON p.oid = wanted.oid JOIN ns ON ns.oid = p.pronamespace
          WHERE NOT $5
        """#

    /// The `objects` branches for objects of no relation: all of them (`$5`) or the types (`$6`)
    /// and functions (`$7`) asked for.
    private static let globalBranches = #"""
          SELECT 'schema', quote_ident(n.nspname),
                 jsonb_build_object('owner', pg_get_userbyid(n.nspowner), 'grants', n.nspacl::text[],
                   'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = n.oid AND ds.classoid = 'pg_namespace'::regclass AND ds.objsubid = 0)), NULL::text
          FROM pg_namespace n JOIN ns USING (oid)
          WHERE $5 AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_namespace'::regclass AND ext.objid = n.oid)
          UNION ALL
          SELECT 'extension', quote_ident(e.extname),
                 jsonb_build_object('version', e.extversion, 'schema', e.extnamespace::regnamespace::text,
                   'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = e.oid AND ds.classoid = 'pg_extension'::regclass AND ds.objsubid = 0)), NULL::text
          FROM pg_extension e JOIN pg_namespace en ON en.oid = e.extnamespace
          WHERE $5 AND en.nspname <> ALL ($1::text[])
          UNION ALL
          SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
                 format('%I.%I(%s)', p.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
                 jsonb_build_object('definition', CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,
                   'result', pg_get_function_result(p.oid), 'owner', pg_get_userbyid(p.proowner), 'grants', p.proacl::text[],
                   'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = p.oid AND ds.classoid = 'pg_proc'::regclass AND ds.objsubid = 0)), 'f' || p.oid
          FROM procs p
          WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)
            AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid AND i.deptype = 'i')
          UNION ALL
          SELECT 'type', format('%I.%I', t.nspname, t.typname),
                 jsonb_build_object(
                   'kind', CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range' WHEN 'c' THEN 'composite' ELSE t.typtype::text END,
                   'labels', t.labels,
                   'base type', CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
                   'not null', CASE WHEN t.typtype = 'd' THEN t.typnotnull END,
                   'default', t.typdefault,
                   'checks', (SELECT array_agg(format('%I %s', c.conname, pg_get_constraintdef(c.oid, true)) ORDER BY c.conname)
                                FROM pg_constraint c WHERE c.contypid = t.oid),
                   'subtype', (SELECT r.rngsubtype::regtype::text FROM pg_range r WHERE r.rngtypid = t.oid),
                   'attributes', CASE WHEN t.typtype = 'c' THEN
                       (SELECT array_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
                          FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END,
                   'owner', pg_get_userbyid(t.typowner), 'grants', t.typacl::text[],
                   'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = t.oid AND ds.classoid = 'pg_type'::regclass AND ds.objsubid = 0)), 't' || t.oid
          FROM types t
          WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
            AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
          UNION ALL
          SELECT 'default privileges',
                 format('for role %I%s on %s', pg_get_userbyid(da.defaclrole),
                        CASE WHEN da.defaclnamespace = 0 THEN '' ELSE format(' in schema %I', dn.nspname) END,
                        CASE da.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                              WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE da.defaclobjtype::text END),
                 jsonb_build_object('grants', da.defaclacl::text[]), NULL::text
          FROM pg_default_acl da LEFT JOIN pg_namespace dn ON dn.oid = da.defaclnamespace
          WHERE $5 AND (da.defaclnamespace = 0 OR dn.nspname <> ALL ($1::text[]))
          UNION ALL
          SELECT 'event trigger', quote_ident(et.evtname),
                 jsonb_build_object('event', et.evtevent, 'function', et.evtfoid::regprocedure::text, 'tags', et.evttags,
                   'enabled', et.evtenabled, 'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = et.oid AND ds.classoid = 'pg_event_trigger'::regclass AND ds.objsubid = 0)), NULL::text
          FROM pg_event_trigger et
          WHERE $5 AND et.evtname NOT IN ('migcheck_probe_commands', 'migcheck_probe_drops') AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_event_trigger'::regclass AND ext.objid = et.oid)
          UNION ALL
          SELECT 'role', quote_ident(r.rolname),
                 jsonb_build_object('superuser', r.rolsuper, 'inherit', r.rolinherit, 'create role', r.rolcreaterole,
                   'create database', r.rolcreatedb, 'login', r.rolcanlogin, 'replication', r.rolreplication,
                   'bypass row security', r.rolbypassrls, 'connection limit', r.rolconnlimit,
                   'member of', (SELECT array_agg(quote_ident(g.rolname) ORDER BY g.rolname) FROM pg_auth_members m
                                   JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid)), NULL::text
          FROM pg_roles r WHERE $5 AND r.rolname NOT LIKE 'pg\_%'
          UNION ALL
          SELECT 'setting', CASE WHEN s.setrole = 0 THEN 'database' ELSE format('role %I', pg_get_userbyid(s.setrole)) END,
                 jsonb_build_object('values', s.setconfig), NULL::text
          FROM pg_db_role_setting s JOIN pg_database db ON db.oid = s.setdatabase AND db.datname = current_database()
          WHERE $5
          UNION ALL
          SELECT DISTINCT ident.type, ident.identity, NULL::jsonb, NULL::text
          FROM (SELECT d.classid, d.objid FROM pg_depend d WHERE d.objid >= 16384 AND d.deptype <> 'e'
                UNION SELECT d.refclassid, d.refobjid FROM pg_depend d WHERE d.refobjid >= 16384) o
          CROSS JOIN LATERAL pg_identify_object(o.classid, o.objid, 0) ident
          WHERE $5 AND o.classid NOT IN ('pg_class'::regclass, 'pg_attrdef'::regclass, 'pg_rewrite'::regclass, 'pg_constraint'::regclass,
                                  'pg_proc'::regclass, 'pg_trigger'::regclass, 'pg_namespace'::regclass, 'pg_extension'::regclass,
                                  'pg_policy'::regclass, 'pg_type'::regclass, 'pg_event_trigger'::regclass, 'pg_default_acl'::regclass,
                                  'pg_amop'::regclass, 'pg_amproc'::regclass)
            AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = o.classid AND ext.objid = o.objid)
            AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = o.classid AND i.objid = o.objid AND i.deptype = 'i')
            AND (ident.schema IS NULL OR (ident.schema NOT IN ('pg_catalog', 'information_schema')
                 AND ident.schema NOT LIKE 'pg\_toast%' AND ident.schema NOT LIKE 'pg\_temp\_%'
                 AND ident.schema <> ALL ($1::text[])))
        """#

    /// The query: a full read hash-joins the catalogs of relation parts whole, a partial read
    /// looks them up per relation (`LATERAL (… OFFSET 0)`, not flattened); `relationsOnly` leaves
    /// out the objects of no relation.
    private static func text(partial: Bool, relationsOnly: Bool = false) -> String {
        /// The catalog of a relation's parts joined to `rel` by `column`.
        func parts(_ catalog: String, _ alias: String, _ column: String) -> String {
            partial
                ? "rel CROSS JOIN LATERAL (SELECT * FROM \(catalog) \(alias) WHERE \(alias).\(column) = rel.oid OFFSET 0) \(alias)"
                : "\(catalog) \(alias) JOIN rel ON rel.oid = \(alias).\(column)"
        }
        /// The row of `catalog` whose OID is `key`.
        func byOID(_ catalog: String, _ alias: String, _ key: String) -> String {
            partial
                ? "CROSS JOIN LATERAL (SELECT * FROM \(catalog) \(alias) WHERE \(alias).oid = \(key) OFFSET 0) \(alias)"
                : "JOIN \(catalog) \(alias) ON \(alias).oid = \(key)"
        }
        return #"""
            WITH ns AS (
            \#(SnapshotQuery.userSchemas)
            ), ext AS (
              SELECT d.classid, d.objid FROM pg_extension x
              JOIN pg_depend d ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = x.oid AND d.deptype = 'e'
            ), rel AS (
              SELECT \#(SnapshotQuery.relationColumns) FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
              WHERE $4::oid[] IS NULL AND \#(SnapshotQuery.relationFilter)
              UNION ALL
              SELECT \#(SnapshotQuery.relationColumns) FROM (SELECT DISTINCT unnest($4::oid[])) wanted(oid)
              CROSS JOIN LATERAL (SELECT * FROM pg_class c WHERE c.oid = wanted.oid OFFSET 0) c JOIN ns ON ns.oid = c.relnamespace
              WHERE \#(SnapshotQuery.relationFilter)
            \#(relationsOnly ? "" : globalCTEs)
            ), columns AS (
              SELECT rel.oid AS owner, format('%I.%I.%I', rel.nspname, rel.relname, a.attname) AS ident,
                     row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS position,
                     format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
                     CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS "default",
                     CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
                     CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END AS "identity",
                     CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END AS "collation",
                     CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
                     CASE WHEN a.attinhcount > 0 THEN a.attinhcount END AS inherited,
                     a.attacl,
                     (SELECT ds.description FROM pg_description ds WHERE ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum) AS comment
              FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
              JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE rel.relkind IN ('r', 'p', 'v', 'm', 'f')
            ), objects(kind, ident, attrs, owner) AS (
              SELECT CASE rel.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                                      WHEN 'f' THEN 'foreign table' ELSE 'table' END,
                     format('%I.%I', rel.nspname, rel.relname),
                     jsonb_build_object('partitioned', rel.relkind = 'p',
                       'access method', (SELECT am.amname FROM pg_am am WHERE am.oid = rel.relam),
                       'persistence', CASE rel.relpersistence WHEN 'u' THEN 'unlogged' WHEN 't' THEN 'temporary' ELSE 'permanent' END,
                       'row security', rel.relrowsecurity, 'forced row security', rel.relforcerowsecurity,
                       'options', rel.reloptions, 'replica identity', rel.relreplident,
                       'partition key', CASE WHEN rel.relkind = 'p' THEN pg_get_partkeydef(rel.oid) END,
                       'partition bound', CASE WHEN rel.relispartition THEN pg_get_expr(rel.relpartbound, rel.oid) END,
                       'inherits', (SELECT array_agg(i.inhparent::regclass::text ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = rel.oid),
                       'definition', CASE WHEN rel.relkind IN ('v', 'm') THEN pg_get_viewdef(rel.oid, true) END,
                       'owner', pg_get_userbyid(rel.relowner), 'grants', rel.relacl::text[],
                       'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = rel.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0)), rel.oid::text
              FROM rel WHERE rel.relkind IN ('r', 'p', 'v', 'm', 'f')
              UNION ALL
              SELECT 'constraint', format('%I.%I.%I', rel.nspname, rel.relname, con.conname),
                     jsonb_build_object(
                       'type', CASE con.contype WHEN 'c' THEN 'check' WHEN 'f' THEN 'foreign key' WHEN 'p' THEN 'primary key'
                                                WHEN 'u' THEN 'unique' WHEN 't' THEN 'constraint trigger' WHEN 'x' THEN 'exclusion'
                                                ELSE con.contype::text END,
                       'definition', pg_get_constraintdef(con.oid, true),
                       'deferrable', con.condeferrable, 'initially deferred', con.condeferred, 'validated', con.convalidated,
                       'inherited', NOT con.conislocal, 'no inherit', con.connoinherit,
                       'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = con.oid AND ds.classoid = 'pg_constraint'::regclass AND ds.objsubid = 0)), rel.oid::text
              FROM \#(parts("pg_constraint", "con", "conrelid"))
              UNION ALL
              SELECT 'index', format('%I.%I', rel.nspname, ic.relname),
                     jsonb_build_object('table', format('%I.%I', rel.nspname, rel.relname), 'definition', pg_get_indexdef(i.indexrelid),
                       'valid', i.indisvalid, 'clustered', i.indisclustered, 'replica identity', i.indisreplident,
                       'options', ic.reloptions, 'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = i.indexrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0)), rel.oid::text
              FROM \#(parts("pg_index", "i", "indrelid")) \#(byOID("pg_class", "ic", "i.indexrelid"))
              WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conrelid = i.indrelid AND con.conindid = i.indexrelid
                                  AND con.contype IN ('p', 'u', 'x')\#(partial ? " OFFSET 0" : ""))
              UNION ALL
              SELECT 'sequence', format('%I.%I', rel.nspname, rel.relname),
                     jsonb_build_object('type', format_type(s.seqtypid, NULL), 'start', s.seqstart, 'minimum', s.seqmin,
                       'maximum', s.seqmax, 'increment', s.seqincrement, 'cycle', s.seqcycle, 'cache', s.seqcache,
                       'persistence', CASE rel.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'permanent' END,
                       'owned by', (SELECT format('%s.%I', dep.refobjid::regclass, att.attname) FROM pg_depend dep
                                      JOIN pg_attribute att ON att.attrelid = dep.refobjid AND att.attnum = dep.refobjsubid
                                     WHERE dep.classid = 'pg_class'::regclass AND dep.objid = rel.oid
                                       AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')),
                       'owner', pg_get_userbyid(rel.relowner), 'grants', rel.relacl::text[],
                       'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = rel.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0)), rel.oid::text
              FROM \#(parts("pg_sequence", "s", "seqrelid"))
              UNION ALL
              SELECT 'trigger', format('%I.%I.%I', rel.nspname, rel.relname, tg.tgname),
                     jsonb_build_object('definition', pg_get_triggerdef(tg.oid, true),
                       'enabled', CASE tg.tgenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always' END,
                       'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = tg.oid AND ds.classoid = 'pg_trigger'::regclass AND ds.objsubid = 0)), rel.oid::text
              FROM \#(parts("pg_trigger", "tg", "tgrelid"))
              WHERE NOT tg.tgisinternal AND tg.tgparentid = 0
              UNION ALL
              SELECT 'policy', format('%I.%I.%I', rel.nspname, rel.relname, pol.polname),
                     jsonb_build_object('permissive', pol.polpermissive,
                       'command', CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                       'roles', (SELECT array_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END ORDER BY 1) FROM unnest(pol.polroles) r),
                       'using', pg_get_expr(pol.polqual, pol.polrelid), 'with check', pg_get_expr(pol.polwithcheck, pol.polrelid),
                       'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = pol.oid AND ds.classoid = 'pg_policy'::regclass AND ds.objsubid = 0)), rel.oid::text
              FROM \#(parts("pg_policy", "pol", "polrelid"))
              UNION ALL
              SELECT 'rule', format('%I.%I.%I', rel.nspname, rel.relname, rw.rulename),
                     jsonb_build_object('definition', pg_get_ruledef(rw.oid, true), 'enabled', rw.ev_enabled,
                       'comment', (SELECT ds.description FROM pg_description ds WHERE ds.objoid = rw.oid AND ds.classoid = 'pg_rewrite'::regclass AND ds.objsubid = 0)), rel.oid::text
              FROM \#(parts("pg_rewrite", "rw", "ev_class"))
              WHERE rw.rulename <> '_RETURN'
            \#(relationsOnly ? "" : "  UNION ALL\n" + globalBranches)
            )
            SELECT o.kind, o.ident, a.key, a.value, o.owner
            FROM objects o LEFT JOIN LATERAL jsonb_each_text(jsonb_strip_nulls(o.attrs)) a ON true
            UNION ALL
            SELECT 'column', c.ident, v.key, v.value, c.owner::text
            FROM columns c CROSS JOIN LATERAL (VALUES
              ('position', c.position::text), ('type', c.type), ('not null', c.attnotnull::text), ('default', c."default"),
              ('generated', c.generated), ('identity', c."identity"), ('collation', c."collation"), ('storage', c.storage),
              ('inherited', c.inherited::text), ('grants', to_jsonb(c.attacl::text[])::text), ('comment', c.comment)) v(key, value)
            WHERE v.value IS NOT NULL
            """#
    }
}
