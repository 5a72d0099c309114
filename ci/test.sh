#!/usr/bin/env bash
# Runs migcheck's whole test suite on this machine, installing what is missing first
# (Debian packages, the Python venv with alembic), then building and running `swift test`.
# The tests start their own PostgreSQL servers and run real alembic, git and pre-commit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
bash ci/setup.sh
export MIGCHECK_TEST_PYTHON="$here/.venv/bin/python"
# The Alembic/SQLAlchemy version venvs ci/setup.sh makes (the round-trip tests fail without them).
export MIGCHECK_TEST_PYTHON_ALEMBIC14="$here/.venv-alembic14/bin/python"
export MIGCHECK_TEST_PYTHON_SQLA14="$here/.venv-sqla14/bin/python"
export MIGCHECK_TEST_PYTHON_ALEMBIC13="$here/.venv-alembic13/bin/python"
swift format lint --strict --recursive Sources Tests Package.swift
# The wheel the wheel tests install (a release build with static libraries, a few minutes).
MIGCHECK_TEST_WHEEL=$(bash ci/build-wheel.sh "$here/dist")
export MIGCHECK_TEST_WHEEL
swift build --build-tests
swift test --skip-build
