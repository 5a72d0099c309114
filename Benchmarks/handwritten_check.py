#!/usr/bin/env python3
"""What teams hand-write in CI to guard Alembic migrations: Alembic's ScriptDirectory for the heads,
git subprocesses for the merge base and the changed files. Used by git_check.py as the comparison
point. Usage: handwritten_check.py [--base main] (run inside the repository, with alembic installed).
Exit 1 when a merged migration was modified/deleted or there is more than one head."""
import argparse
import subprocess
import sys

from alembic.config import Config
from alembic.script import ScriptDirectory


def git(*args):
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="main")
    args = parser.parse_args()
    config = Config("alembic.ini")
    script = ScriptDirectory.from_config(config)
    heads = script.get_heads()
    problems = []
    if len(heads) > 1:
        problems.append(f"multiple heads: {', '.join(heads)}")
    versions = [loc for loc in (script.version_locations or [script.versions])]
    merge_base = git("merge-base", args.base, "HEAD").strip()
    changed = git("diff", "--cached", "--name-status", merge_base, "--", *versions)
    for line in changed.splitlines():
        status, *paths = line.split("\t")
        if status[0] in "MDR":
            problems.append(f"{status} {paths[0]}: merged migration changed")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
