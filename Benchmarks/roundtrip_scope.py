#!/usr/bin/env python3
"""Benchmark: `roundtrip --changed` and `roundtrip --shard K/N` against the full round trip.

On one throwaway PostgreSQL cluster (`migcheck debug start-cluster --hold`), with projects made by
Tests/Corpus/gen_alembic_project.py (linear, psycopg2), times the whole `migcheck roundtrip`
process (wall clock, interpreter and cluster work included; the median of `--repeat` runs, 3 by default):

* `--changed`: a 500-revision history committed on `main`, a branch adding one revision; the
  full run against `roundtrip --changed --base main`, both on migcheck's private cluster (the
  default; the saved base state exists only there), with a cache directory of their own. The first
  `--changed` run upgrades through the base and saves its state (reported on its own); the figure
  is the median of the runs after it, which start from that state. Target: at most 0.1 x the full run.
* `--shard`: a 400-revision history; the unsharded run against each of `--shard 1/4` … `4/4`
  (run one after the other here; in CI they run in parallel jobs), in `--repeat` rounds of one
  run each, so each round's slowest shard is compared with an unsharded run of the same minute.
  Target: the median of the rounds' slowest-shard ratios at most 0.35. The shards' findings
  together must equal the full run's in every round.

Prints the figures and ratios; exits 1 when a target is missed, 2 when something could not run.

Usage: Benchmarks/roundtrip_scope.py [--migcheck .build/release/migcheck] [--python .venv/bin/python]
                                     [--changed-size 500] [--shard-size 400] [--shards 4] [--repeat 3]
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time

import benchlib
from roundtrip import start_cluster

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NEW_REVISION = '''"""one more table

Revision ID: bench0new
Revises: {parent}
"""
from alembic import op
import sqlalchemy as sa

revision = "bench0new"
down_revision = "{parent}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("bench_new", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("bench_new")
'''


def fail(message, status=2):
    benchlib.fail("roundtrip scope benchmark", message, status)


def generate(python, directory, revisions):
    benchlib.run("generator", [python, os.path.join(ROOT, "Tests/Corpus/gen_alembic_project.py"), "--revisions",
                               str(revisions), "--branches", "0", "--env", "psycopg2", "--seed", "2", directory], ROOT)


REPEAT = 3


def roundtrip(migcheck, python, directory, server, *arguments, repeat=None, cache=None):
    """(seconds, findings, summary detail) of `migcheck roundtrip --format json`: the median wall time of
    REPEAT runs (the build machine's speed varies by 10-20 % from one run to the next). `server` None:
    migcheck's private cluster, with `cache` as its cache directory (MIGCHECK_CACHE_DIR)."""
    times = []
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CI")}
    if cache:
        environment["MIGCHECK_CACHE_DIR"] = cache
    where = ["--database-url", server] if server else []
    for _ in range(repeat or REPEAT):
        started = time.monotonic()
        result = subprocess.run([migcheck, "roundtrip", "--format", "json", *where, "--python",
                                 python, *arguments], cwd=directory, capture_output=True, text=True, env=environment)
        times.append(time.monotonic() - started)
        if result.returncode not in (0, 1):
            fail(f"migcheck roundtrip {' '.join(arguments)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    report = json.loads(result.stdout)
    return sorted(times)[len(times) // 2], report["findings"], report["summary"]["environments"][0]["detail"]


def git(directory, *arguments):
    benchlib.run("git", ["git", "-c", "user.email=b@example.com", "-c", "user.name=bench", *arguments], directory)


def bench_changed(args, workspace, server):
    directory = os.path.join(workspace, "changed")
    generate(args.python, directory, args.changed_size)
    git(directory, "init", "-q", "-b", "main", ".")
    git(directory, "add", "-A")
    git(directory, "commit", "-q", "-m", "base")
    git(directory, "checkout", "-q", "-b", "feature")
    head = benchlib.run("heads", [args.migcheck, "heads"], directory).decode().split()[0]
    with open(os.path.join(directory, "migrations/versions/bench0new_one_more_table.py"), "w") as handle:
        handle.write(NEW_REVISION.format(parent=head))
    cache = os.path.join(workspace, "cache")
    full, _, _ = roundtrip(args.migcheck, args.python, directory, None, cache=cache)
    changed_args = ("--changed", "--base", "main")
    first, _, first_detail = roundtrip(args.migcheck, args.python, directory, None, *changed_args, repeat=1, cache=cache)
    changed, findings, detail = roundtrip(args.migcheck, args.python, directory, None, *changed_args, cache=cache)
    if findings or not detail.startswith("1 revision added") or "restored from the base state" not in detail:
        fail(f"--changed did not check exactly the new revision from the saved base state: {detail} {findings}")
    if "applied unchecked" not in first_detail:
        fail(f"the first --changed run did not upgrade through the base: {first_detail}")
    ratio = changed / full
    print(f"--changed, 1 new revision on {args.changed_size} (private cluster): full {full:.2f} s; --changed: "
          f"first run (base upgraded, state saved) {first:.2f} s = {first / full:.3f}, later runs (base state "
          f"restored) {changed:.2f} s, ratio {ratio:.3f} (target <= 0.10)")
    return [] if ratio <= 0.10 else [f"--changed ratio {ratio:.3f} > 0.10"]


def bench_shards(args, workspace, server):
    """The unsharded run and the N shards, in REPEAT rounds of one run each: the build machine's speed drifts by
    tens of percent over a minute, so each round's slowest shard is compared with that round's unsharded run, and
    the median of those ratios is the figure (the medians of each run's times are printed too)."""
    directory = os.path.join(workspace, "shards")
    generate(args.python, directory, args.shard_size)
    rounds = []
    for _ in range(REPEAT):
        full, full_findings, _ = roundtrip(args.migcheck, args.python, directory, server, repeat=1)
        shards = []
        union = []
        for index in range(1, args.shards + 1):
            seconds, findings, detail = roundtrip(args.migcheck, args.python, directory, server,
                                                  "--shard", f"{index}/{args.shards}", repeat=1)
            shards.append((seconds, detail.split(";")[0]))
            union += findings
        key = lambda finding: (finding["rule"], finding.get("revision"), finding["message"])
        if sorted(map(key, union)) != sorted(map(key, full_findings)):
            fail("the shards' findings differ from the full run's")
        rounds.append((full, shards))
        print(f"  round {len(rounds)}: unsharded {full:.2f} s; shards " + ", ".join(f"{t:.2f}" for t, _ in shards)
              + f" s; slowest / unsharded {max(t for t, _ in shards) / full:.3f}")
    median = lambda values: sorted(values)[len(values) // 2]
    for index in range(args.shards):
        print(f"  shard {index + 1}/{args.shards}: median {median([r[1][index][0] for r in rounds]):.2f} s  "
              f"({rounds[0][1][index][1]})")
    full = median([r[0] for r in rounds])
    slowest = median([max(t for t, _ in r[1]) for r in rounds])
    ratio = median([max(t for t, _ in r[1]) / r[0] for r in rounds])
    print(f"--shard N/{args.shards} on {args.shard_size}: unsharded median {full:.2f} s, slowest shard median "
          f"{slowest:.2f} s ({slowest / full:.3f}); median of the rounds' ratios {ratio:.3f} (target <= 0.35)")
    return [] if ratio <= 0.35 else [f"slowest shard ratio {ratio:.3f} > 0.35"]


def main():
    global REPEAT
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--migcheck", default=os.path.join(ROOT, ".build/release/migcheck"))
    parser.add_argument("--python", default=os.environ.get("MIGCHECK_TEST_PYTHON") or os.path.join(ROOT, ".venv/bin/python"))
    parser.add_argument("--changed-size", type=int, default=500)
    parser.add_argument("--shard-size", type=int, default=400)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--only", choices=["changed", "shards"], help="run one of the two benchmarks")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="runs per figure (the median is reported)")
    args = parser.parse_args()
    REPEAT = max(1, args.repeat)
    args.migcheck = os.path.abspath(args.migcheck)
    args.python = os.path.abspath(args.python)
    if not os.access(args.migcheck, os.X_OK):
        fail(f"{args.migcheck} not found; run `swift build -c release` first")
    cluster, server = start_cluster(args.migcheck)
    workspace = tempfile.mkdtemp(prefix="rtscope-")
    try:
        missed = []
        if args.only != "shards":
            missed += bench_changed(args, workspace, server)
        if args.only != "changed":
            missed += bench_shards(args, workspace, server)
    finally:
        cluster.terminate()
        cluster.wait(timeout=30)
        shutil.rmtree(workspace, ignore_errors=True)
    benchlib.finish(missed)


if __name__ == "__main__":
    main()
