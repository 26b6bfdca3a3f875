#!/usr/bin/env bash
# ./bootstrap.sh: set up this checkout on a Debian 12 machine, once. Idempotent: a second run
# changes nothing, needs no network, and says so.
#
#   1. Debian packages: Bazel 4.2.3, the Arm GCC toolchain + newlib, QEMU, nginx, FlatBuffers, ...
#   2. The pinned Python environment (python/requirements.lock) in $M55ML_VENV
#      (default /opt/m55ml/venv): torch 2.13.0 CPU from the machine's local wheel first, then
#      every other package at its exact version.
#   3. npm tools (buildifier, for the style check) in $M55ML_TOOLS (default /opt/m55ml/tools).
#   4. BuildGrid (the loopback REAPI cache, tools/reapi/requirements.lock) in its own venv,
#      $M55ML_REAPI_VENV (default /opt/m55ml/buildgrid-venv).
#   5. .bootstrap/env.txt: what was installed, read by the build (toolchains/local_env.bzl).
#   6. .bootstrap/sandbox.bazelrc: sandboxes on /dev/shm where it is a roomy tmpfs (.bazelrc).
#
# Environment: M55ML_VENV (venv path), M55ML_PYTHON (a Python 3.11 interpreter to build it from),
# M55ML_TOOLS (npm tools prefix), M55ML_REAPI_VENV (BuildGrid venv).
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly VENV="${M55ML_VENV:-/opt/m55ml/venv}"
readonly LOCK="$ROOT/python/requirements.lock"
readonly ENV_FILE="$ROOT/.bootstrap/env.txt"
readonly TORCH_PIN="torch==2.13.0"
readonly TOOLS_PREFIX="${M55ML_TOOLS:-/opt/m55ml/tools}"
readonly BUILDIFIER_PIN="@bazel/buildifier@8.2.1"   # npm ships the binaries; CI checks BUILD style

readonly DEBIAN_PACKAGES=(
  bazel-bootstrap           # Bazel 4.2.3 (the only Bazel any reachable registry has)
  bazel-platforms           # @platforms
  bazel-skylib              # @bazel_skylib
  gcc-arm-none-eabi         # firmware compiler (12.2.rel1)
  binutils-arm-none-eabi
  libnewlib-arm-none-eabi   # C library for bare metal
  libstdc++-arm-none-eabi-newlib  # C++ headers for the runtime (no exceptions, no heap)
  qemu-system-arm           # mps3-an547: Corstone SSE-300 with a Cortex-M55
  flatbuffers-compiler      # flatc 2.0.8, generates the .pte reader
  libflatbuffers-dev        # the matching FlatBuffers C++ headers
  nginx-core                # loopback HTTP (WebDAV) remote cache for CI
  cmake
  ninja-build
  clang-format
  gcc                       # host C/C++ compiler Bazel needs for host tools and tests
  g++
  iproute2                  # network namespaces for the offline test
  curl                      # readiness check of the loopback cache
  espeak-ng                 # offline speech synthesis: real audio for the voice-activity test
  python3.11-venv           # Debian's Python 3.11 with venv: a base interpreter every user can run
)

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

check_platform() {
  command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 ||
    die "this needs a Debian 12 (bookworm) machine with apt; no apt-get/dpkg-query found"
  if [[ -r /etc/os-release ]]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    [[ "${ID:-}" == debian && "${VERSION_ID:-}" == 12 ]] ||
      say "warning: tested on Debian 12, this is ${PRETTY_NAME:-unknown}; continuing"
  fi
}

missing_debian_packages() {
  local pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$' ||
      printf '%s\n' "$pkg"
  done
}

install_debian_packages() {
  local missing
  mapfile -t missing < <(missing_debian_packages)
  if ((${#missing[@]} == 0)); then
    say "Debian packages: all ${#DEBIAN_PACKAGES[@]} present, nothing to install"
    return
  fi
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 ||
      die "installing ${missing[*]} needs root: rerun as root or install sudo"
    sudo=(sudo)
  fi
  say "Debian packages: installing ${#missing[@]}: ${missing[*]}"
  "${sudo[@]}" apt-get update -q >/tmp/m55ml-apt-update.log 2>&1 ||
    die "apt-get update failed (is the Debian mirror reachable?); see /tmp/m55ml-apt-update.log"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >/tmp/m55ml-apt-install.log 2>&1 ||
    die "apt-get install failed; see /tmp/m55ml-apt-install.log"
  mapfile -t missing < <(missing_debian_packages)
  ((${#missing[@]} == 0)) || die "still missing after install: ${missing[*]}"
}

# is_python311, find_python311, warn_unless_shared
source "$ROOT/tools/setup/python311.sh"

lock_sha256() { sha256sum "$LOCK" | cut -d' ' -f1; }

install_python_environment() {
  local want have=""
  want="$(lock_sha256)"
  [[ -f "$VENV/.m55ml-lock-sha256" ]] && have="$(cat "$VENV/.m55ml-lock-sha256")"
  if [[ "$have" == "$want" && -x "$VENV/bin/python3" ]]; then
    say "Python environment: $VENV matches python/requirements.lock, nothing to install"
    return
  fi
  local python
  python="$(find_python311 "the torch 2.13.0 CPU wheel is cp311")"
  say "Python environment: building $VENV from python/requirements.lock with $python"
  mkdir -p "$(dirname "$VENV")" 2>/dev/null || die "cannot create $(dirname "$VENV"): set M55ML_VENV"
  [[ -x "$VENV/bin/python3" ]] || "$python" -m venv "$VENV" || die "python -m venv $VENV failed"
  local pip=("$VENV/bin/python3" -m pip --disable-pip-version-check -q)
  # torch first, on its own: pip then takes the CPU wheel from local disk. Any other route may
  # resolve an unpinned torch and download a multi-GB CUDA build.
  say "  $TORCH_PIN (CPU wheel from local disk)"
  "${pip[@]}" install "$TORCH_PIN" >/tmp/m55ml-pip-torch.log 2>&1 ||
    die "pip install $TORCH_PIN failed; see /tmp/m55ml-pip-torch.log"
  say "  $(grep -c '==' "$LOCK") pinned packages (executorch, torchao, tosa-tools, pytest, ...)"
  "${pip[@]}" install --no-deps -r "$LOCK" >/tmp/m55ml-pip.log 2>&1 ||
    die "pip install -r python/requirements.lock failed (is PyPI reachable?); see /tmp/m55ml-pip.log"
  "$VENV/bin/python3" -c 'import torch, executorch.exir, pytest, runfiles' 2>/tmp/m55ml-import.log ||
    die "the environment does not import; see /tmp/m55ml-import.log"
  printf '%s\n' "$want" >"$VENV/.m55ml-lock-sha256"
}

install_npm_tools() {
  local buildifier="$TOOLS_PREFIX/node_modules/.bin/buildifier" want="${BUILDIFIER_PIN##*@}"
  if [[ -x "$buildifier" ]] && "$buildifier" --version 2>/dev/null | grep -q "version: $want"; then
    say "npm tools: buildifier $want present, nothing to install"
    return
  fi
  command -v npm >/dev/null 2>&1 || die "npm not found (needed for buildifier): apt-get install npm"
  say "npm tools: installing $BUILDIFIER_PIN into $TOOLS_PREFIX"
  mkdir -p "$TOOLS_PREFIX"
  npm install --prefix "$TOOLS_PREFIX" --no-audit --no-fund --loglevel=error "$BUILDIFIER_PIN" \
    >/tmp/m55ml-npm.log 2>&1 || die "npm install $BUILDIFIER_PIN failed (is the npm registry reachable?); see /tmp/m55ml-npm.log"
}

install_reapi_environment() {
  "$ROOT/tools/reapi/install.sh" ||
    die "the BuildGrid environment did not install (tools/reapi/install.sh); see the line above"
}

write_env_file() {
  local py="$VENV/bin/python3" content
  content="$(
    printf '# Written by ./bootstrap.sh; read by toolchains/local_env.bzl. Do not edit.\n'
    printf 'venv=%s\n' "$VENV"
    printf 'tools=%s\n' "$TOOLS_PREFIX"
    printf 'python_version=%s\n' "$("$py" -c 'import platform; print(platform.python_version())')"
    printf 'python_base=%s\n' "$(realpath "$py")"
    printf 'lock_sha256=%s\n' "$(lock_sha256)"
    printf 'torch_version=%s\n' "$("$py" -c 'from importlib.metadata import version; print(version("torch"))')"
    printf 'executorch_version=%s\n' "$("$py" -c 'from importlib.metadata import version; print(version("executorch"))')"
  )"
  if [[ -f "$ENV_FILE" && "$(cat "$ENV_FILE")" == "$content" ]]; then
    say ".bootstrap/env.txt: unchanged"
    return
  fi
  mkdir -p "$(dirname "$ENV_FILE")"
  printf '%s\n' "$content" >"$ENV_FILE"
  say ".bootstrap/env.txt: written (the build refetches @m55ml_env)"
}

# Sandboxed actions run in a tree of symlinks to their inputs, built and deleted for every
# action; on tmpfs that costs about a fifth less CPU for a compile-heavy build than on the
# output base's disk (docs/environment.md). Only where /dev/shm is a tmpfs with room for what
# actions write before Bazel moves it out: a container's default 64 MB /dev/shm is not.
readonly SANDBOX_RC="$ROOT/.bootstrap/sandbox.bazelrc"
readonly SANDBOX_MIN_KB=$((2 * 1024 * 1024))
write_sandbox_rc() {
  local content available
  available="$(df --output=avail -k /dev/shm 2>/dev/null | tail -n 1 | tr -d ' ' || true)"
  if [[ "$(stat -f -c %T /dev/shm 2>/dev/null)" == "tmpfs" && -w /dev/shm &&
        "$available" =~ ^[0-9]+$ ]] && ((available >= SANDBOX_MIN_KB)); then
    content="$(printf '# Written by ./bootstrap.sh: /dev/shm is a tmpfs with %s MB free.\nbuild --sandbox_base=/dev/shm' "$((available / 1024))")"
  else
    content='# Written by ./bootstrap.sh: /dev/shm is not a writable tmpfs with 2 GB free; sandboxes stay in the output base.'
  fi
  mkdir -p "$(dirname "$SANDBOX_RC")"
  if [[ -f "$SANDBOX_RC" && "$(sed -n 2p "$SANDBOX_RC")" == "$(printf '%s\n' "$content" | sed -n 2p)" ]]; then
    say ".bootstrap/sandbox.bazelrc: unchanged"
    return
  fi
  printf '%s\n' "$content" >"$SANDBOX_RC"
  say ".bootstrap/sandbox.bazelrc: written ($(sed -n 2p "$SANDBOX_RC" | grep . || echo 'sandboxes in the output base'))"
}

# The venv's python3 links to the Python it was built from (tools/setup/python311.sh);
# tools/reapi/install.sh checks BuildGrid's venv the same way.
check_python_shared() { warn_unless_shared "$VENV"; }

main() {
  check_platform
  install_debian_packages
  install_python_environment
  install_npm_tools
  install_reapi_environment
  check_python_shared
  write_env_file
  write_sandbox_rc
  say "ready. Next: bazel build //models:mv2_pte   then   bazel test //tests/..."
}

main "$@"
