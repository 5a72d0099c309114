#!/usr/bin/env python3
"""Benchmark: peak memory of `migcheck roundtrip` and of its Python driver on a long history.

Generates a linear project (default 1,000 revisions) with Tests/Corpus/gen_alembic_project.py,
starts one held cluster (`migcheck debug start-cluster --hold`), runs `migcheck roundtrip
--database-url` on it and samples /proc every 50 ms for the peak resident set (VmHWM) of the
migcheck process and of every Python process it starts (the Alembic driver). Prints both peaks
and the wall time; exits 2 when something could not run. No target: the figures go in
Benchmarks/README.md.

Usage: Benchmarks/roundtrip_memory.py [--migcheck .build/release/migcheck] [--python .venv/bin/python]
                                      [--revisions 1000]
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time

import benchlib
from roundtrip import start_cluster

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def hwm_kb(pid):
    """VmHWM of `pid` in kB, or 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    """Direct children of `pid`."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--migcheck", default=os.path.join(ROOT, ".build/release/migcheck"))
    parser.add_argument("--python", default=os.environ.get("MIGCHECK_TEST_PYTHON") or os.path.join(ROOT, ".venv/bin/python"))
    parser.add_argument("--revisions", type=int, default=1000)
    args = parser.parse_args()
    migcheck, python = os.path.abspath(args.migcheck), os.path.abspath(args.python)
    if not os.access(migcheck, os.X_OK):
        benchlib.fail("roundtrip memory benchmark", f"{migcheck} not found; run `swift build -c release` first")
    cluster, server = start_cluster(migcheck)
    workspace = tempfile.mkdtemp(prefix="rtmem-")
    try:
        directory = os.path.join(workspace, "project")
        benchlib.run("generator", [python, os.path.join(ROOT, "Tests/Corpus/gen_alembic_project.py"), "--revisions",
                                   str(args.revisions), "--branches", "0", "--env", "psycopg2", "--seed", "3", directory], ROOT)
        started = time.monotonic()
        process = subprocess.Popen([migcheck, "roundtrip", "--database-url", server, "--python", python], cwd=directory,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak_migcheck = peak_driver = 0
        while process.poll() is None:
            peak_migcheck = max(peak_migcheck, hwm_kb(process.pid))
            for child in children(process.pid):
                peak_driver = max(peak_driver, hwm_kb(child))
            time.sleep(0.05)
        seconds = time.monotonic() - started
        if process.returncode not in (0, 1):
            benchlib.fail("roundtrip memory benchmark", f"migcheck exited {process.returncode}: {process.stderr.read()[-500:]}")
        print(f"{args.revisions} revisions: {seconds:.1f} s; peak RSS migcheck {peak_migcheck / 1024:.1f} MB, "
              f"Python driver {peak_driver / 1024:.1f} MB")
    finally:
        cluster.terminate()
        cluster.wait(timeout=30)
        shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    main()
