#!/usr/bin/env bash
# A real HTTP remote cache for Bazel on loopback: Debian's nginx with WebDAV PUT.
#
#   tools/cache/http_cache.sh start [DIR]   start on a free 127.0.0.1 port, wait until it answers,
#                                           and point --config=ci at it as the writer
#                                           (.bootstrap/cache.bazelrc, mode 0600)
#   tools/cache/http_cache.sh stop [DIR]    stop it (by pid) and forget the address
#   tools/cache/http_cache.sh status [DIR]  print the address, exit 1 when not running
#
# DIR (default .bootstrap/http-cache) holds the store, logs, pid file and rendered config, `url`
# (anonymous: read only) and `writer.url` (mode 0600: the writer's credentials, new at each start).
# Reads need nothing; PUT needs the writer's credentials (HTTP basic auth). As root, nginx's
# workers run as the dedicated account m55ml-cache (created if missing), which alone can read or
# write the store (mode 0700); otherwise they run as the caller.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly RC_FILE="$ROOT/.bootstrap/cache.bazelrc"
readonly CACHE_USER="m55ml-cache"
readonly WRITER="ci"

die() { printf 'http_cache: error: %s\n' "$*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cache_account() {
  if ! id -u "$CACHE_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
      --user-group "$CACHE_USER" || die "cannot create the cache account $CACHE_USER (useradd)"
  fi
}

# An htpasswd line in nginx's {SSHA} form: base64(sha1(password + salt) + salt).
htpasswd_line() {
  python3 -c 'import base64, hashlib, os, sys
salt = os.urandom(8)
digest = hashlib.sha1(sys.argv[2].encode() + salt).digest()
print(sys.argv[1] + ":{SSHA}" + base64.b64encode(digest + salt).decode())' "$1" "$2"
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
  mkdir -p "$dir/store" "$dir/logs" "$dir/tmp" "$dir/auth"
  port="$(free_port)"
  local password owner
  password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
  (umask 077 && htpasswd_line "$WRITER" "$password" >"$dir/auth/htpasswd")
  # As root nginx's workers drop to the cache account, who alone owns the store.
  if ((EUID == 0)); then
    cache_account
    user="$CACHE_USER $CACHE_USER"
    owner="$CACHE_USER:$CACHE_USER"
  else
    user="$(id -un) $(id -gn)"
    owner="$(id -un):$(id -gn)"
  fi
  chown -R "$owner" "$dir/store" "$dir/tmp" "$dir/auth"
  chmod 0700 "$dir/store" "$dir/tmp" "$dir/auth"
  chmod 0400 "$dir/auth/htpasswd"
  sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@USER@|$user|g" \
    "$ROOT/tools/cache/nginx.conf.in" >"$dir/nginx.conf"
  /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" ||
    die "nginx did not start; see $dir/logs/error.log"
  local url="http://127.0.0.1:$port" writer_url="http://$WRITER:$password@127.0.0.1:$port"
  for _ in $(seq 1 50); do
    if curl -s -o /dev/null -w '%{http_code}' "$url/ac/0" 2>/dev/null | grep -q '^404$'; then
      printf '%s\n' "$url" >"$dir/url"
      (umask 077 && printf '%s\n' "$writer_url" >"$dir/writer.url")
      mkdir -p "$(dirname "$RC_FILE")"
      (umask 077 && printf '# Written by tools/cache/http_cache.sh start; removed by stop. The writer'"'"'s credentials: CI only.\nbuild:ci --remote_cache=%s\n' \
        "$writer_url" >"$RC_FILE")
      printf 'http_cache: serving %s from %s (reads: anyone; writes: bazel --config=ci, as %s)\n' \
        "$url" "$dir/store" "$WRITER"
      return
    fi
    sleep 0.1
  done
  die "nginx started but $url does not answer; see $dir/logs/error.log"
}

stop() {
  local dir="$1"
  rm -f "$RC_FILE" "$dir/writer.url"
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
