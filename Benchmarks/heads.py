#!/usr/bin/env python3
"""Benchmark `migcheck heads` against `alembic heads` and against reading the files.

Build first (this script builds nothing):

    swift build -c release
    python3 Benchmarks/heads.py [--migcheck .build/release/migcheck] [--python .venv/bin/python]

In one run it
  1. generates a 2,000-revision project with 40 merged branches into a temp dir
     (Tests/Corpus/gen_alembic_project.py), checks that `migcheck heads` prints
     exactly what `alembic heads` prints, then times (median of --runs runs, warm
     cache, after one untimed warm-up run each) `migcheck heads`, `alembic heads`
     (the venv's) and `cat versions/*.py > /dev/null`;
  2. generates a 10,000-revision project and measures the peak RSS of
     `migcheck heads` in a fresh child process.

  3. times the start-up a hook pays on every commit: `migcheck --version`, and `migcheck heads`
     (parse cache warm) against `find versions -newer F` (one process that stats every file),
     with a lean spawn (posix_spawn, output to /dev/null) so Python's own overhead stays small;
     `/bin/true` is timed the same way and reported as the floor.

Targets: migcheck >= 50x faster than alembic, within 3x of cat, peak RSS < 50 MB,
`migcheck --version` <= 3 ms, warm `migcheck heads` <= 2x `find -newer`.
Exit status: 0 all targets met, 1 a target missed (each is named), 2 could not run.
Only the Python standard library is used.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import benchlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(ROOT, "Tests", "Corpus", "gen_alembic_project.py")

SPEEDUP_VS_ALEMBIC = 50.0
SLOWDOWN_VS_CAT = 3.0
PEAK_RSS_MB = 50.0
VERSION_MS = 3.0
SLOWDOWN_VS_FIND = 2.0

NAME = "heads.py"


def fail(message):
    benchlib.fail(NAME, message)


def generate(directory, revisions, branches, seed=1):
    subprocess.run([sys.executable, GENERATOR, directory, "--revisions", str(revisions),
                    "--branches", str(branches), "--seed", str(seed), "--style", "mixed"],
                   check=True, stdout=subprocess.DEVNULL)


def run(cmd, cwd, shell=False, env=None):
    return benchlib.run(NAME, cmd, cwd, shell=shell, env=env)


def median_seconds(cmd, cwd, runs, shell=False, env=None):
    return benchlib.median_seconds(NAME, cmd, cwd, runs, shell=shell, env=env)


def spawn_median(argv, cwd, runs, env=None):
    return benchlib.spawn_median(NAME, argv, cwd, runs, env=env)


fmt = benchlib.fmt_ms


def main():
    ap = argparse.ArgumentParser(description="Time migcheck heads vs alembic heads vs cat.")
    ap.add_argument("--migcheck", default=os.path.join(ROOT, ".build", "release", "migcheck"))
    ap.add_argument("--python", default=os.path.join(ROOT, ".venv", "bin", "python"),
                    help="a Python with alembic installed (the venv's)")
    ap.add_argument("--runs", type=int, default=9, help="timed runs per command (median reported)")
    ap.add_argument("--alembic-runs", type=int, default=3, help="timed runs of alembic (slow)")
    ap.add_argument("--revisions", type=int, default=2000)
    ap.add_argument("--branches", type=int, default=40)
    ap.add_argument("--rss-revisions", type=int, default=10000)
    a = ap.parse_args()

    migcheck = os.path.abspath(a.migcheck)
    if not os.access(migcheck, os.X_OK):
        fail(f"no migcheck at {migcheck}: run `swift build -c release` first, or pass --migcheck")
    if not os.access(a.python, os.X_OK):
        fail(f"no Python at {a.python}: run ci/setup.sh, or pass --python")
    alembic = [os.path.abspath(a.python), "-m", "alembic"]
    missed = []

    scratch = tempfile.mkdtemp(prefix="migcheck-bench-heads-")
    try:
        project = os.path.join(scratch, "p2000")
        generate(project, a.revisions, a.branches)
        versions = os.path.join(project, "migrations", "versions")
        count = len([f for f in os.listdir(versions) if f.endswith(".py")])
        ours, theirs = run([migcheck, "heads"], project), run(alembic + ["heads"], project)
        if ours != theirs:
            fail(f"migcheck heads printed {ours!r} but alembic heads printed {theirs!r}")
        print(f"project: {count} revision files, {a.branches} merged branches; heads: {ours.decode().strip()}")

        # A repository's files are older than migcheck's two-second racy window; freshly generated
        # ones are not, so let them age before timing the steady state (parse cache warm).
        time.sleep(3)
        cache_dir = os.path.join(scratch, "cache")
        t_cold = median_seconds([migcheck, "heads"], project, a.runs, env={"MIGCHECK_NO_CACHE": "1"})
        t_migcheck = median_seconds([migcheck, "heads"], project, a.runs, env={"MIGCHECK_CACHE_DIR": cache_dir})
        t_alembic = median_seconds(alembic + ["heads"], project, a.alembic_runs)
        t_cat = median_seconds("cat migrations/versions/*.py > /dev/null", project, a.runs, shell=True)
        speedup, vs_cat = t_alembic / t_migcheck, t_migcheck / t_cat
        print(f"migcheck heads  {fmt(t_cold)}   (median of {a.runs}; no parse cache: {t_alembic / t_cold:.1f}x faster than alembic)")
        print(f"migcheck heads  {fmt(t_migcheck)}   (median of {a.runs}; parse cache warm, as in a hook)")
        print(f"alembic heads   {fmt(t_alembic)}   (median of {a.alembic_runs})")
        print(f"cat *.py        {fmt(t_cat)}   (median of {a.runs})")
        print(f"migcheck is {speedup:.1f}x faster than alembic (target >= {SPEEDUP_VS_ALEMBIC:g}x)")
        print(f"migcheck takes {vs_cat:.2f}x the time of cat (target <= {SLOWDOWN_VS_CAT:g}x)")
        if speedup < SPEEDUP_VS_ALEMBIC:
            missed.append(f"speed vs alembic: {speedup:.1f}x < {SPEEDUP_VS_ALEMBIC:g}x")
        if vs_cat > SLOWDOWN_VS_CAT:
            missed.append(f"speed vs cat: {vs_cat:.2f}x > {SLOWDOWN_VS_CAT:g}x")

        # Start-up, as a hook pays it on every commit.
        find = shutil.which("find") or fail("no find on PATH")
        true = shutil.which("true") or fail("no true on PATH")
        reference = os.path.join(scratch, "reference")
        open(reference, "w").close()
        spawn_runs = max(a.runs * 5, 31)
        t_true = spawn_median([true], project, spawn_runs)
        t_version = spawn_median([migcheck, "--version"], project, spawn_runs)
        t_heads = spawn_median([migcheck, "heads"], project, spawn_runs, env={"MIGCHECK_CACHE_DIR": cache_dir})
        t_find = spawn_median([find, "migrations/versions", "-newer", reference], project, spawn_runs)
        print(f"true            {fmt(t_true)}   (median of {spawn_runs}; the spawn-and-wait floor)")
        print(f"migcheck --version {fmt(t_version)}   (target <= {VERSION_MS:g} ms)")
        print(f"migcheck heads  {fmt(t_heads)}   (parse cache warm)")
        print(f"find -newer     {fmt(t_find)}   (stats every revision file)")
        print(f"migcheck heads takes {t_heads / t_find:.2f}x the time of find -newer (target <= {SLOWDOWN_VS_FIND:g}x); "
              f"{t_alembic / t_heads:.1f}x faster than alembic")
        if t_version * 1000 > VERSION_MS:
            missed.append(f"migcheck --version: {t_version * 1000:.1f} ms > {VERSION_MS:g} ms")
        if t_heads / t_find > SLOWDOWN_VS_FIND:
            missed.append(f"heads vs find -newer: {t_heads / t_find:.2f}x > {SLOWDOWN_VS_FIND:g}x")

        big = os.path.join(scratch, "p10000")
        generate(big, a.rss_revisions, a.rss_revisions // 50, seed=2)
        peak_mb, status = benchlib.peak_rss_mb([migcheck, "heads"], big)
        if status != 0:
            fail(f"migcheck heads on the {a.rss_revisions}-revision project exited {status}")
        print(f"peak RSS of migcheck heads on {a.rss_revisions} revisions: {peak_mb:.1f} MB (target < {PEAK_RSS_MB:g} MB)")
        if peak_mb >= PEAK_RSS_MB:
            missed.append(f"peak RSS: {peak_mb:.1f} MB >= {PEAK_RSS_MB:g} MB")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    for m in missed:
        print(f"MISSED: {m}", file=sys.stderr)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
