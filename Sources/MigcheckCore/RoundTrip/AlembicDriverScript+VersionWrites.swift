extension AlembicDriverScript {
    /// How the driver writes the version table: the rows Alembic writes, with less Python per step.
    ///
    /// Alembic's `HeadMaintainer._update_version` builds a new `UPDATE alembic_version SET
    /// version_num='<to>' WHERE version_num='<from>'` for every step, with the two revision ids as
    /// literal SQL, so SQLAlchemy compiles it anew every time (its statement cache keys on the
    /// literals): profiled with py-spy on a 400-revision shard, a third of the driver's Alembic time
    /// went there. The driver replaces it with one statement per migration context whose revision
    /// ids are bound parameters (compiled once), with Alembic's own row-count check and message.
    /// The replacement is installed only when Alembic's function uses exactly the names it uses in
    /// Alembic 1.4 to 1.20 (``AlembicDriverScript/versionWritesSource`` checks `co_names`), so a
    /// later Alembic that changes it keeps its own; offline (`--sql`) contexts keep Alembic's own.
    ///
    /// For an unchecked upgrade across several revisions (the base of `--changed` and `--shard`,
    /// the request says `unchecked`) the updates are written once, after the request's last step
    /// (`UPDATE … WHERE version_num = <the row before the first step>`), inside that step's
    /// transaction: the table holds exactly what Alembic would have written whenever migcheck or
    /// the next request reads it. Before an insert or delete of a row (a branch or merge point),
    /// and when anything asks Alembic for the current heads (`get_current_heads`, which migration
    /// code may call), the pending updates are written first. A step that fails leaves them
    /// unwritten; migcheck then empties the database and applies the base one revision at a time.
    static let versionWritesSource = #"""
        class VersionWrites:
            """Bound-parameter version-table updates, deferred over an unchecked upgrade (see the Swift doc comment)."""

            # The names Alembic 1.4-1.20's HeadMaintainer._update_version uses; any other shape keeps Alembic's own.
            KNOWN = frozenset(("CommandError", "_exec", "_version", "add", "as_sql", "c", "context", "dialect", "heads",
                               "impl", "literal_column", "remove", "rowcount", "supports_sane_rowcount", "update", "util",
                               "values", "version_num", "version_table", "where"))

            def install(self):
                """Wraps Alembic's head maintainer; False (nothing changed) when its shape is not the known one."""
                from alembic import util
                from alembic.runtime import migration
                from sqlalchemy import bindparam

                maintainer, context_class = migration.HeadMaintainer, migration.MigrationContext
                if frozenset(maintainer._update_version.__code__.co_names) != self.KNOWN:
                    return False
                update, insert, delete = maintainer._update_version, maintainer._insert_version, maintainer._delete_version
                to_step, current_heads = maintainer.update_to_step, context_class.get_current_heads

                def write(context, from_, to_):
                    statement = getattr(context, "_migcheck_version_update", None)
                    if statement is None:
                        table = context._version
                        statement = (table.update().values(version_num=bindparam("migcheck_to"))
                                     .where(table.c.version_num == bindparam("migcheck_from")))
                        context._migcheck_version_update = statement
                    ret = context.impl._exec(statement, params={"migcheck_to": to_, "migcheck_from": from_})
                    if context.dialect.supports_sane_rowcount and ret is not None and ret.rowcount != 1:
                        raise util.CommandError(
                            "Online migration expected to match one row when updating '%s' to '%s' in '%s'; %d found"
                            % (from_, to_, context.version_table, ret.rowcount))

                def flush(context):
                    pending = getattr(context, "_migcheck_pending", None)
                    if pending:
                        context._migcheck_pending = {}
                        for to_, from_ in pending.items():
                            if from_ != to_:
                                write(context, from_, to_)

                def update_version(self, from_, to_):
                    context = self.context
                    if context.as_sql:
                        return update(self, from_, to_)
                    assert to_ not in self.heads
                    self.heads.remove(from_)
                    self.heads.add(to_)
                    pending = getattr(context, "_migcheck_pending", None)
                    if pending is None:
                        write(context, from_, to_)
                    else:
                        pending[to_] = pending.pop(from_, from_)

                def insert_version(self, version):
                    flush(self.context)
                    return insert(self, version)

                def delete_version(self, version):
                    flush(self.context)
                    return delete(self, version)

                def update_to_step(self, step):
                    to_step(self, step)
                    context = self.context
                    if id(step) == getattr(context, "_migcheck_last", None):
                        flush(context)
                        context._migcheck_pending = context._migcheck_last = None

                def get_current_heads(self):
                    flush(self)
                    return current_heads(self)

                maintainer._update_version, maintainer._insert_version = update_version, insert_version
                maintainer._delete_version, maintainer.update_to_step = delete_version, update_to_step
                context_class.get_current_heads = get_current_heads
                return True

            @staticmethod
            def defer(plan, context):
                """Writes the version updates `context` makes for `plan` (the steps of one unchecked request) after
                its last step. The state lives on the context: a run that fails midway leaves it with its context."""
                if len(plan) > 1 and not context.as_sql:
                    context._migcheck_pending, context._migcheck_last = {}, id(plan[-1])
        """#
}
