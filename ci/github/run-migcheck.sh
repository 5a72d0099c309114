#!/usr/bin/env bash
# The shell logic of migcheck's GitHub Action (action.yml), kept here so the test suite runs the
# very same steps. Inputs arrive as MIGCHECK_ACTION_* environment variables, never interpolated
# into the script.
#
#   run-migcheck.sh install   pip-installs migcheck into a private venv and puts `migcheck` on
#                             PATH for later steps ($GITHUB_PATH) and MIGCHECK_BIN in $GITHUB_ENV
#   run-migcheck.sh run       runs `migcheck check` (annotations, job summary, optional SARIF)
#                             and/or `migcheck roundtrip` (JUnit), exiting with the worst status
#
# MIGCHECK_ACTION_VERSION   migcheck version to install (pip `migcheck==VERSION`; empty: latest)
# MIGCHECK_ACTION_PACKAGE   a pip requirement or wheel path installed instead (e.g. dist/migcheck-….whl)
# MIGCHECK_ACTION_PIP_ARGS  extra pip arguments, whitespace-separated (e.g. `--find-links dist`)
# MIGCHECK_ACTION_PYTHON    the Python that creates the venv (default: python3)
# MIGCHECK_ACTION_COMMAND   check, roundtrip or both (default: check)
# MIGCHECK_ACTION_ARGS      extra migcheck arguments for both commands, whitespace-separated
# MIGCHECK_ACTION_FETCH     true (default): `check --fetch` fetches missing history
# MIGCHECK_ACTION_SARIF     also write `check --format sarif` to this file
# MIGCHECK_ACTION_JUNIT     roundtrip's JUnit file (default: migcheck-roundtrip.xml)
# MIGCHECK_DATABASE_URL     roundtrip on this server (read by migcheck itself; never printed)
set -euo pipefail

temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}

install() {
  local python=${MIGCHECK_ACTION_PYTHON:-python3}
  local spec=${MIGCHECK_ACTION_PACKAGE:-}
  if [ -z "$spec" ]; then
    spec="migcheck${MIGCHECK_ACTION_VERSION:+==$MIGCHECK_ACTION_VERSION}"
  fi
  local pip_args=()
  read -r -a pip_args <<< "${MIGCHECK_ACTION_PIP_ARGS:-}"
  # A private venv: the project's own python3 (which roundtrip runs Alembic with) stays first on PATH.
  local venv="$temp/migcheck-venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pip_args[@]}" "$spec"
  local bin="$temp/migcheck-bin"
  mkdir -p "$bin"
  ln -sf "$venv/bin/migcheck" "$bin/migcheck"
  "$bin/migcheck" --version
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$bin" >> "$GITHUB_PATH"; fi
  if [ -n "${GITHUB_ENV:-}" ]; then echo "MIGCHECK_BIN=$bin/migcheck" >> "$GITHUB_ENV"; fi
}

run() {
  local migcheck=${MIGCHECK_BIN:-migcheck}
  local command=${MIGCHECK_ACTION_COMMAND:-check}
  local args=()
  read -r -a args <<< "${MIGCHECK_ACTION_ARGS:-}"
  local check_status=0 roundtrip_status=0
  case "$command" in
    check | roundtrip | both) ;;
    *)
      echo "::error title=migcheck::command must be check, roundtrip or both, not '$command'"
      exit 64
      ;;
  esac
  if [ "$command" != roundtrip ]; then
    local check_args=(check "${args[@]}")
    if [ "${MIGCHECK_ACTION_FETCH:-true}" = true ]; then check_args+=(--fetch); fi
    "$migcheck" "${check_args[@]}" --format github || check_status=$?
    if [ -n "${MIGCHECK_ACTION_SARIF:-}" ]; then
      # Written even when migcheck could not check (the report then says so).
      "$migcheck" "${check_args[@]}" --format sarif > "$MIGCHECK_ACTION_SARIF" || true
    fi
  fi
  if [ "$command" != check ]; then
    "$migcheck" roundtrip "${args[@]}" --format github --junit "${MIGCHECK_ACTION_JUNIT:-migcheck-roundtrip.xml}" \
      || roundtrip_status=$?
  fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
      echo "check-status=$check_status"
      echo "roundtrip-status=$roundtrip_status"
    } >> "$GITHUB_OUTPUT"
  fi
  # 2 (could not check) outranks 1 (findings).
  local status=$check_status
  if [ "$roundtrip_status" -gt "$status" ]; then status=$roundtrip_status; fi
  exit "$status"
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  *)
    echo "usage: run-migcheck.sh install|run" >&2
    exit 64
    ;;
esac
