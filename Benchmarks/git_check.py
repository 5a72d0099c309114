#!/usr/bin/env python3
"""Benchmark: `migcheck check --staged` on a generated repository with 5,000 commits and 2,000
migrations, against `git diff --cached --name-status <merge-base>` alone (target: within 3x) and
against a hand-written Python check (Alembic ScriptDirectory heads + git subprocesses, see
handwritten_check.py; target: at least 20x faster). Peak memory of migcheck must stay under 100 MB.

Usage: Benchmarks/git_check.py [--migcheck PATH] [--python PATH] [--runs N] [--keep]
Defaults: .build/release/migcheck and .venv/bin/python beside this directory. Standard library only.
Exits 1 when a target is missed, 2 when the benchmark cannot run.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import benchlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
COMMITS = 5000
MIGRATIONS = 2000
MODULES = 200


def revision_id(i):
    return f"{(i * 2654435761) % (16 ** 12):012x}"


def migration(i):
    rev = revision_id(i)
    down = f"'{revision_id(i - 1)}'" if i else "None"
    return f'''"""create table t{i}

Revision ID: {rev}
Revises: {revision_id(i - 1) if i else ""}
Create Date: 2024-01-01 00:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "{rev}"
down_revision: Union[str, Sequence[str], None] = {down}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "t{i}",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now()),
    )
    op.create_index("ix_t{i}_name", "t{i}", ["name"])


def downgrade() -> None:
    op.drop_index("ix_t{i}_name", table_name="t{i}")
    op.drop_table("t{i}")
'''


def blob(path, text):
    data = text.encode()
    return f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"


def fast_import_stream():
    """5,000 commits on main: the first 2,000 each add a migration, the rest edit application code."""
    out = []
    stamp = 1_700_000_000
    for i in range(COMMITS):
        message = f"commit {i}".encode()
        head = (f"commit refs/heads/main\nmark :{i + 1}\n"
                f"author Dev <dev@example.com> {stamp + i * 60} +0000\n"
                f"committer Dev <dev@example.com> {stamp + i * 60} +0000\n"
                f"data {len(message)}\n").encode() + message + b"\n"
        if i:
            head += f"from :{i}\n".encode()
        body = b""
        if i == 0:
            body += blob("alembic.ini", "[alembic]\nscript_location = migrations\n\n[loggers]\nkeys = root\n")
            body += blob("migrations/env.py", "from alembic import context\n")
            body += blob("migrations/script.py.mako", '"""${message}"""\n')
            body += blob("README.md", "# app\n")
        if i < MIGRATIONS:
            body += blob(f"migrations/versions/{revision_id(i)}_create_table_t{i}.py", migration(i))
        else:
            module = i % MODULES
            body += blob(f"app/module_{module}.py", f"VALUE = {i}\n\ndef f():\n    return VALUE * {module}\n")
        out.append(head + body + b"\n")
    return b"".join(out)


def run(cmd, cwd, env=None):
    return subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True)


def build_repository(directory):
    run(["git", "init", "-q", "-b", "main", directory], cwd=None)
    for key, value in [("user.name", "Bench"), ("user.email", "bench@example.com"), ("commit.gpgsign", "false")]:
        run(["git", "config", key, value], cwd=directory)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=directory, input=fast_import_stream(), check=True)
    run(["git", "checkout", "-q", "-f", "main"], cwd=directory)
    run(["git", "checkout", "-q", "-b", "feature"], cwd=directory)
    # The change under test: one new revision on the head, staged.
    rev = "feedfacecafe"
    path = os.path.join(directory, "migrations", "versions", f"{rev}_new_feature.py")
    text = migration(MIGRATIONS).replace(revision_id(MIGRATIONS), rev)
    with open(path, "w") as f:
        f.write(text)
    run(["git", "add", "-A"], cwd=directory)
    count = run(["git", "rev-list", "--count", "main"], cwd=directory).stdout.decode().strip()
    assert count == str(COMMITS), count


def timed(cmd, cwd, runs, env=None, expect=(0,)):
    """Median wall time over `runs`, after one warm-up run."""
    return benchlib.median_seconds("git_check", cmd, cwd, runs, env=env, expect=expect)


def peak_memory_mb(cmd, cwd, env=None):
    """Peak RSS (MB) of one run, from wait4's rusage for that child alone."""
    return benchlib.peak_rss_mb(cmd, cwd, env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--migcheck", default=os.path.join(ROOT, ".build", "release", "migcheck"))
    parser.add_argument("--python", default=os.path.join(ROOT, ".venv", "bin", "python"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the generated repository")
    args = parser.parse_args()
    args.migcheck = os.path.abspath(args.migcheck)
    args.python = os.path.abspath(args.python)
    for tool, path in [("migcheck", args.migcheck), ("python", args.python)]:
        if not os.access(path, os.X_OK):
            sys.stderr.write(f"git_check: {tool} not found at {path} (build with `swift build -c release`; venv: ci/setup.sh)\n")
            return 2
    workdir = tempfile.mkdtemp(prefix="migcheck-bench-")
    try:
        repo = os.path.join(workdir, "repo")
        start = time.perf_counter()
        build_repository(repo)
        print(f"generated {COMMITS} commits, {MIGRATIONS + 1} migrations in {time.perf_counter() - start:.1f}s ({repo})")
        env = dict(os.environ, CI="", NO_COLOR="1")
        merge_base = run(["git", "merge-base", "main", "HEAD"], cwd=repo).stdout.decode().strip()

        mig_cmd = [args.migcheck, "check", "--staged", "--base", "main"]
        git_cmd = ["git", "diff", "--cached", "--name-status", merge_base]
        py_cmd = [args.python, os.path.join(HERE, "handwritten_check.py"), "--base", "main"]

        mig = timed(mig_cmd, repo, args.runs, env)
        git = timed(git_cmd, repo, args.runs, env)
        py = timed(py_cmd, repo, max(1, args.runs // 3), dict(env, PYTHONDONTWRITEBYTECODE="1"))
        peak, status = peak_memory_mb(mig_cmd, repo, env)
        if status != 0:
            sys.stderr.write(f"migcheck exited {status} on the clean feature branch\n")
            return 2

        vs_git = mig / git
        vs_python = py / mig
        print(f"migcheck check --staged:            {mig * 1000:8.1f} ms (median of {args.runs})")
        print(f"git diff --cached --name-status:    {git * 1000:8.1f} ms")
        print(f"hand-written Python (alembic+git):  {py * 1000:8.1f} ms")
        print(f"migcheck peak memory:               {peak:8.1f} MB (target < 100)")
        print(f"ratio migcheck / git:               {vs_git:8.2f}x (target <= 3)")
        print(f"ratio Python / migcheck:            {vs_python:8.1f}x (target >= 20)")
        missed = []
        if vs_git > 3:
            missed.append("within 3x of git")
        if vs_python < 20:
            missed.append("20x faster than the Python script")
        if peak >= 100:
            missed.append("peak memory under 100 MB")
        if missed:
            print("MISSED: " + ", ".join(missed))
            return 1
        print("all targets met")
        return 0
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
