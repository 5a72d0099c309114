/// The query behind `IncrementalSnapshot`: what changed in the catalogs since the last snapshot,
/// without deparsing anything.
///
/// Every catalog row carries `xmin`, the transaction that wrote it; an insert or update writes a
/// row whose `xmin` is newer than every row that existed before, a delete makes a row disappear.
/// So for a set of catalog rows, (number of rows, newest `xmin`) changes whenever any of them is
/// added, changed or removed, as long as transaction ids do not wrap around in between (checked:
/// the epoch of the horizon must not change). Parameters are `SnapshotQuery`'s `$1`–`$3` and `$4`
/// bigint, the horizon of the previous snapshot (the 32-bit transaction id below which every
/// transaction had ended; NULL for the first). Rows (kind, key, value):
///
/// - `r`, relation OID, `count:newest` over the rows that make up what the snapshot shows of that
///   relation: its `pg_class` row, columns, defaults, constraints, indexes (and their `pg_class`
///   rows), triggers, policies, rules, sequence parameters, parents, comments, and its own
///   dependency rows;
/// - `g`, `count:newest` over everything that belongs to no relation (extensions, user types,
///   enum labels, domains' checks, ranges, functions, default privileges, event triggers,
///   per-database settings, comments on those, the dependency rows behind the generic object list
///   and the catalogs of the objects it names);
/// - `f`, `count:newest` over schemas and role memberships and a digest of `pg_roles` (`pg_authid`
///   is readable only by superusers): their names appear in almost every definition, so a change
///   there means reading everything again;
/// - `d`, relation OID or `""`: something that relation's objects (or, `""`, an object of no
///   relation) depend on was written since the horizon (a renamed column of a referenced table, a
///   renamed type or function): its deparsed text may have changed although its own rows did not;
/// - `h`, the new horizon as `xid8` (epoch and id).
enum SnapshotFingerprintQuery {
    /// The name of the prepared statement on a connection.
    static let statementName = "migcheck_snapshot_fingerprint"

    /// A digest of every role as `pg_roles` shows it (`pg_authid`, whose row versions would do,
    /// is readable only by superusers). Shared with ``SnapshotChangeLog/stateSQL``.
    static let rolesDigest = "(SELECT md5(string_agg(r::text, ',' ORDER BY r.oid)) FROM pg_roles r)"

    static let sql = #"""
        WITH ns AS (
        \#(SnapshotQuery.userSchemas)
        ), rel AS MATERIALIZED (
          SELECT c.oid, c.xmin AS x FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
            AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
            AND NOT coalesce(ns.nspname = $2 AND c.relname = $3, false)
        ), owned(classid, objid, relid, x) AS MATERIALIZED (
          SELECT 'pg_class'::regclass::oid, rel.oid, rel.oid, rel.x FROM rel
          UNION ALL SELECT 'pg_class'::regclass, i.indexrelid, i.indrelid, ic.xmin
            FROM pg_index i JOIN rel ON rel.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
          UNION ALL SELECT 'pg_attrdef'::regclass, d.oid, d.adrelid, d.xmin FROM pg_attrdef d JOIN rel ON rel.oid = d.adrelid
          UNION ALL SELECT 'pg_constraint'::regclass, con.oid, con.conrelid, con.xmin FROM pg_constraint con JOIN rel ON rel.oid = con.conrelid
          UNION ALL SELECT 'pg_trigger'::regclass, tg.oid, tg.tgrelid, tg.xmin FROM pg_trigger tg JOIN rel ON rel.oid = tg.tgrelid
          UNION ALL SELECT 'pg_policy'::regclass, pol.oid, pol.polrelid, pol.xmin FROM pg_policy pol JOIN rel ON rel.oid = pol.polrelid
          UNION ALL SELECT 'pg_rewrite'::regclass, rw.oid, rw.ev_class, rw.xmin FROM pg_rewrite rw JOIN rel ON rel.oid = rw.ev_class
        ), versions(relid, x) AS (
          SELECT o.relid, o.x FROM owned o
          UNION ALL SELECT i.indrelid, i.xmin FROM pg_index i JOIN rel ON rel.oid = i.indrelid
          UNION ALL SELECT a.attrelid, a.xmin FROM pg_attribute a JOIN rel ON rel.oid = a.attrelid WHERE a.attrelid >= 16384
          UNION ALL SELECT s.seqrelid, s.xmin FROM pg_sequence s JOIN rel ON rel.oid = s.seqrelid
          UNION ALL SELECT h.inhrelid, h.xmin FROM pg_inherits h JOIN rel ON rel.oid = h.inhrelid
          UNION ALL SELECT o.relid, ds.xmin FROM pg_description ds JOIN owned o ON o.classid = ds.classoid AND o.objid = ds.objoid
            WHERE ds.objoid >= 16384
          UNION ALL SELECT o.relid, d.xmin FROM pg_depend d JOIN owned o ON o.classid = d.classid AND o.objid = d.objid
            WHERE d.objid >= 16384
        ), touched(classid, oid) AS (
          SELECT 'pg_class'::regclass::oid, c.oid FROM pg_class c
            WHERE $4::bigint IS NOT NULL AND c.oid >= 16384 AND (c.xmin::text::bigint - $4 + 4294967296) % 4294967296 < 2147483648
          UNION SELECT 'pg_class'::regclass, a.attrelid FROM pg_attribute a
            WHERE $4::bigint IS NOT NULL AND a.attrelid >= 16384 AND (a.xmin::text::bigint - $4 + 4294967296) % 4294967296 < 2147483648
          UNION SELECT 'pg_type'::regclass, t.oid FROM pg_type t
            WHERE $4::bigint IS NOT NULL AND t.oid >= 16384 AND (t.xmin::text::bigint - $4 + 4294967296) % 4294967296 < 2147483648
          UNION SELECT 'pg_proc'::regclass, p.oid FROM pg_proc p
            WHERE $4::bigint IS NOT NULL AND p.oid >= 16384 AND (p.xmin::text::bigint - $4 + 4294967296) % 4294967296 < 2147483648
          UNION SELECT 'pg_collation'::regclass, l.oid FROM pg_collation l
            WHERE $4::bigint IS NOT NULL AND l.oid >= 16384 AND (l.xmin::text::bigint - $4 + 4294967296) % 4294967296 < 2147483648
        ), global(x) AS (
          SELECT e.xmin FROM pg_extension e
          UNION ALL SELECT p.xmin FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.oid >= 16384
          UNION ALL SELECT t.xmin FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
            WHERE t.oid >= 16384 AND (t.typtype IN ('e', 'd', 'r', 'm')
                  OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
          UNION ALL SELECT en.xmin FROM pg_enum en
          UNION ALL SELECT r.xmin FROM pg_range r WHERE r.rngtypid >= 16384
          UNION ALL SELECT con.xmin FROM pg_constraint con WHERE con.contypid <> 0
          UNION ALL SELECT a.xmin FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'c' WHERE a.attrelid >= 16384
          UNION ALL SELECT c.xmin FROM pg_class c WHERE c.relkind = 'c' AND c.oid >= 16384
          UNION ALL SELECT da.xmin FROM pg_default_acl da
          UNION ALL SELECT et.xmin FROM pg_event_trigger et
          UNION ALL SELECT s.xmin FROM pg_db_role_setting s
          UNION ALL SELECT ds.xmin FROM pg_description ds WHERE ds.objoid >= 16384
            AND ds.classoid NOT IN ('pg_class'::regclass, 'pg_constraint'::regclass, 'pg_trigger'::regclass, 'pg_policy'::regclass,
                                    'pg_rewrite'::regclass)
          UNION ALL SELECT d.xmin FROM pg_depend d
            WHERE (d.objid >= 16384 AND d.classid NOT IN ('pg_class'::regclass, 'pg_attrdef'::regclass, 'pg_rewrite'::regclass,
                     'pg_constraint'::regclass, 'pg_proc'::regclass, 'pg_trigger'::regclass, 'pg_namespace'::regclass,
                     'pg_extension'::regclass, 'pg_policy'::regclass, 'pg_type'::regclass, 'pg_event_trigger'::regclass,
                     'pg_default_acl'::regclass, 'pg_amop'::regclass, 'pg_amproc'::regclass))
               OR (d.refobjid >= 16384 AND d.refclassid NOT IN ('pg_class'::regclass, 'pg_attrdef'::regclass, 'pg_rewrite'::regclass,
                     'pg_constraint'::regclass, 'pg_proc'::regclass, 'pg_trigger'::regclass, 'pg_namespace'::regclass,
                     'pg_extension'::regclass, 'pg_policy'::regclass, 'pg_type'::regclass, 'pg_event_trigger'::regclass,
                     'pg_default_acl'::regclass, 'pg_amop'::regclass, 'pg_amproc'::regclass))
          UNION ALL SELECT x.xmin FROM pg_collation x WHERE x.oid >= 16384
          UNION ALL SELECT x.xmin FROM pg_operator x WHERE x.oid >= 16384
          UNION ALL SELECT x.xmin FROM pg_opclass x WHERE x.oid >= 16384
          UNION ALL SELECT x.xmin FROM pg_opfamily x WHERE x.oid >= 16384
          UNION ALL SELECT x.xmin FROM pg_cast x WHERE x.oid >= 16384
          UNION ALL SELECT x.xmin FROM pg_conversion x WHERE x.oid >= 16384
          UNION ALL SELECT x.xmin FROM pg_language x WHERE x.oid >= 16384
          UNION ALL SELECT x.xmin FROM pg_ts_config x WHERE x.oid >= 16384
          UNION ALL SELECT x.xmin FROM pg_ts_dict x WHERE x.oid >= 16384
          UNION ALL SELECT x.xmin FROM pg_statistic_ext x
          UNION ALL SELECT x.xmin FROM pg_foreign_data_wrapper x
          UNION ALL SELECT x.xmin FROM pg_foreign_server x
          UNION ALL SELECT x.xmin FROM pg_publication x
          UNION ALL SELECT x.xmin FROM pg_publication_rel x
          UNION ALL SELECT x.xmin FROM pg_transform x
        ), everything(x) AS (
          SELECT n.xmin FROM pg_namespace n
          UNION ALL SELECT m.xmin FROM pg_auth_members m
        )
        SELECT 'r', relid::text, count(*)::text || ':' || max(x::text::bigint)::text FROM versions GROUP BY relid
        UNION ALL SELECT 'g', '', count(*)::text || ':' || coalesce(max(x::text::bigint), 0)::text FROM global
        UNION ALL SELECT 'f', '', count(*)::text || ':' || coalesce(max(x::text::bigint), 0)::text || ':'
            || \#(rolesDigest) FROM everything
        UNION ALL SELECT DISTINCT 'd', coalesce(o.relid::text, ''), NULL
          FROM touched t JOIN pg_depend d ON d.refclassid = t.classid AND d.refobjid = t.oid
          LEFT JOIN owned o ON o.classid = d.classid AND o.objid = d.objid
          WHERE o.relid IS NOT NULL OR (d.deptype <> 'i' AND d.classid <> 'pg_class'::regclass)
        UNION ALL SELECT 'h', pg_snapshot_xmin(pg_current_snapshot())::text, NULL
        """#
}
