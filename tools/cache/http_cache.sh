#!/usr/bin/env bash
# A real HTTP remote cache for Bazel on loopback: Debian's nginx with WebDAV PUT.
#
#   tools/cache/http_cache.sh start [DIR]   start on a free 127.0.0.1 port, wait until it answers,
#                                           and point --config=ci at it (.bootstrap/cache.bazelrc)
#   tools/cache/http_cache.sh stop [DIR]    stop it (by pid) and forget the address
#   tools/cache/http_cache.sh status [DIR]  print the address, exit 1 when not running
#
# DIR (default .bootstrap/http-cache) holds the store, logs, pid file and rendered config.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly RC_FILE="$ROOT/.bootstrap/cache.bazelrc"

die() { printf 'http_cache: error: %s\n' "$*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

is_running() {
  local dir="$1"
  [[ -f "$dir/nginx.pid" ]] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null
}

start() {
  local dir="$1" port user
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] ||
    die "nginx not found: run ./bootstrap.sh (Debian nginx-core)"
  if is_running "$dir"; then
    printf 'http_cache: already running: %s\n' "$(cat "$dir/url")"
    return
  fi
  mkdir -p "$dir/store" "$dir/logs" "$dir/tmp"
  port="$(free_port)"
  # As root nginx's workers drop to an unprivileged user, who must own what they write.
  if ((EUID == 0)); then
    user="nobody nogroup"
    chown -R nobody:nogroup "$dir/store" "$dir/tmp"
  else
    user="$(id -un) $(id -gn)"
  fi
  sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@USER@|$user|g" \
    "$ROOT/tools/cache/nginx.conf.in" >"$dir/nginx.conf"
  /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" ||
    die "nginx did not start; see $dir/logs/error.log"
  local url="http://127.0.0.1:$port"
  for _ in $(seq 1 50); do
    if curl -s -o /dev/null -w '%{http_code}' "$url/ac/0" 2>/dev/null | grep -q '^404$'; then
      printf '%s\n' "$url" >"$dir/url"
      mkdir -p "$(dirname "$RC_FILE")"
      printf '# Written by tools/cache/http_cache.sh start; removed by stop.\nbuild:ci --remote_cache=%s\n' \
        "$url" >"$RC_FILE"
      printf 'http_cache: serving %s from %s (bazel --config=ci uses it)\n' "$url" "$dir/store"
      return
    fi
    sleep 0.1
  done
  die "nginx started but $url does not answer; see $dir/logs/error.log"
}

stop() {
  local dir="$1"
  rm -f "$RC_FILE"
  if ! is_running "$dir"; then
    printf 'http_cache: not running\n'
    return
  fi
  local pid
  pid="$(cat "$dir/nginx.pid")"
  kill -QUIT "$pid"
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || { printf 'http_cache: stopped\n'; return; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  printf 'http_cache: killed\n'
}

main() {
  local command="${1:-}" dir="${2:-$ROOT/.bootstrap/http-cache}"
  dir="$(mkdir -p "$dir" && cd "$dir" && pwd)"
  case "$command" in
    start) start "$dir" ;;
    stop) stop "$dir" ;;
    status) is_running "$dir" && cat "$dir/url" || { echo "not running"; exit 1; } ;;
    *) die "usage: $0 start|stop|status [DIR]" ;;
  esac
}

main "$@"
