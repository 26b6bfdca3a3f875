#!/usr/bin/env bash
# A real REAPI (gRPC) remote cache for Bazel on loopback: BuildGrid (tools/reapi/buildgrid.yml)
# serving CAS, ByteStream, ActionCache and Capabilities. The gRPC twin of tools/cache/http_cache.sh.
#
#   tools/reapi/reapi_cache.sh start [DIR]   start on a free 127.0.0.1 port, wait until a gRPC
#                                            GetCapabilities call answers, and point
#                                            --config=reapi at it (.bootstrap/reapi.bazelrc)
#   tools/reapi/reapi_cache.sh stop [DIR]    stop it (by pid) and forget the address
#   tools/reapi/reapi_cache.sh status [DIR]  print the address, exit 1 when not running
#
# DIR (default .bootstrap/reapi-cache) holds the CAS store (store/cas/objects/), logs/server.log,
# server.pid and url. The action cache lives in the server's memory: a restarted server keeps the
# blobs but starts with an empty action cache.
# Environment: M55ML_REAPI_VENV (default /opt/m55ml/buildgrid-venv, see tools/reapi/install.sh),
# M55ML_REAPI_START_TIMEOUT (seconds to wait for the first answer, default 60).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly ROOT
readonly RC_FILE="$ROOT/.bootstrap/reapi.bazelrc"
readonly CONFIG="$ROOT/tools/reapi/buildgrid.yml"
readonly VENV="${M55ML_REAPI_VENV:-/opt/m55ml/buildgrid-venv}"
readonly START_TIMEOUT="${M55ML_REAPI_START_TIMEOUT:-60}"

die() { printf 'reapi_cache: error: %s\n' "$*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

is_running() {
  local dir="$1"
  [[ -f "$dir/server.pid" ]] && kill -0 "$(cat "$dir/server.pid")" 2>/dev/null
}

# A real REAPI round trip: Capabilities.GetCapabilities must report the cache capabilities.
answers() {
  local address="$1"
  timeout 10 "$VENV/bin/bgd" capabilities --remote "http://$address" 2>/dev/null |
    grep -q '"cacheCapabilities"'
}

start() {
  local dir="$1" port address pid
  [[ -x "$VENV/bin/bgd" ]] ||
    die "BuildGrid is not installed in $VENV: run tools/reapi/install.sh (or ./bootstrap.sh)"
  if is_running "$dir"; then
    printf 'reapi_cache: already running: %s\n' "$(cat "$dir/url")"
    return
  fi
  mkdir -p "$dir/store" "$dir/logs"
  rm -f "$dir/url"
  port="$(free_port)"
  address="127.0.0.1:$port"
  # setsid: the server outlives this script and is not hit by the caller's terminal signals.
  M55ML_REAPI_ADDRESS="$address" M55ML_REAPI_STORE="$dir/store" \
    setsid "$VENV/bin/bgd" server start "$CONFIG" </dev/null >>"$dir/logs/server.log" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$dir/server.pid"
  local deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null ||
      die "BuildGrid exited during start-up; see $dir/logs/server.log: $(tail -n1 "$dir/logs/server.log")"
    if answers "$address"; then
      local url="grpc://$address"
      printf '%s\n' "$url" >"$dir/url"
      mkdir -p "$(dirname "$RC_FILE")"
      printf '# Written by tools/reapi/reapi_cache.sh start; removed by stop.\nbuild:reapi --remote_cache=%s\n' \
        "$url" >"$RC_FILE"
      printf 'reapi_cache: serving %s from %s (bazel --config=reapi uses it)\n' "$url" "$dir/store"
      return
    fi
    sleep 0.5
  done
  kill -TERM "$pid" 2>/dev/null || true
  die "BuildGrid started but $address did not answer GetCapabilities within ${START_TIMEOUT} s; see $dir/logs/server.log"
}

stop() {
  local dir="$1"
  rm -f "$RC_FILE"
  if ! is_running "$dir"; then
    rm -f "$dir/server.pid"
    printf 'reapi_cache: not running\n'
    return
  fi
  local pid
  pid="$(cat "$dir/server.pid")"
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$dir/server.pid"
      printf 'reapi_cache: stopped\n'
      return
    fi
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/server.pid"
  printf 'reapi_cache: killed (did not stop within 10 s of SIGTERM)\n'
}

main() {
  local command="${1:-}" dir="${2:-$ROOT/.bootstrap/reapi-cache}"
  dir="$(realpath -m "$dir")"
  case "$command" in
    start) start "$dir" ;;
    stop) stop "$dir" ;;
    status)
      if is_running "$dir" && [[ -f "$dir/url" ]]; then
        cat "$dir/url"
      else
        echo "not running"
        exit 1
      fi
      ;;
    *) die "usage: $0 start|stop|status [DIR]" ;;
  esac
}

main "$@"
