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
# DIR (default .bootstrap/reapi-cache) holds the CAS store (store/cas/objects/, mode 0700),
# logs/server.log, server.pid, url (anonymous: read only, instance "") and, mode 0600, auth/secret
# (a new HS256 key at each start) and writer.flags (the writer's Bazel flags: instance "ci" and a
# JWT signed with that key, subject m55ml-ci, valid 7 days). The action cache lives in the
# server's memory: a restarted server keeps the blobs but starts with an empty action cache.
# Environment: M55ML_REAPI_VENV (default /opt/m55ml/buildgrid-venv, see tools/reapi/install.sh),
# M55ML_REAPI_START_TIMEOUT (seconds to wait for the first answer, default 60).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly ROOT
readonly RC_FILE="$ROOT/.bootstrap/reapi.bazelrc"
readonly CONFIG="$ROOT/tools/reapi/buildgrid.yml"
readonly ACL="$ROOT/tools/reapi/acl.yml"
readonly WRITER_SUBJECT="m55ml-ci"
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

# Something accepts TCP connections on the port (bash alone: no process to start).
listening() {
  local address="$1"
  (exec 3<>"/dev/tcp/${address%:*}/${address##*:}") 2>/dev/null
}

# A real REAPI round trip: Capabilities.GetCapabilities must report the cache capabilities.
# tools/reapi/ready_probe.py makes the call with grpcio alone (about 0.1 CPU-s; `bgd
# capabilities`, which imports BuildGrid's command line, took 1.2), asked only once the port
# listens, so polling does not compete with the starting server for the CPU.
answers() {
  local address="$1"
  listening "$address" &&
    timeout 15 "$VENV/bin/python3" "$ROOT/tools/reapi/ready_probe.py" "$address" 2>/dev/null
}

# A JWT (HS256) for the writer, signed with the key in file $1, with BuildGrid's own PyJWT.
writer_token() {
  "$VENV/bin/python3" -c 'import sys, time, jwt
secret = open(sys.argv[1]).read().strip()
print(jwt.encode({"sub": sys.argv[2], "exp": int(time.time()) + 7 * 24 * 3600}, secret, algorithm="HS256"))' \
    "$1" "$WRITER_SUBJECT"
}

start() {
  local dir="$1" port address pid
  [[ -x "$VENV/bin/bgd" ]] ||
    die "BuildGrid is not installed in $VENV: run tools/reapi/install.sh (or ./bootstrap.sh)"
  if is_running "$dir"; then
    printf 'reapi_cache: already running: %s\n' "$(cat "$dir/url")"
    return
  fi
  mkdir -p "$dir/store" "$dir/logs" "$dir/auth"
  chmod 0700 "$dir/store" "$dir/auth"
  rm -f "$dir/url" "$dir/writer.flags"
  (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(32))' >"$dir/auth/secret")
  port="$(free_port)"
  address="127.0.0.1:$port"
  # setsid: the server outlives this script and is not hit by the caller's terminal signals.
  M55ML_REAPI_ADDRESS="$address" M55ML_REAPI_STORE="$dir/store" \
    M55ML_REAPI_SECRET="$dir/auth/secret" M55ML_REAPI_ACL="$ACL" \
    setsid "$VENV/bin/bgd" server start "$CONFIG" </dev/null >>"$dir/logs/server.log" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$dir/server.pid"
  local deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null ||
      die "BuildGrid exited during start-up; see $dir/logs/server.log: $(tail -n1 "$dir/logs/server.log")"
    if answers "$address"; then
      local url="grpc://$address" token
      token="$(writer_token "$dir/auth/secret")" || die "cannot sign the writer's token"
      printf '%s\n' "$url" >"$dir/url"
      (umask 077 && printf -- '--remote_cache=%s\n--remote_instance_name=ci\n--remote_header=authorization=Bearer %s\n' \
        "$url" "$token" >"$dir/writer.flags")
      mkdir -p "$(dirname "$RC_FILE")"
      (umask 077 && {
        printf '# Written by tools/reapi/reapi_cache.sh start; removed by stop. The writer'"'"'s token: CI only.\n'
        # Quoted: the header value has a space, and .bazelrc lines split on spaces.
        sed -e 's/"/\\"/g' -e 's/^\(.*\)$/build:reapi "\1"/' "$dir/writer.flags"
      } >"$RC_FILE")
      printf 'reapi_cache: serving %s from %s (reads: anyone, instance ""; writes: bazel --config=reapi, instance ci)\n' \
        "$url" "$dir/store"
      return
    fi
    sleep 0.2
  done
  kill -TERM "$pid" 2>/dev/null || true
  die "BuildGrid started but $address did not answer GetCapabilities within ${START_TIMEOUT} s; see $dir/logs/server.log"
}

stop() {
  local dir="$1"
  rm -f "$RC_FILE" "$dir/writer.flags"
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
