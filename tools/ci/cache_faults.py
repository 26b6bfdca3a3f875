"""Remote-cache fault checks, on a scratch copy of the workspace with its own output base.

    python3 tools/ci/cache_faults.py RESULTS_FILE

Each check appends `PASSED <name>` or `FAILED <name>: <why>` to RESULTS_FILE and prints it:

  cache_hits_after_clean     a clean rebuild takes every action from the nginx cache
  toolchain_upgrade_misses   a changed gcc-arm-none-eabi version makes every firmware compile
                             and link miss the cache, while host actions still hit
  toolchain_change_misses_without_restart
                             the toolchain's files change under a running Bazel server (cc1
                             rewritten, then a new GCC version directory replacing the old):
                             every firmware compile and link runs again in that same server,
                             none is a remote cache hit, no host action runs again
  cache_stopped_mid_build    nginx stopped while the build runs: the build still succeeds
  cache_answers_500          a cache that answers every request with HTTP 500: Bazel reports it
                             and builds locally
  cache_returns_garbage      every stored blob overwritten with garbage: Bazel detects the digest
                             mismatch, does not use it, and the tests still pass
  cache_refuses_unauthenticated_writes
                             PUT (and DELETE) to /cas/ and /ac/ without the writer's credentials,
                             or with wrong ones, answer 401 and change no byte of the store; the
                             writer's PUT is accepted; a clean build reading the cache afterwards
                             (read only, no credentials) takes every action from it and yields
                             the same firmware bytes as the local build

    python3 tools/ci/cache_faults.py RESULTS_FILE --only NAME[,NAME...]   some checks, in order

Standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bazel_scratch import (
    Bazel,
    CheckFailed,
    HttpCache,
    copy_workspace,
    cost,
    cpu_seconds,
    execution_log,
    wait_for,
)

TARGETS = ["//tests/smoke:hello_m55_test", "//tests/smoke:helium_disabled_faults_test"]
REMOTE = ["--remote_upload_local_results", "--remote_local_fallback", "--remote_timeout=10"]


def processes_line(text: str) -> str:
    """Bazel's last `INFO: N processes: ...` summary: which spawns ran where."""
    found = re.findall(r"^INFO: (\d+ process(?:es)?.*)$", text, re.MULTILINE)
    return found[-1] if found else "no process summary"


def is_arm_spawn(spawn: dict) -> bool:
    """A firmware compile or link (the compiler wrapper) or archive (arm-none-eabi-ar)."""
    args = spawn.get("commandArgs", [])
    return bool(args) and Path(args[0]).name.startswith("arm-none-eabi-")


def hits_and_misses(log: Path) -> tuple[list[dict], list[dict]]:
    spawns = [s for s in execution_log(log) if s.get("cacheable", True)]
    return [s for s in spawns if s.get("remoteCacheHit")], [s for s in spawns if not s.get("remoteCacheHit")]


class Populated:
    """What cache_hits_after_clean left for the checks after it, so they need not build it again:
    the firmware's sha256 as built locally (its cold run, which uploaded every action as the
    writer). Empty when it did not run (--only) or failed: each check then builds for itself."""

    honest_elf: str = ""


def check_hits_after_clean(bazel: Bazel, url: str, scratch: Path) -> str:
    cold = scratch / "cold.exec.json"
    bazel.run("test", f"--remote_cache={url}", *REMOTE, f"--execution_log_json_file={cold}", *TARGETS)
    local = [s for s in execution_log(cold) if s.get("cacheable", True) and not s.get("remoteCacheHit")]
    elf = firmware_elf(bazel.output_base)
    built_here = any(str(o.get("path", "")).endswith("/tests/smoke/hello_m55") for s in local
                     for o in s.get("actualOutputs", []))
    honest = hashlib.sha256(elf.read_bytes()).hexdigest() if built_here else ""
    bazel.run("clean", "--expunge")
    log = scratch / "warm.exec.json"
    bazel.run("test", f"--remote_cache={url}", *REMOTE, f"--execution_log_json_file={log}", *TARGETS)
    hits, misses = hits_and_misses(log)
    if misses:
        raise CheckFailed(f"{len(misses)} actions missed: {[m.get('mnemonic') for m in misses]}")
    Populated.honest_elf = honest
    return f"{len(hits)} of {len(hits)} actions were cache hits"


def check_toolchain_upgrade(bazel: Bazel, url: str, scratch: Path) -> str:
    fake = scratch / "fake-dpkg-query"
    fake.write_text("#!/bin/sh\n"
                    "case \"$3\" in gcc-arm-none-eabi) printf '99:99.0-upgraded' ;;\n"
                    "  *) exec dpkg-query \"$@\" ;; esac\n")
    fake.chmod(0o755)
    upgraded = Bazel(bazel.workspace, bazel.output_base, env={"M55ML_DPKG_QUERY": str(fake)})
    # @m55ml_env declares M55ML_DPKG_QUERY (environ): the running server fetches it again. Were it
    # not fetched again, the firmware actions would hit and this check would fail.
    upgraded.run("clean")
    log = scratch / "upgraded.exec.json"
    upgraded.run("test", f"--remote_cache={url}", *REMOTE, f"--execution_log_json_file={log}", *TARGETS)
    hits, misses = hits_and_misses(log)
    arm_hits = [s for s in hits if is_arm_spawn(s)]
    arm_misses = [s for s in misses if is_arm_spawn(s)]
    host_hits = [s for s in hits if not is_arm_spawn(s) and s.get("mnemonic") in ("CppCompile", "CppLink")]
    if arm_hits or not arm_misses:
        raise CheckFailed(f"{len(arm_hits)} firmware compile/link actions hit the cache after the upgrade")
    if not host_hits:
        raise CheckFailed("host compile actions missed too: the stamp leaks into host actions")
    return (f"{len(arm_misses)} firmware compile/link actions missed, "
            f"{len(host_hits)} host compile/link actions still hit")


def fake_toolchain_root(root: Path, gcc_version: str, release: str) -> None:
    """A tree shaped like / for @arm_none_eabi_gcc (M55ML_ARM_GCC_ROOT): its compiler files are
    stand-ins named by `release`, its driver runs the real compiler. Files are replaced as dpkg
    replaces them (write a new file, rename it over the old)."""

    def put(relative: str, text: str, mode: int = 0o755) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(path.name + ".dpkg-new")
        fresh.write_text(text)
        fresh.chmod(mode)
        os.replace(fresh, path)

    put("usr/bin/arm-none-eabi-gcc",
        "#!/bin/sh\n# stand-in driver: the real compiler\nexec /usr/bin/arm-none-eabi-gcc \"$@\"\n")
    gcc = root / "usr/lib/gcc/arm-none-eabi"
    if gcc.exists():
        for old in gcc.iterdir():
            if old.name != gcc_version:
                shutil.rmtree(old)
    for tool in ("cc1", "cc1plus", "collect2"):
        put(f"usr/lib/gcc/arm-none-eabi/{gcc_version}/{tool}", f"{tool} {gcc_version} {release}\n")
    for tool in ("as", "ld"):
        put(f"usr/lib/arm-none-eabi/bin/{tool}", f"{tool} {release}\n")
    for md5sums in Path("/var/lib/dpkg/info").glob("*arm-none-eabi*.md5sums"):
        put(f"var/lib/dpkg/info/{md5sums.name}", md5sums.read_text(), 0o644)


def check_toolchain_change_without_restart(bazel: Bazel, url: str, scratch: Path) -> str:
    root = scratch / "fake-toolchain-root"
    fake_toolchain_root(root, "12.2.1", "release 1")
    changed = Bazel(bazel.workspace, bazel.output_base, env={"M55ML_ARM_GCC_ROOT": str(root)})
    # M55ML_ARM_GCC_ROOT (and M55ML_DPKG_QUERY, unset again) are declared by the repositories
    # that read them: the running server fetches those again (else the changes below run nothing).
    changed.run("clean")
    before = scratch / "toolchain-before.exec.json"
    changed.run("test", f"--remote_cache={url}", *REMOTE, f"--execution_log_json_file={before}", *TARGETS)
    built = [s for s in execution_log(before) if is_arm_spawn(s)]
    if not built:
        raise CheckFailed("the first build ran no firmware compile or link")
    server = changed.run("info", "server_pid").stdout.strip()
    details = []
    for step, (version, release) in enumerate([("12.2.1", "release 2"), ("13.2.1", "release 3")], start=1):
        fake_toolchain_root(root, version, release)
        log = scratch / f"toolchain-after-{step}.exec.json"
        changed.run("test", f"--remote_cache={url}", *REMOTE, f"--execution_log_json_file={log}", *TARGETS)
        spawns = execution_log(log)
        rebuilt = [s for s in spawns if is_arm_spawn(s)]
        served = [s for s in rebuilt if s.get("remoteCacheHit")]
        host = [s for s in spawns if not is_arm_spawn(s) and s.get("mnemonic") in ("CppCompile", "CppLink")]
        what = f"cc1 {version} {release}"
        if len(rebuilt) != len(built):
            raise CheckFailed(f"after the toolchain changed ({what}) {len(rebuilt)} of {len(built)} firmware "
                              "compile/link actions ran again in the running server")
        if served:
            raise CheckFailed(f"after the toolchain changed ({what}) {len(served)} firmware actions were "
                              "served by the remote cache")
        if host:
            names = [s.get("listedOutputs", ["?"])[0] for s in host]
            raise CheckFailed(f"after the toolchain changed ({what}) {len(host)} host compile/link actions "
                              f"ran again: {names[:4]}")
        details.append(f"{what}: {len(rebuilt)}/{len(built)} ran again")
    if changed.run("info", "server_pid").stdout.strip() != server:
        raise CheckFailed("the Bazel server restarted during the check: it proves nothing")

    # No toolchain there at all: the fetch stops with one line naming the file and the fix. The
    # changed M55ML_ARM_GCC_ROOT makes the running server fetch @arm_none_eabi_gcc again.
    empty = scratch / "no-toolchain"
    empty.mkdir()
    gone = Bazel(bazel.workspace, bazel.output_base, env={"M55ML_ARM_GCC_ROOT": str(empty)})
    proc = gone.run("build", "--nobuild", TARGETS[0], check=False)
    expected = f"{empty}/usr/bin/arm-none-eabi-gcc not found (the Arm GCC toolchain is incomplete); run ./bootstrap.sh"
    if proc.returncode == 0 or expected not in proc.stdout + proc.stderr:
        raise CheckFailed(f"a missing compiler did not stop the build with `{expected}`")
    return ("; ".join(details) + f", no remote cache hit, same Bazel server (pid {server}); "
            "a missing compiler stops the build with one line")


def check_stopped_mid_build(bazel: Bazel, workspace: Path, scratch: Path) -> str:
    cache = HttpCache(scratch / "cache-stopped", workspace)
    url = cache.start()
    bazel.run("clean")  # every action runs again; the server stays
    log = scratch / "stopped.log"
    process = bazel.start("test", f"--remote_cache={url}", *REMOTE, *TARGETS, log=log)
    access = scratch / "cache-stopped/logs/access.log"
    try:
        wait_for(lambda: access.exists() and access.stat().st_size > 0, 120, "the first cache request")
    finally:
        cache.stop()
    if process.wait(timeout=600) != 0:
        raise CheckFailed("the build failed after the cache stopped:\n" + log.read_text()[-1500:])
    return f"build and tests passed with the cache gone mid-build ({processes_line(log.read_text())})"


class _Always500(http.server.BaseHTTPRequestHandler):
    # Bazel's HTTP cache client refuses HTTP/1.0 answers before it looks at the status.
    protocol_version = "HTTP/1.1"

    def _fail(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)  # drain an upload so the connection stays usable
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_HEAD = _fail

    def log_message(self, *args) -> None:
        pass


def check_answers_500(bazel: Bazel, scratch: Path) -> str:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Always500)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        bazel.run("clean")  # every action asks the cache again; the server stays
        log = scratch / "500.log"
        bazel.run("test", f"--remote_cache=http://127.0.0.1:{server.server_address[1]}", *REMOTE,
                  *TARGETS, log=log)
    finally:
        server.shutdown()
    lines = log.read_text().splitlines()
    reports = [line for line in lines if re.search(r"\b500\b", line) and "Remote Cache" not in line]
    warned = any("Remote Cache" in line for line in lines)
    if not (warned and reports):
        raise CheckFailed("Bazel did not report the cache's HTTP 500 answers")
    return f"Bazel reported the 500s ({reports[0].strip()[:80]}) and built locally ({processes_line(log.read_text())})"


def check_returns_garbage(bazel: Bazel, url: str, store: Path, scratch: Path) -> str:
    if not Populated.honest_elf:  # else cache_hits_after_clean stored this build's every output
        bazel.run("clean", "--expunge")
        bazel.run("test", f"--remote_cache={url}", *REMOTE, *TARGETS)
    blobs = [p for p in (store / "cas").rglob("*") if p.is_file()]
    if not blobs:
        raise CheckFailed("the cache stored no blobs to corrupt")
    for blob in blobs:
        blob.write_bytes(b"not the bytes you stored\n")
    # `clean` deletes every output and the action cache, so each action asks the remote cache
    # again; the server and its fetched repositories stay (no expunge; packages load again).
    bazel.run("clean")
    log = scratch / "garbage.log"
    proc = bazel.run("test", f"--remote_cache={url}", *REMOTE, *TARGETS, log=log, check=False)
    text = log.read_text()
    if proc.returncode != 0:
        raise CheckFailed("the build failed on corrupt cache blobs:\n" + text[-1500:])
    mismatches = text.count("does not match received digest")
    if not mismatches:
        raise CheckFailed("Bazel did not report a digest mismatch")
    return f"{len(blobs)} blobs corrupted; {mismatches} digest mismatches reported, blobs not used; tests passed"


def http_status(method: str, url: str, body: bytes | None = None) -> int:
    """The HTTP status of one request; credentials in the URL go as basic auth."""
    parts = urllib.parse.urlsplit(url)
    headers = {}
    if parts.username:
        token = f"{parts.username}:{parts.password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        url = urllib.parse.urlunsplit(parts._replace(netloc=parts.hostname + f":{parts.port}"))
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def store_digest(store: Path) -> dict[str, str]:
    return {str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.rglob("*")) if p.is_file()}


def firmware_elf(output_base: Path) -> Path:
    elves = list(output_base.glob("execroot/*/bazel-out/*/bin/tests/smoke/hello_m55"))
    if len(elves) != 1:
        raise CheckFailed(f"expected one built tests/smoke/hello_m55, found {len(elves)}")
    return elves[0]


def check_refuses_unauthenticated_writes(bazel: Bazel, cache: HttpCache, scratch: Path) -> str:
    store = cache.directory / "store"
    # The firmware as built locally, uploaded by the writer: cache_hits_after_clean's cold run,
    # or (when it did not run) a local build now.
    honest = Populated.honest_elf
    if not honest:
        bazel.run("clean", "--expunge")
        bazel.run("test", "--noremote_accept_cached", f"--remote_cache={cache.url}", *REMOTE, *TARGETS)
        honest = hashlib.sha256(firmware_elf(bazel.output_base).read_bytes()).hexdigest()

    # The writer may write (else the refusals below would prove nothing).
    accepted = b"written by the CI writer\n"
    status = http_status("PUT", f"{cache.url}/cas/{hashlib.sha256(accepted).hexdigest()}", accepted)
    if status not in (200, 201, 204):
        raise CheckFailed(f"the writer's PUT to /cas/ answered {status}")

    before = store_digest(store)
    entries = sorted(name for name in before if name.startswith("ac/"))
    if not entries:
        raise CheckFailed("the cache holds no action-cache entries to attack")
    poison = b"\x7fELF tampered firmware\n"
    poison_key = hashlib.sha256(poison).hexdigest()
    anonymous = cache.read_url
    wrong = anonymous.replace("http://", "http://ci:not-the-password@", 1)
    refused = []
    for base in (anonymous, wrong):
        attempts = [("PUT", f"{base}/cas/{poison_key}", poison), ("DELETE", f"{base}/ac/{entries[0][3:]}", None)]
        # Every action-cache entry overwritten with another one's result.
        for index, name in enumerate(entries):
            other = (store / entries[(index + 1) % len(entries)]).read_bytes()
            attempts.append(("PUT", f"{base}/{name}", other))
        for method, url, body in attempts:
            status = http_status(method, url, body)
            if status not in (401, 403):
                raise CheckFailed(f"{method} {urllib.parse.urlsplit(url).path} without the writer's "
                                  f"credentials answered {status}, not 401/403")
            refused.append(status)
    changed = [name for name, digest in store_digest(store).items() if before.get(name) != digest]
    if changed or len(store_digest(store)) != len(before):
        raise CheckFailed(f"refused writes changed the store: {changed[:3]}")

    # A teammate's clean build, reading only: every action from the cache, the honest bytes.
    # `clean` deletes every output and the local action cache, so every action asks the cache
    # again; a new server (`--expunge`) would add its start and analysis, not a cache request.
    bazel.run("clean")
    log = scratch / "after-poisoning.exec.json"
    bazel.run("test", f"--remote_cache={anonymous}", "--noremote_upload_local_results",
              "--remote_local_fallback", "--remote_timeout=10", f"--execution_log_json_file={log}", *TARGETS)
    hits, misses = hits_and_misses(log)
    if misses:
        raise CheckFailed(f"{len(misses)} actions missed after the poisoning attempt")
    if not hits:  # outputs or the local action cache left in place would run nothing
        raise CheckFailed("the read-only build ran no cacheable action: nothing came from the cache")
    after = hashlib.sha256(firmware_elf(bazel.output_base).read_bytes()).hexdigest()
    if after != honest:
        raise CheckFailed(f"hello_m55 is {after[:12]} after the poisoning attempt, built locally {honest[:12]}")
    return (f"{len(refused)} writes without valid credentials refused "
            f"({sorted(set(refused))}), store unchanged; a read-only clean build took "
            f"{len(hits)}/{len(hits)} actions from the cache, hello_m55 sha256 {honest[:12]} as built locally")


def main(argv: list[str]) -> int:
    results_file = Path(argv[0])
    only = argv[argv.index("--only") + 1].split(",") if "--only" in argv else None
    results = []

    def record(name: str, check) -> None:
        if only is not None and name not in only:
            return
        start, cpu_start = time.monotonic(), cpu_seconds()
        try:
            detail = check()
            line = f"PASSED {name}: {detail}"
        except (CheckFailed, OSError, ValueError) as error:
            line = f"FAILED {name}: {error}"
        print(f"{line}  [{cost(start, cpu_start)}]", flush=True)
        results.append(line)

    with tempfile.TemporaryDirectory(prefix="m55ml-cache-faults-") as tmp:
        scratch = Path(tmp)
        scratch.chmod(0o755)  # nginx's workers (the cache account) must reach the cache directories
        workspace = copy_workspace(scratch / "ws")
        bazel = Bazel(workspace, scratch / "output_base")
        try:
            with HttpCache(scratch / "cache", workspace) as cache:
                record("cache_hits_after_clean", lambda: check_hits_after_clean(bazel, cache.url, scratch))
                record("toolchain_upgrade_misses", lambda: check_toolchain_upgrade(bazel, cache.url, scratch))
                record("toolchain_change_misses_without_restart",
                       lambda: check_toolchain_change_without_restart(bazel, cache.url, scratch))
                record("cache_refuses_unauthenticated_writes",
                       lambda: check_refuses_unauthenticated_writes(bazel, cache, scratch))
                record("cache_returns_garbage",
                       lambda: check_returns_garbage(bazel, cache.url, scratch / "cache/store", scratch))
            record("cache_stopped_mid_build", lambda: check_stopped_mid_build(bazel, workspace, scratch))
            record("cache_answers_500", lambda: check_answers_500(bazel, scratch))
        finally:
            bazel.shutdown()
    if only is not None and not results:
        results.append(f"FAILED {','.join(only)}: no such check")
    with results_file.open("a") as out:
        out.writelines(line + "\n" for line in results)
    return 0 if all(line.startswith("PASSED") for line in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
