"""What every benchmark script here needs: failing with a message, wall-time medians, peak
memory of one child, and reading a child's output line by line against a deadline.

Only the Python standard library is used. Each script imports this module from its own folder
(`python3 Benchmarks/heads.py` puts Benchmarks/ first on sys.path).
"""
import os
import select
import statistics
import subprocess
import sys
import time


class Failure(SystemExit):
    """The benchmark could not run (exit status 2 unless said otherwise)."""


def fail(name, message, status=2):
    """Prints `name: message` on standard error and exits with `status`."""
    print(f"{name}: {message}", file=sys.stderr)
    raise Failure(status)


def describe(cmd):
    return cmd if isinstance(cmd, str) else " ".join(cmd)


def run(name, cmd, cwd, shell=False, env=None, expect=(0,)):
    """Runs `cmd` to completion and returns its standard output; fails on an unexpected exit."""
    result = subprocess.run(cmd, cwd=cwd, shell=shell, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})})
    if result.returncode not in expect:
        fail(name, f"{describe(cmd)} failed ({result.returncode}): "
                   f"{(result.stdout + result.stderr).decode(errors='replace')[-500:]}")
    return result.stdout


def median_seconds(name, cmd, cwd, runs, shell=False, env=None, expect=(0,)):
    """Median wall time of `runs` runs, after one untimed warm-up run (page cache, loader, caches)."""
    run(name, cmd, cwd, shell, env, expect)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(name, cmd, cwd, shell, env, expect)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def spawn_median(name, argv, cwd, runs, env=None):
    """Median wall time of `argv` started with posix_spawn, output to /dev/null, after one
    untimed warm-up run: Python's own overhead stays small for millisecond commands."""
    environment = dict(os.environ, **(env or {}))
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
        times = []
        for index in range(runs + 1):
            previous = os.getcwd()
            os.chdir(cwd)
            try:
                start = time.perf_counter()
                pid = os.posix_spawn(argv[0], argv, environment, file_actions=actions)
                _, status = os.waitpid(pid, 0)
                elapsed = time.perf_counter() - start
            finally:
                os.chdir(previous)
            if os.waitstatus_to_exitcode(status) != 0:
                fail(name, f"{' '.join(argv)} exited with {os.waitstatus_to_exitcode(status)}")
            if index:
                times.append(elapsed)
        return statistics.median(times)
    finally:
        os.close(devnull)


def peak_rss_mb(cmd, cwd, env=None):
    """(peak RSS in MB, exit status) of one run of `cmd`, from wait4's rusage for that child
    alone. posix_spawn (vfork and exec) keeps this Python's own pages out of the child's peak,
    which a plain fork would count."""
    import shutil
    program = cmd[0] if os.sep in cmd[0] else (shutil.which(cmd[0]) or cmd[0])
    devnull = os.open(os.devnull, os.O_WRONLY)
    previous = os.getcwd()
    try:
        os.chdir(cwd)
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
        pid = os.posix_spawn(program, cmd, env or os.environ, file_actions=actions)
    finally:
        os.chdir(previous)
        os.close(devnull)
    _, status, usage = os.wait4(pid, 0)
    return usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def read_lines_until(stream, deadline):
    """Yields lines of a text `stream` (a pipe) until end of file or time.monotonic() reaches
    `deadline`: a child that stops writing cannot block the caller past it."""
    buffer = ""
    fd = stream.fileno()
    while True:
        while "\n" in buffer:
            line, buffer = buffer.split("\n", 1)
            yield line + "\n"
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return
        chunk = os.read(fd, 65536)
        if not chunk:
            if buffer:
                yield buffer
            return
        buffer += chunk.decode(errors="replace")


def fmt_ms(seconds):
    return f"{seconds * 1000:9.1f} ms"


def finish(missed):
    """Prints the missed targets and exits 1, or says every target was met."""
    if missed:
        print("missed targets: " + "; ".join(missed))
        sys.exit(1)
    print("all targets met")
