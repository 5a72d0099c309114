#!/usr/bin/env bash
# migcheck's main job on the bundled sample project (migrations/): installs what is missing,
# builds migcheck, then runs the static and git checks and the upgrade/downgrade round trip on
# a throwaway PostgreSQL cluster that migcheck starts and removes itself.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
bash ci/setup.sh
swift build -c release --static-swift-stdlib --product migcheck >&2
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)/migcheck
# The sample's env.py runs in this venv (alembic, SQLAlchemy, asyncpg).
export VIRTUAL_ENV="$here/.venv"
status=0
echo "\$ migcheck check -C migrations"
"$bin" check -C migrations || status=$?
echo
echo "\$ migcheck roundtrip -C migrations"
"$bin" roundtrip -C migrations || status=$?
exit $status
