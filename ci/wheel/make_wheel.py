#!/usr/bin/env python3
"""Packs a built migcheck binary and libpq into a platform wheel (before `auditwheel repair`).

Layout (PEP 427):
  migcheck-<v>.data/scripts/migcheck      the executable; pip installs it into the environment's bin
  migcheck/__init__.py, __main__.py        `python -m migcheck` runs that executable
  migcheck/_libpq/libpq.so.5               libpq, loaded by `migcheck roundtrip` at run time;
                                           `auditwheel repair` bundles its dependencies
  migcheck-<v>.dist-info/                  METADATA, WHEEL, RECORD, licenses

The archive is reproducible: entries sorted, every timestamp SOURCE_DATE_EPOCH (default: the
commit time the caller passes), fixed permissions.
"""

import argparse
import base64
import hashlib
import os
import sys
import time
import zipfile

SUMMARY = "Keeps Alembic migrations safe in git hooks and CI: multiple heads, edited merged migrations, schema round trips"

INIT = '''"""migcheck: keeps Alembic migrations safe in git hooks and CI.

The command is the native `migcheck` executable that this wheel installs into the environment's
scripts directory; this package only carries its version, the bundled libpq and `python -m migcheck`.
"""

import os
import sysconfig

__version__ = "{version}"


def executable() -> str:
    """The path of the installed `migcheck` executable."""
    return os.path.join(sysconfig.get_path("scripts"), "migcheck")
'''

MAIN = '''import os
import sys

from . import executable

if __name__ == "__main__":
    path = executable()
    os.execv(path, [path] + sys.argv[1:])
'''


def metadata(version: str, readme: str) -> str:
    return "\n".join([
        "Metadata-Version: 2.1",
        "Name: migcheck",
        f"Version: {version}",
        f"Summary: {SUMMARY}",
        "Requires-Python: >=3.8",
        "Classifier: Environment :: Console",
        "Classifier: Operating System :: POSIX :: Linux",
        "Classifier: Topic :: Database",
        "Classifier: Topic :: Software Development :: Quality Assurance",
        "Description-Content-Type: text/markdown",
        "",
        readme,
    ])


def wheel_file(tag: str) -> str:
    return "\n".join([
        "Wheel-Version: 1.0",
        "Generator: migcheck ci/wheel/make_wheel.py",
        "Root-Is-Purelib: false",
        f"Tag: {tag}",
        "",
    ])


def record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the stripped release executable")
    parser.add_argument("--libpq", required=True, help="libpq shared library to bundle (libpq.so.5)")
    parser.add_argument("--version", required=True)
    parser.add_argument("--readme", required=True, help="Markdown long description")
    parser.add_argument("--license", help="license file to include")
    parser.add_argument("--tag", default="py3-none-linux_x86_64")
    parser.add_argument("--out", required=True, help="directory for the wheel")
    args = parser.parse_args()

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot store times before 1980
    name = f"migcheck-{args.version}"
    dist_info = f"{name}.dist-info"

    def read(path: str) -> bytes:
        with open(path, "rb") as handle:
            return handle.read()

    files = {
        f"{name}.data/scripts/migcheck": (read(args.binary), 0o755),
        "migcheck/__init__.py": (INIT.format(version=args.version).encode(), 0o644),
        "migcheck/__main__.py": (MAIN.encode(), 0o644),
        "migcheck/_libpq/libpq.so.5": (read(args.libpq), 0o755),
        f"{dist_info}/METADATA": (metadata(args.version, read(args.readme).decode()).encode(), 0o644),
        f"{dist_info}/WHEEL": (wheel_file(args.tag).encode(), 0o644),
    }
    if args.license:
        files[f"{dist_info}/licenses/LICENSE"] = (read(args.license), 0o644)
    record_name = f"{dist_info}/RECORD"
    record = "".join(f"{path},{record_hash(data)},{len(data)}\n" for path, (data, _) in sorted(files.items()))
    record += f"{record_name},,\n"
    files[record_name] = (record.encode(), 0o644)

    os.makedirs(args.out, exist_ok=True)
    target = os.path.join(args.out, f"{name}-{args.tag}.whl")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # RECORD goes last, as pip and auditwheel expect; the rest sorted.
        for path in sorted(files, key=lambda p: (p == record_name, p)):
            data, mode = files[path]
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            archive.writestr(info, data)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
