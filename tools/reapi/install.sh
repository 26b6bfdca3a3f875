#!/usr/bin/env bash
# Install BuildGrid (the loopback REAPI cache server) into its own venv, exactly as
# tools/reapi/requirements.lock pins it. Idempotent: when the venv's stamp matches the lock's
# sha256 it installs nothing and says so (no network needed). Called by ./bootstrap.sh.
#
#   tools/reapi/install.sh
#
# Environment: M55ML_REAPI_VENV (default /opt/m55ml/buildgrid-venv), M55ML_PYTHON (a Python
# 3.11 interpreter to build it from; otherwise the one ./bootstrap.sh would take: the first
# Python 3.11 on PATH that other users can run, tools/setup/python311.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly ROOT
readonly VENV="${M55ML_REAPI_VENV:-/opt/m55ml/buildgrid-venv}"
readonly LOCK="$ROOT/tools/reapi/requirements.lock"
readonly STAMP="$VENV/.m55ml-reapi-lock-sha256"
readonly LOG="${TMPDIR:-/tmp}/m55ml-reapi-pip.log"

say() { printf 'reapi: %s\n' "$*"; }
die() { printf 'reapi: error: %s\n' "$*" >&2; exit 1; }

# find_python311 (the interpreter bootstrap builds its own venv from), warn_unless_shared
source "$ROOT/tools/setup/python311.sh"

install_venv() {
  [[ -f "$LOCK" ]] || die "$LOCK is missing"
  local want have=""
  want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
  [[ -f "$STAMP" ]] && have="$(cat "$STAMP")"
  if [[ "$have" == "$want" && -x "$VENV/bin/bgd" ]]; then
    say "BuildGrid environment: $VENV matches tools/reapi/requirements.lock, nothing to install"
    return
  fi
  # Rebuild from scratch so nothing the lock no longer lists survives; only ever remove a venv.
  if [[ -e "$VENV" ]]; then
    [[ -f "$VENV/pyvenv.cfg" ]] ||
      die "$VENV exists and is not a Python venv; move it away or set M55ML_REAPI_VENV"
    rm -rf "$VENV"
  fi
  local python start=$SECONDS
  python="$(find_python311 "the BuildGrid lock is for 3.11")"
  say "BuildGrid environment: building $VENV from tools/reapi/requirements.lock with $python"
  mkdir -p "$(dirname "$VENV")" 2>/dev/null ||
    die "cannot create $(dirname "$VENV"): set M55ML_REAPI_VENV to a writable path"
  "$python" -m venv "$VENV" || die "python -m venv $VENV failed"
  "$VENV/bin/python3" -m pip --disable-pip-version-check -q install --no-deps -r "$LOCK" \
    >"$LOG" 2>&1 ||
    die "pip install -r tools/reapi/requirements.lock failed (is PyPI reachable?); see $LOG"
  local version
  version="$("$VENV/bin/python3" -c \
    'import buildgrid.server.server; from buildgrid.server.version import __version__; print(__version__)' \
    2>>"$LOG")" || die "BuildGrid does not import in $VENV; see $LOG"
  "$VENV/bin/bgd" server --help >/dev/null 2>>"$LOG" || die "$VENV/bin/bgd does not run; see $LOG"
  printf '%s\n' "$want" >"$STAMP"
  say "BuildGrid environment: buildgrid $version installed in $((SECONDS - start)) s" \
    "($(grep -c '==' "$LOCK") pinned packages)"
}

main() {
  install_venv
  warn_unless_shared "$VENV"
}

main "$@"
