# Sourced by ./bootstrap.sh and tools/reapi/install.sh: which Python 3.11 a venv is built from.
# A venv's python3 is a symlink to that interpreter, so one in a private home directory (pyenv's
# under /root) makes the venv unusable by every other user. The caller defines say and die.

is_python311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }

# Other users can run it: as root, `nobody` starts it. Elsewhere there is no one to ask: yes.
runnable_by_others() {
  ((EUID == 0)) && command -v runuser >/dev/null 2>&1 || return 0
  runuser -u nobody -- "$1" -c 'import encodings' >/dev/null 2>&1
}

# M55ML_PYTHON if set; otherwise the first Python 3.11 on PATH (or Debian's /usr/bin/python3.11)
# that other users can run, so the venv built from it is shared; otherwise the first Python 3.11.
# $1 says what needs 3.11, for the error.
find_python311() {
  local why="$1"
  if [[ -n "${M55ML_PYTHON:-}" ]]; then
    is_python311 "$M55ML_PYTHON" && { command -v "$M55ML_PYTHON"; return; }
    die "M55ML_PYTHON=$M55ML_PYTHON is not a Python 3.11 interpreter"
  fi
  local candidate first=""
  while read -r candidate; do
    [[ -n "$candidate" ]] && is_python311 "$candidate" || continue
    [[ -n "$first" ]] || first="$candidate"
    if runnable_by_others "$(realpath "$candidate")"; then
      printf '%s\n' "$candidate"
      return
    fi
  done < <(type -ap python3.11 python3; printf '%s\n' /usr/bin/python3.11 /usr/local/bin/python3.11)
  [[ -n "$first" ]] && { printf '%s\n' "$first"; return; }
  die "no Python 3.11 found ($why); set M55ML_PYTHON=/path/to/python3.11"
}

# Says one warning line when the venv at $1 runs a Python other users cannot (tried as nobody,
# as root only); nothing breaks for the user who built it.
warn_unless_shared() {
  local venv="$1"
  runnable_by_others "$venv/bin/python3" && return 0
  say "warning: $venv runs $(realpath "$venv/bin/python3"), which other users cannot run (tried as nobody); to share it, rebuild it: rm -rf $venv, then ./bootstrap.sh (it takes a Python 3.11 other users can run, e.g. Debian's /usr/bin/python3.11, or M55ML_PYTHON=/path/to/python3.11)"
}
