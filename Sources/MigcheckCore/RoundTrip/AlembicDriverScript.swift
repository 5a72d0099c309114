/// The Python program migcheck runs in the project's interpreter to drive Alembic.
///
/// It starts once per run and imports Alembic; then it reads the scratch database
/// (`{"url": ..., "password": ...}`, the first line on stdin), loads the user's `alembic.ini` (and
/// section) through `alembic.config.Config`, points `sqlalchemy.url` and the database-URL
/// variable at it, loads the revision files, answers `{"ready": ...}`, then reads one JSON request per line on stdin
/// (`{"op": "upgrade"|"downgrade", "revision": ...}`) and answers one JSON line per request.
/// An upgrade runs what `alembic.command.upgrade` runs (the walk from the current heads to the
/// target) and a downgrade exactly one step (the given revision, merge points included), both
/// through the user's env.py in an `EnvironmentContext`, on one `ScriptDirectory` loaded at start
/// (`alembic.command` would re-read every revision file per command). The protocol stream is a private duplicate of fd 1; fd 1 itself is pointed at
/// stderr so env.py, logging and print() cannot corrupt it.
///
/// Public Alembic API throughout (`Script.down_revision` through `alembic.util.to_tuple`,
/// `ScriptDirectory.get_heads`, `alembic.util.load_python_file`), except
/// `ScriptDirectory._upgrade_revs`, which `alembic.command.upgrade` itself calls and which has the
/// same signature from Alembic 1.4 to 1.20. Older Alembic is refused before anything runs.
enum AlembicDriverScript {
    /// The script's source text.
    static let source = #"""
        """migcheck's Alembic driver: one long-lived process; JSON lines in on stdin, out on a private copy of stdout."""
        import json
        import os
        import re
        import sys
        import time
        import traceback

        try:  # die with migcheck (Linux)
            import ctypes
            ctypes.CDLL(None).prctl(1, 9)
        except Exception:  # noqa: BLE001
            pass

        MINIMUM_ALEMBIC = (\#(AlembicDriver.minimumAlembic.major), \#(AlembicDriver.minimumAlembic.minor))

        PROTOCOL = os.fdopen(os.dup(1), "w", buffering=1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr


        def reply(**fields):
            PROTOCOL.write(json.dumps(fields) + "\n")
            PROTOCOL.flush()


        DRIVER_PATH = os.path.abspath(__file__)


        def failure(exc):
            lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
            # The driver's own frames name it, not its per-run temp path.
            text = "".join(lines).replace(DRIVER_PATH, "<migcheck driver>").rstrip().splitlines()
            kind = "not-implemented" if isinstance(exc, NotImplementedError) else "error"
            return dict(ok=False, kind=kind, type=type(exc).__name__,
                        message=(str(exc).strip().splitlines() or [""])[0][:500],
                        traceback="\n".join(text[-12:]))


        def object_name(op):
            """`schema.table`, `table.column` or a named index/constraint, as the op concerns it."""
            table = getattr(op, "table_name", None)
            schema = getattr(op, "schema", None)
            qualified = f"{schema}.{table}" if schema and table else table
            column = getattr(op, "column_name", None) or getattr(getattr(op, "column", None), "name", None)
            name = getattr(op, "index_name", None) or getattr(op, "constraint_name", None)
            if column and qualified:
                return f"{qualified}.{column}"
            if name:
                return f"{name} on {qualified}" if qualified else str(name)
            return qualified or "?"


        def describe(op):
            """One {operation, object, detail} per change autogenerate would write (nested ops flattened)."""
            nested = getattr(op, "ops", None)
            if nested is not None and type(op).__name__ != "CreateTableOp":
                return [d for child in nested for d in describe(child)]
            kind = type(op).__name__
            kind = kind[:-2] if kind.endswith("Op") else kind
            operation = "".join("_" + c.lower() if c.isupper() else c for c in kind).lstrip("_")
            detail = ""
            if operation == "alter_column":
                changes = []
                if getattr(op, "modify_type", None) is not None:
                    changes.append(f"type {op.existing_type!r} -> {op.modify_type!r}")
                if getattr(op, "modify_nullable", None) is not None:
                    changes.append("nullable" if op.modify_nullable else "NOT NULL")
                if getattr(op, "modify_server_default", False) is not False:
                    changes.append("server default")
                if getattr(op, "modify_comment", False) is not False:
                    changes.append("comment")
                detail = ", ".join(changes)
            elif operation == "add_column":
                detail = repr(op.column.type)
            return [dict(operation=operation, object=object_name(op), detail=detail)]


        def without_pygments():
            """Imports `mako.exceptions` (Alembic imports it) without its Pygments highlighting: where Pygments is
            installed, mako imports it and its Python lexer at import time (about 40 ms of a 0.35 s start) only to
            colour the HTML error pages of templates, which the driver never renders. Later imports of Pygments and
            of `mako.ext.pygmentplugin` work as usual."""
            name = "mako.ext.pygmentplugin"
            if name in sys.modules or "mako.exceptions" in sys.modules:
                return
            sys.modules[name] = None  # importing it now raises ImportError: mako falls back to plain text
            try:
                import mako.exceptions  # noqa: F401
            except ImportError:
                pass  # no mako: Alembic's own import reports it
            finally:
                if sys.modules.get(name, 0) is None:
                    del sys.modules[name]


        def import_failure(path):
            """Imports one revision file as Alembic does; `None`, or the failure with the file's line."""
            from alembic import util

            try:
                util.load_python_file(os.path.dirname(path), os.path.basename(path))
                return None
            except BaseException as exc:  # noqa: BLE001 - reported to migcheck
                if isinstance(exc, KeyboardInterrupt):
                    raise
                line = exc.lineno if isinstance(exc, SyntaxError) else None
                frame = exc.__traceback__
                while frame is not None:
                    if os.path.abspath(frame.tb_frame.f_code.co_filename) == os.path.abspath(path):
                        line = frame.tb_lineno
                    frame = frame.tb_next
                return dict(path=path, line=line, **failure(exc))


        def main():
            config_path, section, variable, mode = sys.argv[1:5]
            imports_started = time.monotonic()
            try:
                without_pygments()
                import alembic
                version = tuple(int(part) for part in re.findall(r"\d+", alembic.__version__)[:2])
                if version < MINIMUM_ALEMBIC:
                    reply(ready=False, kind="unsupported", type="unsupported", message=alembic.__version__)
                    return
                from alembic import util
                from alembic.config import Config
                from alembic.runtime.environment import EnvironmentContext
                from alembic.runtime.migration import MigrationStep
                from alembic.script import ScriptDirectory
            except BaseException as exc:  # noqa: BLE001 - reported to migcheck
                reply(ready=False, **failure(exc))
                return
            imports_seconds = time.monotonic() - imports_started
            bytecode_cache = os.environ.pop("MIGCHECK_BYTECODE_CACHE", "")
            if bytecode_cache:
                try:
                    install_bytecode_cache(bytecode_cache)
                except Exception:  # noqa: BLE001 - without the cache Alembic compiles as usual
                    pass
            try:
                install_direct_unmerge()
            except Exception:  # noqa: BLE001 - Alembic walks the history itself
                pass
            version_writes = VersionWrites()
            try:
                if not version_writes.install():
                    version_writes = None
            except Exception:  # noqa: BLE001 - Alembic's own version-table writes are used
                version_writes = None
            # The scratch database: the first line on stdin, sent once it exists (the driver starts
            # before it, to import Alembic meanwhile). Nothing of the project runs before it is set:
            # revision files and env.py are loaded only now, and see only the scratch database.
            line = sys.stdin.readline()
            if not line:
                return
            database = json.loads(line)
            os.environ[variable] = database["url"]
            if database.get("password") is not None:
                os.environ["PGPASSWORD"] = database["password"]
            config = Config(config_path, ini_section=section)
            config.set_main_option("sqlalchemy.url", database["url"].replace("%", "%%"))
            try:
                script = ScriptDirectory.from_config(config)
            except BaseException as exc:  # noqa: BLE001
                reply(ready=False, **failure(exc))
                return
            # Alembic imports every revision file the first time it reads the graph, for every
            # command: one file that cannot be imported stops them all. Load them now, so that
            # failure is reported before the stairway, on the file (see the "imports" request).
            load_started = time.monotonic()
            try:
                script.get_heads()
                load_error = None
            except BaseException as exc:  # noqa: BLE001
                load_error = failure(exc)
            reply(ready=True, alembic=alembic.__version__, python=sys.version.split()[0],
                  sqlalchemy=getattr(sys.modules.get("sqlalchemy"), "__version__", "?"),
                  load_error=load_error, imports_seconds=imports_seconds,
                  load_seconds=time.monotonic() - load_started)

            def steps_for(request, heads):
                """The MigrationSteps of one request: `alembic upgrade <revision>` from `heads`, as
                alembic.command.upgrade computes them, or exactly one downgrade (merge points included).

                alembic.command.upgrade builds a new ScriptDirectory (re-reading every revision file) per
                call; the driver keeps the one it loaded, which is what makes a long-lived process pay off.
                """
                if request["op"] == "upgrade":
                    target = script.get_revision(request["revision"])
                    parents = set(util.to_tuple(target.down_revision, default=())) if target is not None else None
                    if parents == set(heads) and not util.to_tuple(target.dependencies, default=()):
                        # The next revision on top of exactly its parents: the one step _upgrade_revs
                        # would compute, without walking the whole graph for it (a millisecond a step).
                        return [MigrationStep.upgrade_from_script(script.revision_map, target)]
                    return list(script._upgrade_revs(request["revision"], heads))
                target = script.get_revision(request["revision"])
                return [MigrationStep.downgrade_from_script(script.revision_map, target)]

            def per_step(request, steps_for):
                """One env.py run for one request (per-step mode, and the fallback of single-run mode)."""
                single.runs += 1
                if request["op"] == "upgrade":
                    destination = request["revision"]
                else:
                    down = util.to_tuple(script.get_revision(request["revision"]).down_revision, default=())
                    destination = ",".join(down) or "base"

                def steps(heads, context):
                    plan = steps_for(request, heads)
                    if version_writes is not None and request.get("unchecked"):
                        version_writes.defer(plan, context)
                    return plan

                with EnvironmentContext(config, script, fn=steps, as_sql=False, starting_rev=None,
                                        destination_rev=destination, tag=None):
                    script.run_env()

            def probe(request):
                """Serves the first step request per step, counting run_migrations() calls: more than
                one per env.py run (the multidb template) keeps per-step mode."""
                calls = []

                def counted(request, heads):
                    calls.append(1)
                    return steps_for(request, heads)

                try:
                    per_step(request, counted)
                finally:
                    single.probed = True
                    single.usable = single.usable and len(calls) <= 1

            def drift():
                """What `alembic check` compares: env.py's target_metadata against the database (at its
                heads), through autogenerate with the options env.py passes to context.configure."""
                from alembic import autogenerate
                from alembic.util import CommandError

                revision_context = autogenerate.RevisionContext(
                    config, script, dict(message=None, autogenerate=True, sql=False, head="head", splice=False,
                                         branch_label=None, version_path=None, rev_id=None, depends_on=None))

                def steps(rev, context):
                    revision_context.run_autogenerate(rev, context)
                    return []

                try:
                    with EnvironmentContext(config, script, fn=steps, as_sql=False,
                                            template_args=revision_context.template_args,
                                            revision_context=revision_context):
                        script.run_env()
                except CommandError as exc:
                    if "MetaData" in str(exc):
                        return dict(skipped="env.py passes no target_metadata to context.configure")
                    raise
                differences = []
                for upgrade_ops in revision_context.generated_revisions[-1].upgrade_ops_list:
                    for op in upgrade_ops.ops:
                        differences.extend(describe(op))
                return dict(differences=differences)

            requests = Requests()
            single = SingleRun(config, script, steps_for, mode == "single", EnvironmentContext)
            while True:
                request = requests.next()
                if request is None:
                    return
                if request.get("op") in STEP_OPS and single.usable and single.probed and not request.get("per_step"):
                    single.run(request, requests, time.monotonic())
                    continue
                started = time.monotonic()
                extra = {}
                try:
                    op = request["op"]
                    if op in STEP_OPS and single.usable and not single.probed:
                        probe(request)
                    elif op in STEP_OPS:
                        per_step(request, steps_for)
                    elif op == "drift":
                        extra = drift()
                    elif op == "imports":
                        reply(ok=True, seconds=time.monotonic() - started,
                              failures=[f for f in map(import_failure, request["paths"]) if f])
                        continue
                    elif op == "end":  # no step: any env.py run single-run mode held open has ended
                        reply(ok=True, seconds=0.0)
                        continue
                    elif op == "quit":
                        reply(ok=True, seconds=0.0)
                        return
                    else:
                        raise ValueError(f"unknown op {op!r}")
                    result = dict(ok=True, **extra)
                except BaseException as exc:  # noqa: BLE001 - every failure goes back to migcheck
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    result = failure(exc)
                sys.stderr.flush()
                reply(seconds=time.monotonic() - started, runs=single.runs, **result)


        \#(AlembicDriverScript.singleRunSource)


        \#(AlembicDriverScript.bytecodeSource)


        \#(AlembicDriverScript.versionWritesSource)


        \#(AlembicDriverScript.downgradesSource)

        main()
        # Every request is answered and env.py's runs have ended (their connections are back in the pool,
        # outside a transaction). Skip the interpreter's finalisation (0.1-0.3 s with a few hundred revision
        # modules loaded): the process ends now; the server sees the sockets close.
        sys.stderr.flush()
        os._exit(0)
        """#
}
