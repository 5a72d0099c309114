#!/usr/bin/env python3
"""Scale cases for the revision graph (issue 13, item 10): wall time, CPU time and peak RSS of
`migcheck heads`, `history` and `check --no-git` (static) on four generated shapes.

Build first (this script builds nothing):

    swift build -c release --static-swift-stdlib
    python3 Benchmarks/scale.py [--migcheck .build/release/migcheck] [--projects DIR]

Shapes (Tests/Corpus/gen_alembic_project.py --shape):
  chain      a 100,000-revision linear chain
  fanout     one root revised by 20,000 heads
  lattice    a 2-wide merge lattice of 20,000 layers (40,000 revisions, two heads)
  chain-deps an 8,000-revision chain, each revision also depending on the one two back

Each shape is generated into --projects (kept there and reused on later runs: writing 100,000
files takes minutes) or a temporary directory. The parse cache is warmed by one untimed run,
after the files have aged past the cache's two-second racy window; then each command runs
--runs times and the median wall time is reported, with the user+system CPU time and the peak
RSS of the median run (wait4's rusage for that child alone). `heads` is also timed once with
the parse cache off (MIGCHECK_NO_CACHE=1), for reference.

Targets: every command under 2 s and 300 MB; `heads` on the chain under 1.5 s (warm cache).
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
NAME = "scale.py"

SHAPES = [("chain", 100000), ("fanout", 20000), ("lattice", 20000), ("chain-deps", 8000)]
COMMANDS = [["heads"], ["history"], ["check", "--no-git"]]
WALL_S = 2.0
RSS_MB = 300.0
CHAIN_HEADS_S = 1.5
TIMEOUT_S = 600


def measure(cmd, cwd, env=None):
    """(wall seconds, CPU seconds, peak RSS MB, exit status) of one run, output discarded;
    fails when it runs past TIMEOUT_S."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    previous = os.getcwd()
    try:
        os.chdir(cwd)
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
        start = time.perf_counter()
        pid = os.posix_spawn(cmd[0], cmd, env or os.environ, file_actions=actions)
    finally:
        os.chdir(previous)
        os.close(devnull)
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() - start > TIMEOUT_S:
            os.kill(pid, 9)
            os.wait4(pid, 0)
            benchlib.fail(NAME, f"{' '.join(cmd)} in {cwd} ran past {TIMEOUT_S} s")
        time.sleep(0.002)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def project(base, shape, size):
    """The generated project for `shape`, made once under `base`."""
    directory = os.path.join(base, f"{shape}-{size}")
    marker = os.path.join(directory, ".complete")
    if not os.path.exists(marker):
        shutil.rmtree(directory, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, GENERATOR, directory, "--shape", shape, "--revisions", str(size)],
                       check=True, stdout=subprocess.DEVNULL)
        open(marker, "w").close()
        print(f"generated {shape} ({size}) in {time.perf_counter() - started:.0f} s", flush=True)
        time.sleep(2.5)  # past the parse cache's racy window
    return directory


def main():
    ap = argparse.ArgumentParser(description="Scale cases for migcheck's revision graph.")
    ap.add_argument("--migcheck", default=os.path.join(ROOT, ".build", "release", "migcheck"))
    ap.add_argument("--projects", help="keep the generated projects here and reuse them")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (median reported)")
    ap.add_argument("--shapes", default=",".join(s for s, _ in SHAPES), help="comma-separated subset")
    a = ap.parse_args()
    migcheck = os.path.abspath(a.migcheck)
    if not os.access(migcheck, os.X_OK):
        benchlib.fail(NAME, f"no migcheck binary at {migcheck}: build it first")
    base = a.projects or tempfile.mkdtemp(prefix="migcheck-scale-")
    os.makedirs(base, exist_ok=True)
    cache = tempfile.mkdtemp(prefix="migcheck-scale-cache-")
    env = dict(os.environ, MIGCHECK_CACHE_DIR=cache, NO_COLOR="1")
    missed = []
    wanted = a.shapes.split(",")
    try:
        print(f"{'shape':<12} {'command':<16} {'wall':>9} {'cpu':>9} {'peak RSS':>10}")
        for shape, size in SHAPES:
            if shape not in wanted:
                continue
            directory = project(base, shape, size)
            cold = measure([migcheck, "heads"], directory, dict(env, MIGCHECK_NO_CACHE="1"))
            print(f"{shape:<12} {'heads (no cache)':<16} {cold[0]:8.2f}s {cold[1]:8.2f}s {cold[2]:8.1f}MB", flush=True)
            measure([migcheck, "heads"], directory, env)  # warms the parse cache
            for command in COMMANDS:
                runs = sorted((measure([migcheck] + command, directory, env) for _ in range(a.runs)), key=lambda r: r[0])
                wall, cpu, rss, status = runs[len(runs) // 2]
                if status not in (0, 1):
                    benchlib.fail(NAME, f"migcheck {' '.join(command)} on {shape} exited {status}")
                label = " ".join(command)
                print(f"{shape:<12} {label:<16} {wall:8.2f}s {cpu:8.2f}s {rss:8.1f}MB", flush=True)
                limit = CHAIN_HEADS_S if (shape, command[0]) == ("chain", "heads") else WALL_S
                if wall > limit:
                    missed.append(f"{shape} {label}: {wall:.2f} s (target < {limit} s)")
                if max(r[2] for r in runs) > RSS_MB:
                    missed.append(f"{shape} {label}: {max(r[2] for r in runs):.0f} MB (target < {RSS_MB:.0f} MB)")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if not a.projects:
            shutil.rmtree(base, ignore_errors=True)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for line in missed:
        print(f"{NAME}: target missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except benchlib.Failure as failure:
        sys.exit(failure.code)
