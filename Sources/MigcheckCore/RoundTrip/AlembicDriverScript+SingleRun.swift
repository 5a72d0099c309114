extension AlembicDriverScript {
    /// The driver's single-run mode: one env.py run serves a whole series of upgrade and
    /// downgrade requests (one engine, one connection, one dialect initialisation).
    ///
    /// Alembic's `MigrationContext.run_migrations` iterates whatever the `fn(heads, context)`
    /// callback returns and wraps each `MigrationStep` in `begin_transaction(_per_migration=True)`,
    /// then records it through `HeadMaintainer.update_to_step` (upgrade and downgrade alike). The
    /// callback here is a generator: it yields the step of one request, and when Alembic asks for
    /// the next step (the previous one is done), it answers migcheck and reads the next request.
    ///
    /// migcheck snapshots the schema on its own libpq connection, so each step must be committed
    /// before the answer: `EnvironmentContext.configure` is wrapped to force
    /// `transaction_per_migration=True` (env.py's own `with context.begin_transaction():` then
    /// opens no transaction of its own; each step is one transaction, as it is per step). The
    /// run ends, and the next request starts a new run (or is served per step), when:
    /// - a request is not one step (an upgrade across several revisions runs per step, in one
    ///   transaction, exactly as in per-step mode);
    /// - the version table is not what Alembic's head maintainer holds (migcheck restored or
    ///   emptied the database between steps), or a session setting changed (`SET` in a
    ///   migration), so later steps start from what env.py sets up;
    /// - a step raised (its transaction is rolled back: the database is at the last good state);
    /// - a step left the connection inside a transaction (env.py began one of its own, e.g.
    ///   `engine.begin()`): that step is answered after env.py ends and commits, and every later
    ///   request is served per step;
    /// - a request that is no step (drift, imports, end, quit) arrives.
    /// The first step request is served per step, counting `run_migrations()` calls: env.py that
    /// calls it more than once per invocation (the multidb template) keeps per-step mode.
    static let singleRunSource = #"""
        class Requests:
            """The request stream on stdin, with one request that can be put back."""

            def __init__(self):
                self.pending = None

            def next(self):
                if self.pending is not None:
                    request, self.pending = self.pending, None
                    return request
                for line in iter(sys.stdin.readline, ""):
                    if line.strip():
                        return json.loads(line)
                return None

            def put_back(self, request):
                self.pending = request


        STEP_OPS = ("upgrade", "downgrade")


        def session_settings(connection):
            """The settings a `SET` changed on this connection (a later step must not inherit them)."""
            from sqlalchemy import text

            return connection.execute(text("SELECT name, setting FROM pg_settings WHERE source = 'session'")).fetchall()


        def may_set(statement):
            """Whether a statement a step ran could change a session setting (`SET`, `RESET`, `set_config()`, or
            code that could run them: `DO`, `CALL`, a `SELECT` of a function); only then are the settings read
            again (reading `pg_settings` costs about a millisecond). `ALTER ... SET` and `UPDATE ... SET` do not."""
            text = statement.lstrip().lower()
            return text.startswith(("set", "reset", "do", "call", "select", "with", "discard")) or "set_config" in text


        def version_table_holds(request, context, heads):
            """Whether the version table holds `heads` (Alembic's head maintainer): migcheck sends the rows it
            read when nothing has written since (`versions`); when they are not sent or differ, the table is read."""
            versions = request.get("versions")
            if versions is not None and set(versions) == heads:
                return True
            return set(context.get_current_heads()) == heads


        class SingleRun:
            """Serves step requests inside one env.py run (see the Swift doc comment for when a run ends)."""

            def __init__(self, config, script, steps_for, enabled, environment_class):
                self.config, self.script, self.steps_for = config, script, steps_for
                self.environment_class = environment_class
                self.usable = enabled
                self.probed = False  # whether a step request was served per step, counting run_migrations() calls
                self.runs = 0

            def run(self, first, requests, started):
                """One env.py run serving `first` and the step requests after it; answers each."""
                self.runs += 1
                state = dict(request=first, started=started, calls=0, heads=None, answered=False, deferred=False)

                def record(ctx, step, heads, run_args):
                    state["heads"] = set(heads)

                def steps(heads, context):
                    state["calls"] += 1
                    if state["calls"] > 1:  # env.py ran migrations again: keep per-step mode from now on
                        self.usable = False
                        return
                    state["heads"] = set(heads)
                    request, current, baseline = first, set(heads), None
                    watched = dict(may_set=False)

                    def watch(conn, cursor, statement, parameters, context_, executemany):
                        if not watched["may_set"] and may_set(statement):
                            watched["may_set"] = True

                    from sqlalchemy import event
                    event.listen(context.connection, "before_cursor_execute", watch)
                    while True:
                        step_may_set = watched["may_set"]
                        if baseline is None:
                            baseline = session_settings(context.connection)
                        elif (not version_table_holds(request, context, state["heads"])
                              or (step_may_set and session_settings(context.connection) != baseline)):
                            requests.put_back(request)
                            return
                        else:
                            current = state["heads"]
                        plan = self.steps_for(request, current)
                        if len(plan) != 1:
                            requests.put_back(dict(request, per_step=True))
                            return
                        state["request"], state["answered"] = request, False
                        watched["may_set"] = False
                        for step in plan:
                            yield step
                        if context.connection.in_transaction():
                            self.usable, state["deferred"] = False, True
                            return
                        sys.stderr.flush()
                        reply(ok=True, seconds=time.monotonic() - state["started"], runs=self.runs)
                        state["answered"] = True
                        request = requests.next()
                        if request is None or request.get("op") not in STEP_OPS or request.get("per_step"):
                            if request is not None:
                                requests.put_back(request)
                            return
                        state["started"] = time.monotonic()

                environment = self.environment_class(self.config, self.script, fn=steps, as_sql=False, starting_rev=None,
                                                     destination_rev=first.get("revision"), tag=None)
                configure = environment.configure

                def configure_per_migration(*args, **kw):
                    kw["transaction_per_migration"] = True
                    callbacks = kw.get("on_version_apply") or ()
                    callbacks = list(callbacks) if isinstance(callbacks, (list, tuple)) else [callbacks]
                    kw["on_version_apply"] = callbacks + [record]
                    return configure(*args, **kw)

                environment.configure = configure_per_migration
                try:
                    with environment:
                        self.script.run_env()
                except BaseException as exc:  # noqa: BLE001 - reported to migcheck
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    if not state["answered"]:
                        sys.stderr.flush()
                        reply(seconds=time.monotonic() - state["started"], runs=self.runs, **failure(exc))
                    return
                if state["deferred"]:
                    sys.stderr.flush()
                    reply(ok=True, seconds=time.monotonic() - state["started"], runs=self.runs)
                elif not state["answered"] and state["calls"] == 0:
                    requests.put_back(dict(first, per_step=True))  # env.py ran no migrations: per step
        """#
}
