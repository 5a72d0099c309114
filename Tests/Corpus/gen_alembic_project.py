#!/usr/bin/env python3
"""Generate a synthetic Alembic project for tests and benchmarks.

usage: gen_alembic_project.py DIR [--revisions N] [--branches B] [--seed S]
           [--style modern|classic|mixed] [--heads N] [--bases N]
           [--depends-on K] [--branch-labels] [--forms]
           [--template alembic-1.0|alembic-1.11|generic|async|pyproject|multidb|superset]
           [--env psycopg2|psycopg|asyncpg] [--fault KIND:N ...] [--plant KIND ...]
           [--shape chain|chain-deps|lattice|fanout|random]

Writes DIR/alembic.ini (and DIR/pyproject.toml for --template pyproject),
DIR/migrations/{env.py,script.py.mako,versions/*.py}.
Every revision does real DDL on PostgreSQL (tables, columns, indexes, enums,
constraints, views) with an exact inverse in downgrade(), so a correct
upgrade/downgrade round trip restores the schema at every step.  A revision
only touches tables created by its own ancestors, so any order Alembic picks
for parallel branches works.

Graph options:
  --branches B     B side branches forked off the trunk and merged back with
                   merge revisions (down_revision tuples), as `alembic merge`
                   writes them.
  --heads N        leave N unmerged heads at the end (N-1 side branches that
                   are never merged).
  --bases N        N independent roots (N-1 extra root chains, each merged
                   into the trunk later, so they do not add heads).
  --depends-on K   K revisions carry `depends_on`; the first one points at a
                   side revision that nothing revises, which Alembic then
                   reports as an "(effective head)" (so `alembic heads`
                   lists two heads and the project upgrades with
                   `upgrade heads`, not `upgrade head`).
  --branch-labels  put branch labels on the roots of the extra bases and of
                   the branches that stay unmerged (and the effective head).
  --shape SHAPE    instead of the trunk-and-branches graph, one of the scale
                   shapes (revision bodies are `pass`; for graph commands):
                   chain       a linear chain of --revisions;
                   chain-deps  a chain of --revisions, each also depending
                               on the revision two back;
                   lattice     a 2-wide merge lattice of --revisions layers
                               (both revisions of a layer merge both of
                               the layer below; two heads);
                   fanout      one root revised by --revisions heads;
                   random      a random DAG of --revisions revisions with
                               merges, depends_on (one per revision, some
                               on ancestors, some shared, some through
                               branch labels), several heads and bases.

Planted faults (round-trip tests):
  --plant KIND     append revisions with a known fault on top of the head
                   (repeatable; in the order given):
                   column-order   a 10-column table, then a revision whose
                                  downgrade re-adds column c5 at the end
                   lost-objects   a 30-column table with four foreign keys
                                  and two indexes, then a revision whose
                                  downgrade re-adds the four columns without
                                  their foreign keys and indexes
                   raise-runtime  a downgrade that only raises
                                  RuntimeError("Cannot undelete data!")
                   raise-bare     a downgrade that only raises Exception()
                                  after a docstring
                   noop-upgrade   an upgrade that only returns early or
                                  passes (no downgrade needed: not a fault)

Rendering options:
  --template STYLE the script.py.mako written and the way revision files are
                   rendered (as that template would render them).  Without it
                   the built-in template is used and --style picks annotated
                   (modern) or plain (classic) files.
  --forms          "syntax torture": every revision file uses one of the many
                   forms Alembic accepts (quotes, u'' strings, annotations,
                   lists, multi-line tuples with comments, continuations,
                   semicolons, headers before the docstring, BOM, CRLF, tabs,
                   missing variables, extra variables, a legacy hex-named
                   file, branch_labels as a string...).  Still loadable.
  --env DRIVER     env.py for psycopg2, psycopg (3) or asyncpg (async env.py
                   with async_engine_from_config + connection.run_sync).

Fault options (planted faults the round trip must blame on the right file):
  --fault KIND:N   plant KIND in the N-th revision written (1-based; for a
                   linear project the N-th in upgrade order).  Repeatable.
                   KIND is one of
                     import-missing-package  imports a package that does not exist
                     import-syntax-error     a syntax error the static reader accepts
                     import-raises           raises RuntimeError at import time
                     driver-exit             upgrade() ends the process (os._exit(3))

The env.py reads DATABASE_URL from the environment first, as real projects do.
Prints the (last) trunk head revision id.
Only the Python standard library is used; the output is deterministic for a seed.
"""
import argparse
import os
import random
import re
import textwrap

DQ = "\""

# --------------------------------------------------------------------------
# env.py variants

ENV_PY = '''\
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
if url:
    config.set_main_option("sqlalchemy.url", url)

target_metadata = None


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(config.get_section(config.config_ini_section, {}),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

# A synchronous env.py pinned to one DBAPI driver: whatever URL is given
# (DATABASE_URL first, then alembic.ini), its driver is replaced by DRIVER.
ENV_SYNC_DRIVER = '''\
"""Alembic environment for PostgreSQL through the {driver} driver."""
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlalchemy.engine.url import make_url

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

DRIVER = "postgresql+{driver}"

raw_url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
if raw_url:
    url = make_url(raw_url)
    if hasattr(url, "set"):  # SQLAlchemy 1.4 and later: URLs are immutable
        rendered = url.set(drivername=DRIVER).render_as_string(hide_password=False)
    else:  # SQLAlchemy 1.3
        url.drivername = DRIVER
        rendered = str(url)
    config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))

target_metadata = None


def run_migrations_offline() -> None:
    """Emit SQL to stdout without connecting."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={{"paramstyle": "named"}},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Connect and run the migrations in one transaction."""
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {{}}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

ENV_ASYNCPG = '''\
"""Alembic environment for PostgreSQL through asyncpg (SQLAlchemy's async engine)."""
import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import async_engine_from_config

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

raw_url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
if raw_url:
    url = make_url(raw_url).set(drivername="postgresql+asyncpg")
    config.set_main_option(
        "sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%")
    )

target_metadata = None


def run_migrations_offline() -> None:
    """Emit SQL to stdout without connecting."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    connectable = async_engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    async with connectable.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await connectable.dispose()


def run_migrations_online() -> None:
    asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

# Alembic's multidb env.py, reading <NAME>_DATABASE_URL or DATABASE_URL first.
# Each engine keeps its own version table so that both may share one database.
ENV_MULTIDB = '''\
"""Alembic multi-database environment (after Alembic's multidb template)."""
import logging
import os
import re
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

db_names = config.get_main_option("databases", "")
target_metadata = {}


def engine_url(name: str) -> str:
    return (
        os.environ.get("%s_DATABASE_URL" % name.upper())
        or os.environ.get("DATABASE_URL")
        or context.config.get_section_option(name, "sqlalchemy.url")
    )


def version_table(name: str) -> str:
    return "alembic_version" if name == re.split(r",\\s*", db_names)[0] else "alembic_version_%s" % name


def run_migrations_offline() -> None:
    for name in re.split(r",\\s*", db_names):
        logger.info("Migrating database %s" % name)
        context.configure(
            url=engine_url(name),
            target_metadata=target_metadata.get(name),
            literal_binds=True,
            version_table=version_table(name),
            dialect_opts={"paramstyle": "named"},
        )
        with context.begin_transaction():
            context.run_migrations(engine_name=name)


def run_migrations_online() -> None:
    engines = {}
    for name in re.split(r",\\s*", db_names):
        section = dict(context.config.get_section(name, {}))
        section["sqlalchemy.url"] = engine_url(name)
        engines[name] = {"engine": engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)}
    for rec in engines.values():
        rec["connection"] = conn = rec["engine"].connect()
        rec["transaction"] = conn.begin()
    try:
        for name, rec in engines.items():
            logger.info("Migrating database %s" % name)
            context.configure(
                connection=rec["connection"],
                upgrade_token="%s_upgrades" % name,
                downgrade_token="%s_downgrades" % name,
                target_metadata=target_metadata.get(name),
                version_table=version_table(name),
            )
            context.run_migrations(engine_name=name)
        for rec in engines.values():
            rec["transaction"].commit()
    except:
        for rec in engines.values():
            rec["transaction"].rollback()
        raise
    finally:
        for rec in engines.values():
            rec["connection"].close()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

# --------------------------------------------------------------------------
# script.py.mako variants

# The built-in template (identical to Alembic 1.20.1's generic one).
MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
'''

# Alembic 1.0's generic template (0.8.8 .. 1.7): no annotations.
MAKO_1_0 = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''

# Alembic 1.11.2's generic template: first annotated one.
MAKO_1_11 = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''

# Alembic 1.20.1's multidb template, verbatim.
MAKO_MULTIDB = '''\
<%!
import re

%>"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade(engine_name: str) -> None:
    """Upgrade schema."""
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name: str) -> None:
    """Downgrade schema."""
    globals()["downgrade_%s" % engine_name]()

<%
    db_names = config.get_main_option("databases")
%>

## generate an "upgrade_<xyz>() / downgrade_<xyz>()" function
## for each database name in the ini file.

% for db_name in re.split(r',\\s*', db_names):

def upgrade_${db_name}() -> None:
    """Upgrade ${db_name} schema."""
    ${context.get("%s_upgrades" % db_name, "pass")}


def downgrade_${db_name}() -> None:
    """Downgrade ${db_name} schema."""
    ${context.get("%s_downgrades" % db_name, "pass")}

% endfor
'''

# A custom template in the style of Apache Superset's: `Revises:` without the
# comma filter (a merge renders as a tuple repr), identifiers before the
# imports, no branch_labels/depends_on lines.
MAKO_SUPERSET = '''\
# Licensed to the Apache Software Foundation (ASF) under one
# or more contributor license agreements.  See the NOTICE file
# distributed with this work for additional information
# regarding copyright ownership.
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision}
Create Date: ${create_date}

"""

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''

TEMPLATES = ["alembic-1.0", "alembic-1.11", "generic", "async", "pyproject", "multidb", "superset"]

# --------------------------------------------------------------------------
# configuration files

INI_LOGGING = '''\
[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = WARNING
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
'''

INI = '''\
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
path_separator = os
sqlalchemy.url = postgresql://localhost/placeholder

''' + INI_LOGGING

# `alembic init -t pyproject` keeps only the database URL and logging in
# alembic.ini and moves the script options to pyproject.toml.
INI_PYPROJECT = '''\
# A generic, single database configuration.

[alembic]

# database URL.  This is consumed by the user-maintained env.py script only.
sqlalchemy.url = postgresql://localhost/placeholder


# Logging configuration
''' + INI_LOGGING

PYPROJECT_TOML = '''\
[project]
name = "generated-alembic-project"
version = "0.1.0"

[tool.alembic]

# path to migration scripts.
# this is typically a path given in POSIX (e.g. forward slashes)
# format, relative to the token %(here)s which refers to the location of this
# ini file
script_location = "%(here)s/migrations"

# template used to generate migration file names; The default value is %%(rev)s_%%(slug)s
# file_template = "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s"

# additional paths to be prepended to sys.path. defaults to the current working directory.
prepend_sys_path = [
    "."
]

# version location specification; This defaults
# to <script_location>/versions.
# version_locations = [
#    "%(here)s/alembic/versions",
#    "%(here)s/foo/bar"
# ]
'''

INI_MULTIDB = '''\
# a multi-database configuration.

[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
path_separator = os

databases = engine1, engine2

[engine1]
sqlalchemy.url = postgresql://localhost/placeholder

[engine2]
sqlalchemy.url = postgresql://localhost/placeholder2

''' + INI_LOGGING

MULTIDB_NAMES = ["engine1", "engine2"]

# --------------------------------------------------------------------------
# helpers


def rev_id(rng):
    return "%012x" % rng.getrandbits(48)


def slugify(message, length=40):
    """Alembic's slug: `\\w+` words joined by `_`, lower case, truncated at a `_`."""
    slug = "_".join(re.findall(r"\w+", message)).lower()
    if len(slug) > length:
        slug = slug[:length].rsplit("_", 1)[0] + "_"
    return slug


def fmt_down(down):
    if down is None:
        return "None"
    if isinstance(down, tuple):
        return "(" + ", ".join(repr(d) for d in down) + ")"
    return repr(down)


def comma(value):
    """Alembic's `comma` Mako filter."""
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return ", ".join(value)
    return value


def indent_body(body):
    body = body.strip("\n")
    return textwrap.indent(body, "    ").lstrip(" ") if body.strip() else "pass"


class Node:
    """One revision of the generated graph."""

    def __init__(self, rev, down, message, up, down_body, date, tables, kind):
        self.rev = rev
        self.down = down
        self.message = message
        self.up = up
        self.down_body = down_body
        self.date = date
        self.tables = tables  # tables visible to this revision and its descendants
        self.kind = kind  # trunk | side | head | base | dep | merge
        self.labels = None  # tuple of labels or None
        self.depends = None  # str, tuple or None
        self.form = None
        self.filename = None


# --------------------------------------------------------------------------
# rendering through a template


def render_builtin(n, style):
    """The original generator's rendering (annotated or plain)."""
    down = n.down
    header = f'"""{n.message}\n\nRevision ID: {n.rev}\nRevises: {comma(down)}\nCreate Date: {n.date}\n\n"""\n'
    if style == "classic":
        ids = (f"# revision identifiers, used by Alembic.\nrevision = {n.rev!r}\n"
               f"down_revision = {fmt_down(down)}\nbranch_labels = {n.labels!r}\ndepends_on = {n.depends!r}\n")
        imports = "from alembic import op\nimport sqlalchemy as sa\n"
        sig_up, sig_down = "def upgrade():", "def downgrade():"
    else:
        ids = (f"# revision identifiers, used by Alembic.\nrevision: str = {n.rev!r}\n"
               f"down_revision: Union[str, Sequence[str], None] = {fmt_down(down)}\n"
               f"branch_labels: Union[str, Sequence[str], None] = {n.labels!r}\n"
               f"depends_on: Union[str, Sequence[str], None] = {n.depends!r}\n")
        imports = "from typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n"
        sig_up, sig_down = "def upgrade() -> None:", "def downgrade() -> None:"
    return (f"{header}{imports}\n\n{ids}\n\n{sig_up}\n    {indent_body(n.up)}\n\n\n"
            f"{sig_down}\n    {indent_body(n.down_body)}\n")


def render_template(n, template):
    """Render a revision as Alembic would through the chosen script.py.mako."""
    up, down = indent_body(n.up), indent_body(n.down_body)
    header = f'"""{n.message}\n\nRevision ID: {n.rev}\nRevises: {comma(n.down)}\nCreate Date: {n.date}\n\n"""\n'
    annotated_ids = (f"# revision identifiers, used by Alembic.\n"
                     f"revision: str = {n.rev!r}\n"
                     f"down_revision: Union[str, Sequence[str], None] = {n.down!r}\n"
                     f"branch_labels: Union[str, Sequence[str], None] = {n.labels!r}\n"
                     f"depends_on: Union[str, Sequence[str], None] = {n.depends!r}\n")
    typing_imports = "from typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
    if template == "alembic-1.0":
        return (header + "from alembic import op\nimport sqlalchemy as sa\n\n\n"
                f"# revision identifiers, used by Alembic.\nrevision = {n.rev!r}\n"
                f"down_revision = {n.down!r}\nbranch_labels = {n.labels!r}\ndepends_on = {n.depends!r}\n\n\n"
                f"def upgrade():\n    {up}\n\n\ndef downgrade():\n    {down}\n")
    if template == "alembic-1.11":
        return (header + typing_imports + "\n"
                f"# revision identifiers, used by Alembic.\nrevision: str = {n.rev!r}\n"
                f"down_revision: Union[str, None] = {n.down!r}\n"
                f"branch_labels: Union[str, Sequence[str], None] = {n.labels!r}\n"
                f"depends_on: Union[str, Sequence[str], None] = {n.depends!r}\n\n\n"
                f"def upgrade() -> None:\n    {up}\n\n\ndef downgrade() -> None:\n    {down}\n")
    if template in ("generic", "async", "pyproject"):
        return (header + typing_imports + "\n" + annotated_ids + "\n\n"
                f'def upgrade() -> None:\n    """Upgrade schema."""\n    {up}\n\n\n'
                f'def downgrade() -> None:\n    """Downgrade schema."""\n    {down}\n')
    if template == "multidb":
        text = (header + typing_imports + "\n" + annotated_ids + "\n\n"
                'def upgrade(engine_name: str) -> None:\n    """Upgrade schema."""\n'
                '    globals()["upgrade_%s" % engine_name]()\n\n\n'
                'def downgrade(engine_name: str) -> None:\n    """Downgrade schema."""\n'
                '    globals()["downgrade_%s" % engine_name]()\n\n\n\n\n')
        for name in MULTIDB_NAMES:
            # the schema lives in engine1; engine2 only tracks its version
            db_up, db_down = (up, down) if name == "engine1" else ("pass", "pass")
            text += (f'\ndef upgrade_{name}() -> None:\n    """Upgrade {name} schema."""\n    {db_up}\n\n\n'
                     f'def downgrade_{name}() -> None:\n    """Downgrade {name} schema."""\n    {db_down}\n\n')
        return text
    if template == "superset":
        return (MAKO_SUPERSET.split('"""', 1)[0] +
                f'"""{n.message}\n\nRevision ID: {n.rev}\nRevises: {n.down}\nCreate Date: {n.date}\n\n"""\n\n'
                f"# revision identifiers, used by Alembic.\nrevision = {n.rev!r}\ndown_revision = {n.down!r}\n\n"
                "from alembic import op\nimport sqlalchemy as sa\n\n\n"
                f"def upgrade():\n    {up}\n\n\ndef downgrade():\n    {down}\n")
    raise ValueError(template)


# --------------------------------------------------------------------------
# "syntax torture" forms


LICENSE = """\
# Copyright 2024 The Example Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License.
"""

# forms usable for a revision with a single parent (or none)
SINGLE_FORMS = ["single", "double", "unicode", "annotated", "optional", "continuation",
                "semicolons", "preamble", "bom", "crlf", "tabs", "minimal", "extras",
                "ids_last", "one_tuple", "raw_docstring", "nonascii", "pipe_union",
                "trailing_comments", "no_docstring"]
# forms usable for a merge revision
MERGE_FORMS = ["list", "multiline_tuple", "tuple_annotated", "merge_continuation"]


def q(value, quote="'", prefix=""):
    return f"{prefix}{quote}{value}{quote}"


def pyval(value, quote="'", prefix="", seq="tuple"):
    """A Python literal for None, a string or a tuple of strings."""
    if value is None:
        return "None"
    if isinstance(value, (tuple, list)):
        items = ", ".join(q(v, quote, prefix) for v in value)
        if seq == "list":
            return f"[{items}]"
        return f"({items},)" if len(value) == 1 else f"({items})"
    return q(value, quote, prefix)


def render_form(n, form):
    """Render a revision file in one of the accepted syntactic forms."""
    up, down = indent_body(n.up), indent_body(n.down_body)
    labels = n.labels
    label_val = pyval(labels[0] if labels and len(labels) == 1 else labels)
    dep_val = pyval(n.depends)
    doc = f'"""{n.message}\n\nRevision ID: {n.rev}\nRevises: {comma(n.down)}\nCreate Date: {n.date}\n\n"""\n'
    imports = "from alembic import op\nimport sqlalchemy as sa\n"
    funcs = f"\n\ndef upgrade():\n    {up}\n\n\ndef downgrade():\n    {down}\n"
    plain_ids = (f"revision = {pyval(n.rev)}\ndown_revision = {pyval(n.down)}\n"
                 f"branch_labels = {label_val}\ndepends_on = {dep_val}\n")
    if form == "single":
        return doc + imports + "\n# revision identifiers, used by Alembic.\n" + plain_ids + funcs
    if form == "double":
        ids = (f"revision = {pyval(n.rev, DQ)}\ndown_revision = {pyval(n.down, DQ)}\n"
               f"branch_labels = {pyval(labels, DQ) if labels else 'None'}\n"
               f"depends_on = {pyval(n.depends, DQ)}\n")
        return doc + imports + "\n# revision identifiers, used by Alembic.\n" + ids + funcs
    if form == "unicode":
        ids = (f"revision = {pyval(n.rev, prefix='u')}\ndown_revision = {pyval(n.down, prefix='u')}\n"
               f"branch_labels = {pyval(labels, prefix='u') if labels else 'None'}\n"
               f"depends_on = {pyval(n.depends, prefix='u')}\n")
        return doc + imports + "\n" + ids + funcs
    if form == "annotated" or form == "tuple_annotated":
        return render_template(n, "generic")
    if form == "optional":
        ids = (f"revision: str = {pyval(n.rev, DQ)}\n"
               f"down_revision: Optional[str] = {pyval(n.down, DQ)}\n"
               f"branch_labels: Optional[Union[str, Sequence[str]]] = {label_val}\n"
               f"depends_on: Optional[Union[str, Sequence[str]]] = {dep_val}\n")
        return (doc + "from typing import Optional, Sequence, Union\n\n" + imports +
                "\n\n# revision identifiers, used by Alembic.\n" + ids + funcs)
    if form == "pipe_union":
        ids = (f"revision: str = {pyval(n.rev, DQ)}\n"
               f"down_revision: str | None = {pyval(n.down, DQ)}\n"
               f"branch_labels: str | Sequence[str] | None = {label_val}\n"
               f"depends_on: str | Sequence[str] | None = {dep_val}\n")
        return (doc + "from __future__ import annotations\n\nfrom collections.abc import Sequence\n\n" +
                imports + "\n\n" + ids + funcs)
    if form == "continuation":
        ids = (f"revision = \\\n    {pyval(n.rev)}\ndown_revision = \\\n    {pyval(n.down)}\n"
               f"branch_labels = {label_val}\ndepends_on = \\\n    {dep_val}\n")
        return doc + imports + "\n" + ids + funcs
    if form == "semicolons":
        ids = (f"revision = {pyval(n.rev)}; down_revision = {pyval(n.down)};\n"
               f"branch_labels = {label_val}; depends_on = {dep_val}\n")
        return doc + imports + "\n" + ids + funcs
    if form == "preamble":
        return ("# -*- coding: utf-8 -*-\n" + LICENSE + "\nimport logging\n\n" + imports +
                "\nlog = logging.getLogger(__name__)\n\n" + doc + "\n" + plain_ids + funcs)
    if form == "bom":
        return "\ufeff" + render_template(n, "generic")
    if form == "crlf":
        return render_template(n, "alembic-1.0").replace("\n", "\r\n")
    if form == "tabs":
        ids = (f"revision\t=\t{pyval(n.rev)}\ndown_revision =\t{pyval(n.down)}\n"
               f"branch_labels = {label_val}\t# labels\ndepends_on = {dep_val}\n")
        tab_up = up.replace("\n    ", "\n\t")
        tab_down = down.replace("\n    ", "\n\t")
        return (doc + imports + "\n" + ids +
                f"\n\ndef upgrade():\n\t{tab_up}\n\n\ndef downgrade():\n\t{tab_down}\n")
    if form == "minimal":
        ids = f"revision = {pyval(n.rev)}\ndown_revision = {pyval(n.down)}\n"
        if labels:
            ids += f"branch_labels = {label_val}\n"
        if n.depends:
            ids += f"depends_on = {dep_val}\n"
        return doc + imports + "\n" + ids + funcs
    if form == "extras":
        return (doc + imports + "\n# revision identifiers, used by Alembic.\n" + plain_ids +
                'airflow_version = "3.1.0"\nrevision_date = "2024-01-01"\nskip_revision = False\n' +
                "not_a_revision = 'ffffffffffff'\n" + funcs)
    if form == "ids_last":
        return doc + imports + funcs + "\n\n# revision identifiers, used by Alembic.\n" + plain_ids
    if form == "one_tuple":
        ids = (f"revision = {pyval(n.rev)}\n"
               f"down_revision = {pyval((n.down,) if isinstance(n.down, str) else n.down)}\n"
               f"branch_labels = {pyval(labels, seq='list') if labels else 'None'}\n"
               f"depends_on = {pyval((n.depends,) if isinstance(n.depends, str) else n.depends, seq='list')}\n")
        return doc + imports + "\n" + ids + funcs
    if form == "raw_docstring":
        rdoc = f"r'''{n.message}\n\nRevision ID: {n.rev}\nRevises: {comma(n.down)}\nCreate Date: {n.date}\n\n'''\n"
        return rdoc + imports + "\n" + plain_ids + funcs
    if form == "nonascii":
        ndoc = doc.replace(n.message, n.message + " (café ☕)", 1)
        return "# -*- coding: utf-8 -*-\n" + ndoc + imports + "\n" + plain_ids + funcs
    if form == "trailing_comments":
        ids = (f"revision = {pyval(n.rev)}  # noqa: this revision\n"
               f"down_revision = {pyval(n.down)}  # the previous one\n"
               f"branch_labels = {label_val}  # type: ignore\ndepends_on = {dep_val}  #\n")
        return doc + imports + "\n" + ids + funcs
    if form == "no_docstring":
        return ("# " + n.message + "\n" + imports + "\n" + plain_ids + funcs)
    if form == "list":
        ids = (f"revision = {pyval(n.rev, DQ)}\ndown_revision = {pyval(n.down, DQ, seq='list')}\n"
               f"branch_labels = {label_val}\ndepends_on = {dep_val}\n")
        return doc + imports + "\n" + ids + funcs
    if form == "multiline_tuple":
        a, b = n.down[0], n.down[1]
        ids = (f"revision = {pyval(n.rev)}\ndown_revision = (\n    '{a}',  # the trunk\n"
               f"    # the branch being merged back\n    '{b}',\n)\n"
               f"branch_labels = {label_val}\ndepends_on = {dep_val}\n")
        return doc + imports + "\n" + ids + funcs
    if form == "merge_continuation":
        items = ", \\\n    ".join(repr(d) for d in n.down)
        ids = (f"revision = {pyval(n.rev)}\ndown_revision = \\\n    ({items})\n"
               f"branch_labels = {label_val}\ndepends_on = {dep_val}\n")
        return doc + imports + "\n" + ids + funcs
    if form == "legacy_hex":
        # no `revision` variable: Alembic takes the id from the file name
        return doc + imports + "\n" + f"down_revision = {pyval(n.down)}\n" + funcs
    raise ValueError(form)


# --------------------------------------------------------------------------
# schema steps


class Schema:
    """Creates DDL steps that only use tables visible to the revision."""

    def __init__(self, rng):
        self.rng = rng
        self.n = 0

    def step(self, tag, visible):
        """Return (message, upgrade, downgrade, newly created table or None)."""
        self.n += 1
        k = self.n
        rng = self.rng
        choice = rng.random() if visible else 0.0
        if choice < 0.35 or len(visible) < 2:
            t = f"t_{tag}_{k}"
            up = (f"op.create_table({t!r},\n"
                  f"    sa.Column('id', sa.Integer(), primary_key=True),\n"
                  f"    sa.Column('name', sa.String(length=64), nullable=False),\n"
                  f"    sa.Column('created_at', sa.DateTime(), server_default=sa.text('now()')),\n)\n"
                  f"op.create_index('ix_{t}_name', {t!r}, ['name'])\n")
            down = f"op.drop_index('ix_{t}_name', table_name={t!r})\nop.drop_table({t!r})\n"
            return f"create table {t}", up, down, t
        t = rng.choice(visible)
        if choice < 0.6:
            c = f"c_{k}"
            up = f"op.add_column({t!r}, sa.Column({c!r}, sa.Numeric(12, 2), nullable=True))\n"
            down = f"op.drop_column({t!r}, {c!r})\n"
            return f"add {c} to {t}", up, down, None
        if choice < 0.75:
            e = f"e_{k}"
            up = (f"op.execute(\"CREATE TYPE {e} AS ENUM ('a', 'b', 'c')\")\n"
                  f"op.add_column({t!r}, sa.Column('s_{k}', sa.Enum('a', 'b', 'c', name={e!r}, create_type=False)))\n")
            down = f"op.drop_column({t!r}, 's_{k}')\nop.execute('DROP TYPE {e}')\n"
            return f"enum {e} on {t}", up, down, None
        if choice < 0.9:
            other = rng.choice(visible)
            c = f"fk_{k}"
            up = (f"op.add_column({t!r}, sa.Column({c!r}, sa.Integer(), nullable=True))\n"
                  f"op.create_foreign_key('fk_{t}_{c}', {t!r}, {other!r}, [{c!r}], ['id'], ondelete='SET NULL')\n")
            down = f"op.drop_constraint('fk_{t}_{c}', {t!r}, type_='foreignkey')\nop.drop_column({t!r}, {c!r})\n"
            return f"foreign key {c} on {t}", up, down, None
        v = f"v_{k}"
        up = f"op.execute('CREATE VIEW {v} AS SELECT id, name FROM {t}')\n"
        down = f"op.execute('DROP VIEW {v}')\n"
        return f"view {v}", up, down, None


# --------------------------------------------------------------------------
# planted faults (--plant)


def _wide_table(name, columns, extra=""):
    cols = "".join(f"    sa.Column('{c}', sa.Integer()),\n" for c in columns)
    return f"op.create_table({name!r},\n    sa.Column('id', sa.Integer(), primary_key=True),\n{cols}{extra})\n"


_HUBS = ["hub_a", "hub_b", "hub_c", "hub_d"]
_MANY_REST = [f"c{k}" for k in range(6, 31)]

# kind -> [(message, upgrade, downgrade)]: a set-up revision (exact inverse) and the fault
PLANTED = {
    "column-order": [
        ("plant wide table", _wide_table("p_wide", [f"c{k}" for k in range(2, 11)]), "op.drop_table('p_wide')\n"),
        ("plant column re-added at the end", "op.drop_column('p_wide', 'c5')\n",
         "op.add_column('p_wide', sa.Column('c5', sa.Integer()))\n"),
    ],
    "lost-objects": [
        ("plant hub and many-column table",
         "op.create_table('p_hub', sa.Column('id', sa.Integer(), primary_key=True))\n"
         + _wide_table("p_many", _HUBS + _MANY_REST)
         + "".join(f"op.create_foreign_key('fk_p_many_{h}', 'p_many', 'p_hub', ['{h}'], ['id'])\n" for h in _HUBS)
         + "".join(f"op.create_index('ix_p_many_{h}', 'p_many', ['{h}'])\n" for h in _HUBS[:2]),
         "op.drop_table('p_many')\nop.drop_table('p_hub')\n"),
        ("plant downgrade loses foreign keys and indexes",
         "".join(f"op.drop_index('ix_p_many_{h}', table_name='p_many')\n" for h in _HUBS[:2])
         + "".join(f"op.drop_constraint('fk_p_many_{h}', 'p_many', type_='foreignkey')\n" for h in _HUBS)
         + "".join(f"op.drop_column('p_many', '{h}')\n" for h in _HUBS),
         "".join(f"op.add_column('p_many', sa.Column('{h}', sa.Integer()))\n" for h in _HUBS)),
    ],
    "raise-runtime": [
        ("plant one-way data migration", "op.create_table('p_oneway', sa.Column('id', sa.Integer()))\n",
         'raise RuntimeError("Cannot undelete data!")\n'),
    ],
    "raise-bare": [
        ("plant one-way without message", "op.create_table('p_oneway_bare', sa.Column('id', sa.Integer()))\n",
         '"""There is no way back."""\nraise Exception()\n'),
    ],
    "noop-upgrade": [
        ("plant no-op upgrade",
         '"""Only needed on other databases."""\nif op.get_bind().dialect.name == "postgresql":\n    return\npass\n',
         ""),
    ],
}


# --------------------------------------------------------------------------
# graph


class ShapeGenerator:
    """The scale shapes of --shape: graph only, every body `pass`."""

    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)
        self.nodes = []
        self.by_rev = {}
        self.clock = 0
        self.head = None

    def date(self):
        return Generator.date(self)

    def new_id(self):
        return Generator.new_id(self)

    def add(self, down, message):
        n = Node(self.new_id(), down, message, "", "", self.date(), [], "shape")
        self.nodes.append(n)
        self.by_rev[n.rev] = n
        self.head = n.rev
        return n

    def build(self):
        count = self.a.revisions
        getattr(self, "build_" + self.a.shape.replace("-", "_"))(count)

    def build_chain(self, count):
        for k in range(count):
            self.add(self.nodes[-1].rev if self.nodes else None, f"chain {k}")

    def build_chain_deps(self, count):
        for k in range(count):
            n = self.add(self.nodes[-1].rev if self.nodes else None, f"chain {k}")
            if k >= 2:
                n.depends = self.nodes[-3].rev

    def build_lattice(self, layers):
        a = self.add(None, "layer 0 a")
        b = self.add(a.rev, "layer 0 b")
        for k in range(1, layers):
            below = (a.rev, b.rev)
            a = self.add(below, f"layer {k} a")
            b = self.add(below, f"layer {k} b")

    def build_fanout(self, width):
        root = self.add(None, "root")
        for k in range(width):
            self.add(root.rev, f"leaf {k}")

    def build_random(self, count):
        rng = self.rng
        labels = []
        for k in range(count):
            older = self.nodes[:]  # before this revision is added
            if not older or rng.random() < 0.04:
                n = self.add(None, f"base {k}")
            else:
                recent = older[max(0, len(older) - 12):]
                if len(older) > 2 and rng.random() < 0.2:
                    down = tuple(dict.fromkeys(r.rev for r in rng.sample(recent, min(len(recent), rng.randint(2, 3)))))
                    down = down if len(down) > 1 else down[0]
                else:
                    down = rng.choice(recent).rev
                n = self.add(down, f"node {k}")
                if len(older) > 3 and rng.random() < 0.3:
                    # one dependency each: Alembic orders several through a set (hash order);
                    # popular targets make several revisions on one line share a dependency,
                    # which Alembic then keeps only on the lowest of them
                    parents = set(n.down) if isinstance(n.down, tuple) else {n.down}
                    pool = [t.rev for t in (older[:8] if rng.random() < 0.5 else older) if t.rev not in parents]
                    if labels and rng.random() < 0.2:
                        n.depends = rng.choice(labels)
                    elif pool:
                        n.depends = rng.choice(pool)
            if rng.random() < 0.05:
                n.labels = (f"label_{k}",)
                labels.append(f"label_{k}")

    def write(self):
        mig = os.path.join(self.a.dir, "migrations")
        versions = os.path.join(mig, "versions")
        os.makedirs(versions, exist_ok=True)
        with open(os.path.join(self.a.dir, "alembic.ini"), "w") as f:
            f.write(INI)
        with open(os.path.join(mig, "env.py"), "w") as f:
            f.write(ENV_PY)
        with open(os.path.join(mig, "script.py.mako"), "w") as f:
            f.write(MAKO)
        for n in self.nodes:
            with open(os.path.join(versions, f"{n.rev}_{slugify(n.message)}.py"), "w", encoding="utf-8") as f:
                f.write(render_builtin(n, "modern"))


class Generator:
    """Builds the revision graph in file-creation order."""

    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)
        self.schema = Schema(self.rng)
        self.nodes = []
        self.by_rev = {}
        self.faults = {}  # --fault: 1-based node index -> kinds
        self.clock = 0

    def date(self):
        self.clock += 1
        m, s = divmod(self.clock, 60)
        h, m = divmod(m, 60)
        d, h = divmod(h, 24)
        return f"2024-01-{1 + d % 28:02d} {h:02d}:{m:02d}:{s:02d}.000000"

    def new_id(self):
        while True:
            r = rev_id(self.rng)
            if r not in self.by_rev:
                return r

    def add(self, down, tag, kind, parent_tables):
        msg, up, down_body, created = self.schema.step(tag, parent_tables)
        tables = parent_tables + ([created] if created else [])
        n = Node(self.new_id(), down, msg, up, down_body, self.date(), tables, kind)
        self.nodes.append(n)
        self.by_rev[n.rev] = n
        return n

    def merge(self, heads, message="merge heads"):
        tables = []
        for h in heads:
            tables += [t for t in self.by_rev[h].tables if t not in tables]
        n = Node(self.new_id(), tuple(heads), message, "", "", self.date(), tables, "merge")
        self.nodes.append(n)
        self.by_rev[n.rev] = n
        return n

    def chain(self, down, tag, kind, length, parent_tables):
        first = last = None
        for _ in range(length):
            last = self.add(last.rev if last else down, tag, kind, last.tables if last else parent_tables)
            first = first or last
        return first, last

    def build(self):
        a, rng = self.a, self.rng
        total = a.revisions
        # each merged side branch adds two revisions (the side one and the merge)
        side_branches = min(a.branches, max(0, (total - 2) // 3))
        trunk_len = max(1, total - 2 * side_branches)
        forks = sorted(rng.sample(range(1, max(2, trunk_len - 1)), min(side_branches, max(0, trunk_len - 2))))
        # extra roots (--bases): independent chains merged into the trunk later
        pending = []  # (merge_at_index, side_head)
        base_roots = []
        for b in range(max(0, a.bases - 1)):
            first, last = self.chain(None, f"r{b + 1}", "base", rng.randint(1, 2), [])
            base_roots.append(first)
            pending.append((rng.randint(1, max(1, trunk_len - 1)), last.rev))
        # unmerged side branches (--heads) and the effective-head target (--depends-on)
        head_forks = {}
        for h in range(max(0, a.heads - 1)):
            head_forks.setdefault(rng.randrange(0, trunk_len), []).append(h + 1)
        dep_fork = rng.randrange(0, max(1, trunk_len - 1)) if a.depends_on > 0 else None
        head = None
        trunk = []
        i = 0
        head_roots, dep_node = [], None
        while len(trunk) < trunk_len:
            due = [p for p in pending if p[0] <= i]
            if due and head is not None:
                p = due[0]
                pending.remove(p)
                head = self.merge((head, p[1])).rev
                continue
            n = self.add(head, "m", "trunk", self.by_rev[head].tables if head else [])
            trunk.append(n)
            if forks and forks[0] == i:
                forks.pop(0)
                side = self.add(n.rev, "b", "side", n.tables)
                pending.append((i + rng.randint(1, 3), side.rev))
            for h in head_forks.get(i, []):
                first, _ = self.chain(n.rev, f"h{h}", "head", rng.randint(1, 3), n.tables)
                head_roots.append(first)
            if dep_fork == i:
                dep_node = self.add(n.rev, "d", "dep", n.tables)
            head = n.rev
            i += 1
        # merge any branch still open, so only the --heads branches stay open
        for _, side in sorted(pending):
            head = self.merge((head, side)).rev
        self.head = head
        self.trunk = trunk
        self.add_depends(dep_node)
        if a.branch_labels:
            for k, n in enumerate(base_roots):
                n.labels = (f"base_{k + 1}",)
            for k, n in enumerate(head_roots):
                n.labels = (f"head_{k + 1}",)
            if dep_node is not None:
                dep_node.labels = ("dependency",)

    def plant(self, kinds):
        """--plant: revisions with known faults, chained on top of the head."""
        for kind in kinds:
            for message, up, down_body in PLANTED[kind]:
                n = Node(self.new_id(), self.head, message, up, down_body, self.date(),
                         self.by_rev[self.head].tables, "trunk")
                self.nodes.append(n)
                self.by_rev[n.rev] = n
                self.head = n.rev

    def add_depends(self, dep_node):
        """--depends-on K: K revisions with depends_on edges."""
        k = self.a.depends_on
        if k <= 0:
            return
        order = {n.rev: idx for idx, n in enumerate(self.nodes)}
        later = [n for n in self.trunk if order[n.rev] > order[dep_node.rev]]
        users = []
        if later:
            # a later trunk revision depends on the side revision nothing revises:
            # Alembic lists that side revision as an "(effective head)"
            first = self.rng.choice(later)
            first.depends = dep_node.rev
            users.append(first)
        candidates = [n for n in self.nodes if n.kind != "merge" and n not in users and order[n.rev] > 0]
        self.rng.shuffle(candidates)
        for n in candidates:
            if len(users) >= k:
                break
            # only revisions created earlier: they can never descend from n
            targets = [t for t in self.nodes[: order[n.rev]] if t.rev != n.down]
            if not targets:
                continue
            picked = self.rng.sample(targets, min(len(targets), self.rng.randint(1, 2)))
            n.depends = picked[0].rev if len(picked) == 1 else tuple(t.rev for t in picked)
            users.append(n)

    def assign_forms(self):
        single = [n for n in self.nodes if n.kind != "merge"]
        merges = [n for n in self.nodes if n.kind == "merge"]
        for idx, n in enumerate(single):
            n.form = SINGLE_FORMS[idx % len(SINGLE_FORMS)]
        for idx, n in enumerate(merges):
            n.form = MERGE_FORMS[idx % len(MERGE_FORMS)]
        # one legacy file named after its bare hex id, without a revision variable
        plain = [n for n in single if n.down is not None and n.form == "single"]
        if plain:
            plain[-1].form = "legacy_hex"
        # branch_labels given as a plain string on the trunk root
        root = self.nodes[0] if self.nodes else None
        if root is not None and not root.labels:
            root.labels = ("trunk",)

    def write(self):
        a = self.a
        mig = os.path.join(a.dir, "migrations")
        versions = os.path.join(mig, "versions")
        os.makedirs(versions, exist_ok=True)
        template = a.template
        ini = {"pyproject": INI_PYPROJECT, "multidb": INI_MULTIDB}.get(template, INI)
        with open(os.path.join(a.dir, "alembic.ini"), "w") as f:
            f.write(ini)
        if template == "pyproject":
            with open(os.path.join(a.dir, "pyproject.toml"), "w") as f:
                f.write(PYPROJECT_TOML)
        env = a.env or ("asyncpg" if template == "async" else None)
        if template == "multidb":
            env_text = ENV_MULTIDB
        elif env == "asyncpg":
            env_text = ENV_ASYNCPG
        elif env in ("psycopg2", "psycopg"):
            env_text = ENV_SYNC_DRIVER.format(driver=env)
        else:
            env_text = ENV_PY
        with open(os.path.join(mig, "env.py"), "w") as f:
            f.write(env_text)
        mako = {"alembic-1.0": MAKO_1_0, "alembic-1.11": MAKO_1_11, "multidb": MAKO_MULTIDB,
                "superset": MAKO_SUPERSET}.get(template, MAKO)
        with open(os.path.join(mig, "script.py.mako"), "w") as f:
            f.write(mako)
        style_rng = random.Random(a.seed * 7919 + 1)
        for n in self.nodes:
            if n.form:
                text = render_form(n, n.form)
                name = f"{n.rev}.py" if n.form == "legacy_hex" else f"{n.rev}_{slugify(n.message)}.py"
            else:
                if template:
                    text = render_template(n, template)
                else:
                    style = a.style if a.style != "mixed" else style_rng.choice(["modern", "classic"])
                    text = render_builtin(n, style)
                name = f"{n.rev}_{slugify(n.message)}.py"
            for kind in self.faults.get(self.nodes.index(n) + 1, []):
                text = plant_fault(text, kind)
            # newline="" keeps CRLF forms byte-exact
            with open(os.path.join(versions, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)


FAULTS = ("import-missing-package", "import-syntax-error", "import-raises", "driver-exit")


def plant_fault(text, kind):
    """The revision file `text` with the fault `kind` planted (see --fault)."""
    if kind == "import-missing-package":
        return text + "\nimport migcheck_planted_missing_package  # noqa: E402,F401 (planted fault)\n"
    if kind == "import-syntax-error":
        return text + "\nplanted = 1 if True  # planted fault: no else\n"
    if kind == "import-raises":
        return text + '\nraise RuntimeError("planted fault: settings missing at import time")\n'
    if kind == "driver-exit":
        start, end = text.index("def upgrade("), text.index("def downgrade(")
        return text[:start] + "def upgrade():\n    import os\n\n    os._exit(3)  # planted fault\n\n\n" + text[end:]
    raise ValueError(kind)


def parse_fault(value):
    kind, _, index = value.partition(":")
    if kind not in FAULTS or not index.isdigit() or int(index) < 1:
        raise argparse.ArgumentTypeError(f"expected KIND:N with KIND one of {', '.join(FAULTS)}")
    return kind, int(index)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--revisions", type=int, default=50)
    ap.add_argument("--branches", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--style", choices=["modern", "classic", "mixed"], default="mixed")
    ap.add_argument("--heads", type=int, default=1, help="unmerged heads left at the end")
    ap.add_argument("--bases", type=int, default=1, help="independent roots")
    ap.add_argument("--depends-on", type=int, default=0, help="revisions with depends_on")
    ap.add_argument("--branch-labels", action="store_true")
    ap.add_argument("--forms", action="store_true", help="every syntactic form Alembic accepts")
    ap.add_argument("--template", choices=TEMPLATES)
    ap.add_argument("--env", choices=["psycopg2", "psycopg", "asyncpg"])
    ap.add_argument("--fault", type=parse_fault, action="append", default=[], metavar="KIND:N")
    ap.add_argument("--plant", action="append", default=[], choices=sorted(PLANTED),
                    help="append revisions with a known fault (repeatable)")
    ap.add_argument("--shape", choices=["chain", "chain-deps", "lattice", "fanout", "random"])
    a = ap.parse_args()
    if a.fault and (a.forms or max(index for _, index in a.fault) > a.revisions):
        ap.error("--fault cannot be combined with --forms, and N must be at most --revisions")
    if a.revisions < 1 or a.heads < 1 or a.bases < 1 or a.branches < 0 or a.depends_on < 0:
        ap.error("--revisions, --heads and --bases must be >= 1; --branches, --depends-on >= 0")
    if a.forms and a.template == "multidb":
        ap.error("--forms renders single-database files; it cannot be combined with --template multidb")
    if a.shape:
        g = ShapeGenerator(a)
        g.build()
        g.write()
        print(g.head)
        return
    g = Generator(a)
    for kind, index in a.fault:
        g.faults.setdefault(index, []).append(kind)
    g.build()
    g.plant(a.plant)
    if a.forms:
        g.assign_forms()
    g.write()
    print(g.head)


if __name__ == "__main__":
    main()
