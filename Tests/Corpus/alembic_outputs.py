#!/usr/bin/env python3
"""Run several alembic commands in one Python process and print their outputs as JSON.

usage: python alembic_outputs.py DIR COMMAND [COMMAND ...]

Each COMMAND is one alembic command line given as a single string, for example
"heads -v" or "-n core history".  They run in DIR exactly as `alembic COMMAND`
would (same argument parser, same config discovery, same Config object), but
without paying Python's start-up and alembic's import once per command, which
is what makes the oracle tests affordable.

Prints {"results": [{"args": [...], "status": N, "stdout": "...", "stderr": "..."}]}.
status is the exit status `alembic` would have had (0, 255 for "FAILED:", 1 for
an uncaught exception, whose last traceback line is put in stderr).
"""
import contextlib
import io
import json
import os
import shlex
import sys
import traceback


class Capture(io.StringIO):
    """A text stream that alembic's write_outstream treats as UTF-8."""

    encoding = "utf-8"


def run(argv):
    from alembic.config import CommandLine, Config

    out, err = Capture(), Capture()
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli = CommandLine(prog="alembic")
            options = cli.parser.parse_args(argv)
            toml, ini = cli._inis_from_config(options)
            cfg = Config(file_=ini, toml_file=toml, ini_section=options.name, cmd_opts=options, stdout=out)
            cli.run_cmd(cfg, options)
        except SystemExit as exit_:
            status = (exit_.code & 0xFF) if isinstance(exit_.code, int) else 1
        except BaseException:  # noqa: B902 - report it the way the alembic process would die
            status = 1
            err.write(traceback.format_exc())
    return {"args": argv, "status": status, "stdout": out.getvalue(), "stderr": err.getvalue()}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    os.chdir(sys.argv[1])
    results = [run(shlex.split(command)) for command in sys.argv[2:]]
    sys.stdout.write(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
