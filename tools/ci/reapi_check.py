"""REAPI (gRPC) remote cache and remote-execution readiness checks, on a scratch copy of the
workspace with its own output base and its own BuildGrid server (tools/reapi/reapi_cache.sh).

    python3 tools/ci/reapi_check.py RESULTS_FILE [--targets PATTERN ...] [--exclude PATTERN]
                                                 [--only NAME ...] [--timeout SECONDS]
                                                 [--repro-record FILE --repro-targets LABEL ...]

Each check appends `PASSED <name>: <detail>` or `FAILED <name>: <why>` to RESULTS_FILE and
prints it:

  reapi_hits_after_clean      populate the gRPC cache with `bazel test TARGETS`, clean --expunge,
                              test again: every cacheable spawn of the execution log is a remote
                              cache hit; prints the hit count and both wall times. With
                              --repro-record, the populating run (a clean build at another path,
                              fresh output base, empty cache) builds --repro-targets too and FILE
                              gets the sha256 of their outputs, the second build of
                              tools/ci/repro_check.py --second-record
  reapi_corrupt_blob_rejected the largest output blob of one spawn per mnemonic is overwritten in
                              BuildGrid's disk CAS (same size, other bytes): Bazel reports the
                              digest mismatch, runs those spawns locally, never keeps the bad
                              bytes, and the tests pass
  rbe_ready_host_paths        with //platforms/rbe:linux_x86_64 as host and execution platform:
                              every spawn carries the worker-pool properties, and no action's
                              argv, environment, params file or input text names an absolute
                              host path outside tools/reapi/host_paths.allowlist (spawns of
                              --rbe-targets, executed: one or a few of each kind of action
                              TARGETS run, which the check verifies against the populating run;
                              command lines of every action of deps(//tests/...), from aquery)
  reapi_stopped_mid_build     BuildGrid stopped once the first blob is stored, while the build
                              of --stopped-targets runs: the build and tests finish locally and
                              Bazel reports the cache as UNAVAILABLE
  reapi_refuses_unauthenticated_writes
                              tools/reapi/write_probe.py: UpdateActionResult (a poisoned entry),
                              BatchUpdateBlobs and ByteStream Write without the writer's token, or
                              with a forged one, are refused (UNAUTHENTICATED), the poisoned entry
                              is not stored, the writer's write is accepted; then a clean,
                              read-only build (instance "", no token) takes every cacheable spawn
                              from the cache and its outputs equal the writer's build, byte for byte

Every Bazel command is bounded in time (--timeout, default 900 s). Remote execution itself is
not exercised: no REAPI worker can be installed here (docs/remote.md). Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Self

from bazel_scratch import (
    Bazel,
    CheckFailed,
    copy_workspace,
    cost,
    cpu_seconds,
    execution_log,
    wait_for,
)
from reapi_host_paths import (
    Findings,
    judge,
    load_allowlist,
    load_aquery,
    report,
    scan_aquery,
    scan_execution_log,
)
from repro_check import built_files, sha256

# Small on purpose: .ci/run's only gRPC all-hits proof (an export and a firmware test among them),
# so CI does not build //tests/... from cold a second time.
DEFAULT_TARGETS = ["//tests/smoke/...", "//tests/sim/...", "//models:digits_pte", "//tests/firmware:digits_m55_test"]
# Smaller still for the stopped-cache check: with the cache gone, Bazel 4.2.3 retries every
# remaining spawn's lookup and upload with backoff (--remote_retries, about 6 s a spawn), which
# on DEFAULT_TARGETS' ~180 spawns made this one check take 600 s of CI. A firmware build and test
# after the first upload prove the same thing.
STOPPED_TARGETS = ["//tests/smoke:hello_m55_test"]
# What `build:reapi` in .bazelrc sets, for a scratch copy whose .bazelrc does not define it yet.
# For a test that writes no test.xml, Bazel 4.2.3 generates one in a separate spawn whose argv
# holds the test's wall time in seconds: after a cache hit of the test that is 0, so that spawn
# misses. --noexperimental_split_xml_generation writes it inside the (cached) test spawn.
REAPI_FLAGS = ["--remote_upload_local_results", "--remote_local_fallback", "--remote_timeout=30",
               "--noexperimental_split_xml_generation"]
RBE_PLATFORM = "//platforms/rbe:linux_x86_64"
# What rbe_ready_host_paths executes on that platform. The platform's properties enter every
# action key, so no cached result serves this run: each spawn runs again. One or a few of each
# kind (mnemonic) of action DEFAULT_TARGETS run is enough for what execution adds to the aquery
# scan of every action (the properties on the spawn, the text of the inputs it stages): the
# smoke firmware test (compiles, archives, a link, a test, the simulator's generated texts) and
# the digits firmware's program objects (export, operator glue, FlatBuffers headers, kernel
# selection, fit check, a compile), 18 spawns instead of 188.
RBE_TARGETS = ["//tests/smoke:hello_m55_test", "//platforms/rbe:probe_program"]
RBE_FLAGS = [f"--extra_execution_platforms={RBE_PLATFORM}", f"--host_platform={RBE_PLATFORM}"]
RBE_PROPERTY_KEYS = {"OSFamily", "ISA", "container-image", "m55ml-arm-gcc", "m55ml-qemu",
                     "m55ml-flatc", "m55ml-python"}
_PROCESSES = re.compile(r"^INFO: \d+ process(?:es)?.*$", re.MULTILINE)


class ReapiCache:
    """tools/reapi/reapi_cache.sh (BuildGrid) as a context manager, in its own directory."""

    def __init__(self, directory: Path, workspace: Path):
        self.directory = directory
        self.script = workspace / "tools/reapi/reapi_cache.sh"
        self.url = ""

    @property
    def writer_flags(self) -> list[str]:
        """The writer's flags (instance ci, JWT), as reapi_cache.sh wrote them at start."""
        return (self.directory / "writer.flags").read_text().splitlines()

    @property
    def token(self) -> str:
        header = next(f for f in self.writer_flags if f.startswith("--remote_header=authorization="))
        return header.rsplit(" ", 1)[1]

    @property
    def objects(self) -> Path:
        return self.directory / "store/cas/objects"

    def blob(self, digest_hash: str) -> Path:
        return self.objects / digest_hash[:2] / digest_hash[2:]

    def _script(self, command: str) -> subprocess.CompletedProcess:
        # The scratch copy's script: it writes the scratch's .bootstrap/reapi.bazelrc, never the
        # developer's.
        return subprocess.run(["bash", str(self.script), command, str(self.directory)],
                              check=False, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        proc = self._script("start")
        if proc.returncode != 0:
            raise CheckFailed(f"BuildGrid did not start: {proc.stdout}{proc.stderr}".strip())
        self.url = (self.directory / "url").read_text().strip()
        return self.url

    def stop(self) -> None:
        self._script("stop")

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class Scratch:
    """The scratch workspace, its Bazel and the time bound of each Bazel command."""

    def __init__(self, root: Path, timeout: float):
        self.root = root
        self.workspace = copy_workspace(root / "ws")
        self.bazel = Bazel(self.workspace, root / "output_base")
        self.timeout = timeout
        rc = (self.workspace / ".bazelrc").read_text()
        self.has_reapi_config = re.search(r"^build:reapi\s", rc, re.MULTILINE) is not None
        self.errors: list[str] = []

    def reapi_flags(self, cache: ReapiCache) -> list[str]:
        """--config=reapi when .bazelrc defines it (what CI runs), else the same flags; as the
        writer of `cache`."""
        base = ["--config=reapi"] if self.has_reapi_config else REAPI_FLAGS
        return [*base, *cache.writer_flags]

    def bazel_start(self, *args: str, log: Path) -> subprocess.Popen:
        return self.bazel.start(*args, log=log)

    def finish(self, process: subprocess.Popen, what: str, timeout: float | None = None) -> int:
        """Waits for a Bazel client; past the bound, interrupts it like Ctrl-C and fails."""
        try:
            return process.wait(timeout=timeout or self.timeout)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            raise CheckFailed(f"{what} did not finish within {timeout or self.timeout:g} s") from None

    def run(self, *args: str, log: Path, check: bool = True) -> tuple[int, str, float]:
        """`bazel ARGS` bounded in time: (exit code, output, wall seconds)."""
        start = time.monotonic()
        code = self.finish(self.bazel_start(*args, log=log), f"`bazel {' '.join(args[:1])}`")
        seconds = time.monotonic() - start
        text = log.read_text()
        if check and code != 0:
            tail = "\n".join(text.splitlines()[-25:])
            raise CheckFailed(f"`bazel {' '.join(args)}` failed ({code}):\n{tail}")
        return code, text, seconds

    def clean(self, expunge: bool = True) -> None:
        """`clean --expunge` (what a user does: a new server fetches and analyses everything again)
        or, with expunge=False, `clean`: every output and the action cache are gone, so every
        spawn asks the remote cache again, while the server and its repositories stay (a check
        that is not about a fresh output base need not pay for one; Bazel 4.2.3 still loads and
        analyses the packages again)."""
        self.run("clean", *(["--expunge"] if expunge else []), log=self.root / "clean.log")

    def capture(self, *args: str, partial_ok: bool = False) -> str:
        """stdout of `bazel ARGS` (stderr to a log), bounded in time. With partial_ok, a failed
        command that printed something (--keep_going) counts; its errors are in self.errors."""
        out, err = self.root / "capture.out", self.root / "capture.err"
        cmd = ["bazel", f"--output_base={self.bazel.output_base}", *args]
        with out.open("w") as stdout, err.open("w") as stderr:
            process = subprocess.Popen(cmd, cwd=self.workspace, stdout=stdout, stderr=stderr,
                                       env=dict(os.environ, **(self.bazel.env or {})))
            code = self.finish(process, f"`bazel {args[0]}`")
        text = out.read_text()
        self.errors = [line for line in err.read_text().splitlines() if line.startswith("ERROR:")]
        if code != 0 and not (partial_ok and text.strip()):
            raise CheckFailed(f"`bazel {' '.join(args)}` failed ({code}):\n{err.read_text()[-2000:]}")
        return text


def cacheable(spawns: list[dict]) -> list[dict]:
    return [s for s in spawns if s.get("cacheable", True) and s.get("remotable", True)]


def processes_line(text: str) -> str:
    found = _PROCESSES.findall(text)
    return found[-1].removeprefix("INFO: ") if found else "no process summary"


def record_repro(scratch: Scratch, bep: Path, cold_log: Path, targets: list[str], record: Path) -> None:
    """The sha256 of the outputs of `targets` as the populating run built them (before the clean
    after it deletes them), for repro_check.py --second-record; and how many of those files a
    cache served (none in a clean build with an empty cache). What goes wrong here is the
    reproducibility check's failure (it reads `error`), not this check's."""
    data = {"workspace": str(scratch.workspace), "output_base": str(scratch.bazel.output_base),
            "targets": targets}
    try:
        exec_root = next(scratch.bazel.output_base.glob("execroot/*"))
        files = built_files(bep, targets, exec_root)
        served = {o["path"] for s in execution_log(cold_log) if s.get("remoteCacheHit")
                  for o in s.get("actualOutputs", [])}
        data |= {"cache_hits": len(served & set(files)),
                 "files": {key: sha256(path) for key, path in sorted(files.items())}}
        print(f"  {len(files)} output files of {' '.join(targets)} hashed for the reproducibility check ({record})")
    except (CheckFailed, OSError, StopIteration, ValueError) as error:
        data["error"] = f"the populating run's outputs could not be recorded: {error}"
        print(f"  {data['error']}")
    record.write_text(json.dumps(data, indent=1) + "\n")


def check_hits_after_clean(scratch: Scratch, cache: ReapiCache, targets: list[str],
                           repro_targets: list[str] = (), repro_record: Path | None = None) -> str:
    flags = scratch.reapi_flags(cache)
    if scratch.bazel.output_base.exists():  # else the first command starts a server from nothing
        scratch.clean()
    # The populating run is a clean build at another path with an empty cache: what the
    # reproducibility check needs as its second build, so it builds the repro targets too.
    cold_log, bep = scratch.root / "cold.exec.json", scratch.root / "cold.bep.json"
    events = [f"--build_event_json_file={bep}"] if repro_record else []
    # One export worker: each imports torch and ExecuTorch (about 4.5 CPU-s) and the exports are
    # few; a second export then runs in a worker that already exported one, which its bytes must
    # not show either (the reproducibility check compares them with the CI checkout's).
    _, cold_text, cold_s = scratch.run("test", *flags, "--worker_max_instances=PteExport=1",
                                       f"--execution_log_json_file={cold_log}", *events,
                                       "--", *targets, *repro_targets, log=scratch.root / "cold.log")
    if repro_record:
        record_repro(scratch, bep, cold_log, list(repro_targets), repro_record)
    scratch.clean()
    warm_log = scratch.root / "warm.exec.json"
    _, warm_text, warm_s = scratch.run("test", *flags, f"--execution_log_json_file={warm_log}",
                                       "--", *targets, log=scratch.root / "warm.log")
    spawns = cacheable(execution_log(warm_log))
    hits = [s for s in spawns if s.get("remoteCacheHit")]
    misses = [s for s in spawns if not s.get("remoteCacheHit")]
    print(f"  cold (populating {cache.url}): {cold_s:.1f} s; {processes_line(cold_text)}")
    print(f"  warm (after clean --expunge):  {warm_s:.1f} s; {processes_line(warm_text)}")
    if not spawns:
        raise CheckFailed("the warm run executed no cacheable spawn: nothing was checked")
    if misses:
        hint = ""
        if any(m.get("commandArgs", [""])[0].endswith("generate-xml.sh") for m in misses):
            hint = (" (generate-xml.sh spawns carry the test's wall time in their argv: set "
                    "`test --noexperimental_split_xml_generation` in .bazelrc)")
        raise CheckFailed(f"{len(misses)} of {len(spawns)} cacheable spawns missed the gRPC cache{hint}: "
                          + "; ".join(sorted({m.get("progressMessage") or m.get("mnemonic", "?") for m in misses})))
    config = "--config=reapi" if scratch.has_reapi_config else "the build:reapi flags"
    return (f"{len(hits)}/{len(spawns)} cacheable spawns were gRPC remote cache hits (100%) with "
            f"{config}; cold {cold_s:.1f} s, warm {warm_s:.1f} s ({' '.join(targets)})")


def _corruption_victims(spawns: list[dict]) -> dict[str, tuple[str, int, str]]:
    """Per mnemonic, the largest output blob of its spawns: hash -> (path, size, mnemonic)."""
    best: dict[str, tuple[int, str, str]] = {}
    for spawn in spawns:
        mnemonic = spawn.get("mnemonic", "?")
        for output in spawn.get("actualOutputs", []):
            size = int(output["digest"].get("sizeBytes", 0))
            if size > best.get(mnemonic, (0, "", ""))[0]:
                best[mnemonic] = (size, output["digest"]["hash"], output["path"])
    return {h: (path, size, mnemonic) for mnemonic, (size, h, path) in best.items()}


def check_corrupt_blob(scratch: Scratch, cache: ReapiCache, targets: list[str]) -> str:
    warm = scratch.root / "warm.exec.json"
    if not warm.exists():
        raise CheckFailed("needs the populated cache of reapi_hits_after_clean")
    victims = _corruption_victims(cacheable(execution_log(warm)))
    bad_digests = set()
    for digest_hash, (path, size, _) in victims.items():
        blob = cache.blob(digest_hash)
        if not blob.is_file() or blob.stat().st_size != size:
            raise CheckFailed(f"blob of {path} not found in the disk CAS at {blob}")
        garbage = bytes(b ^ 0x5A for b in blob.read_bytes())  # same size, other bytes
        blob.write_bytes(garbage)
        bad_digests.add(hashlib.sha256(garbage).hexdigest())
    scratch.clean(expunge=False)
    log = scratch.root / "corrupt.exec.json"
    code, text, _ = scratch.run("test", *scratch.reapi_flags(cache), f"--execution_log_json_file={log}",
                                "--", *targets, log=scratch.root / "corrupt.log", check=False)
    if code != 0:
        raise CheckFailed("the build failed on corrupt CAS blobs:\n" + text[-2000:])
    reported = [h for h in victims if re.search(f"Expected digest '{h}/\\d+' does not match received", text)]
    if len(reported) != len(victims):
        raise CheckFailed(f"Bazel reported {len(reported)} of {len(victims)} digest mismatches")
    victim_paths = {path for path, _, _ in victims.values()}
    spawns = cacheable(execution_log(log))
    reran = []
    for spawn in spawns:
        outputs = spawn.get("actualOutputs", [])
        if any(o["digest"]["hash"] in bad_digests for o in outputs):
            raise CheckFailed(f"corrupt bytes ended up in the outputs of a {spawn.get('mnemonic')} spawn")
        if any(o["path"] in victim_paths for o in outputs):
            if spawn.get("remoteCacheHit"):
                raise CheckFailed(f"a {spawn.get('mnemonic')} spawn took a corrupted blob from the cache")
            reran.append(spawn.get("mnemonic"))
    if len(reran) < len(victims):
        raise CheckFailed(f"only {len(reran)} of the {len(victims)} spawns with a corrupted output ran again")
    hits = sum(1 for s in spawns if s.get("remoteCacheHit"))
    kinds = ", ".join(sorted(f"{m} {Path(p).name} ({s} B)" for p, s, m in victims.values()))
    return (f"{len(victims)} blobs corrupted ({kinds}); {len(reported)} digest mismatches reported, "
            f"{len(reran)} spawns rebuilt locally, {hits} others still hit; tests passed")


def check_rbe_host_paths(scratch: Scratch, cache: ReapiCache, targets: list[str],
                         analysis_scope: str) -> str:
    rules = load_allowlist(scratch.workspace / "tools/reapi/host_paths.allowlist")
    log = scratch.root / "rbe.exec.json"
    # The platform's properties enter every action key, so each spawn misses and runs locally;
    # its results would be of no use to a later check, so they are not uploaded.
    scratch.run("test", *RBE_FLAGS, *scratch.reapi_flags(cache), "--noremote_upload_local_results",
                f"--execution_log_json_file={log}", "--", *targets, log=scratch.root / "rbe.log")
    spawns = execution_log(log)
    wrong = [s.get("mnemonic") for s in spawns
             if not RBE_PROPERTY_KEYS <= {p["name"] for p in s.get("platform", {}).get("properties", [])}]
    if not spawns or wrong:
        raise CheckFailed(f"{len(wrong)} of {len(spawns)} spawns lack the properties of {RBE_PLATFORM}: "
                          f"{sorted(set(wrong))}")
    # Every kind of action the gRPC set runs must be among those executed here.
    populated = scratch.root / "cold.exec.json"
    kinds = {s.get("mnemonic") for s in execution_log(populated)} if populated.exists() else set()
    missing = sorted(kinds - {s.get("mnemonic") for s in spawns})
    if missing:
        raise CheckFailed(f"the RBE run ({' '.join(targets)}) executes no {', '.join(missing)} action, which "
                          "the gRPC set runs: add a target that does to --rbe-targets")
    properties = {p["name"]: p["value"] for p in spawns[0]["platform"]["properties"]}
    exec_root = Path(scratch.capture("info", *RBE_FLAGS, "execution_root").strip())
    findings = Findings()
    scan_execution_log(spawns, exec_root, findings)
    graph = load_aquery(scratch.capture("aquery", *RBE_FLAGS, "--output=jsonproto", "--include_param_files",
                                        "--keep_going", f"deps({analysis_scope})", partial_ok=True))
    for error in scratch.errors:  # a target that does not analyse is reported by the test runs
        print(f"  aquery (--keep_going): {error}")
    spawned = findings.actions
    scan_aquery(graph, findings, exec_root)
    verdict = judge(findings, rules)
    print(f"  {RBE_PLATFORM} exec properties: " + ", ".join(f"{k}={v}" for k, v in sorted(properties.items())))
    print(f"  {spawned} spawns executed ({' '.join(targets)}; {', '.join(sorted({s.get('mnemonic', '?') for s in spawns}))}) + "
          f"{findings.actions - spawned} actions of deps({analysis_scope}) analysed")
    for line in report(findings, verdict):
        print("  " + line)
    if verdict.denied:
        raise CheckFailed(f"{len(verdict.denied)} absolute host paths outside tools/reapi/host_paths.allowlist: "
                          + ", ".join(sorted(verdict.denied)))
    return (f"{len(spawns)} spawns carry the {RBE_PLATFORM} properties; {findings.actions} command lines and "
            f"{findings.files_scanned} input files use {len(verdict.allowed)} absolute host paths, "
            f"all allowlisted")


def check_refuses_unauthenticated_writes(scratch: Scratch, cache: ReapiCache, targets: list[str]) -> str:
    warm = scratch.root / "warm.exec.json"
    if not warm.exists():
        raise CheckFailed("needs the populated cache of reapi_hits_after_clean")
    honest = {o["path"]: o["digest"]["hash"] for s in cacheable(execution_log(warm))
              for o in s.get("actualOutputs", [])}
    venv = Path(os.environ.get("M55ML_REAPI_VENV", "/opt/m55ml/buildgrid-venv"))
    probe = subprocess.run([str(venv / "bin/python3"), str(scratch.workspace / "tools/reapi/write_probe.py"),
                            cache.url.removeprefix("grpc://"), cache.token],
                           capture_output=True, text=True, timeout=300, check=False)
    for line in probe.stdout.splitlines():
        print("  " + line)
    if probe.returncode != 0:
        raise CheckFailed("a write without the writer's token was not refused, or the writer's was: "
                          + (probe.stdout + probe.stderr).strip().splitlines()[-1])
    refused = probe.stdout.count("-> refused")

    # A teammate's clean build: instance "", no token, read only.
    scratch.clean(expunge=False)
    log = scratch.root / "reader.exec.json"
    # The flags of the writer's run that reach action keys, without its instance and token.
    same_keys = [] if scratch.has_reapi_config else ["--noexperimental_split_xml_generation"]
    scratch.run("test", f"--remote_cache={cache.url}", "--noremote_upload_local_results",
                "--remote_local_fallback", "--remote_timeout=30", *same_keys,
                f"--execution_log_json_file={log}", "--", *targets, log=scratch.root / "reader.log")
    spawns = cacheable(execution_log(log))
    misses = [s.get("mnemonic", "?") for s in spawns if not s.get("remoteCacheHit")]
    if not spawns or misses:
        raise CheckFailed(f"the read-only build missed {len(misses)} of {len(spawns)} cacheable spawns: "
                          f"{sorted(set(misses))}")
    outputs = {o["path"]: o["digest"]["hash"] for s in spawns for o in s.get("actualOutputs", [])}
    differ = sorted(p for p in outputs if p in honest and outputs[p] != honest[p])
    if differ or not outputs:
        raise CheckFailed(f"the read-only build's outputs differ from the writer's: {differ[:3]}")
    return (f"{refused} writes without a valid token refused (UNAUTHENTICATED), poisoned entry not "
            f"stored, the writer's accepted; a read-only clean build took {len(spawns)}/{len(spawns)} "
            f"spawns from the cache, {len(outputs)} outputs byte-identical to the writer's")


def check_stopped_mid_build(scratch: Scratch, targets: list[str]) -> str:
    cache = ReapiCache(scratch.root / "cache-stopped", scratch.workspace)
    cache.start()
    try:
        scratch.clean(expunge=False)
        log = scratch.root / "stopped.log"
        process = scratch.bazel_start("test", *scratch.reapi_flags(cache), "--", *targets, log=log)

        def first_blob_or_done() -> bool:
            stored = cache.objects.is_dir() and any(p.is_file() for p in cache.objects.rglob("*"))
            return stored or process.poll() is not None

        try:
            wait_for(first_blob_or_done, scratch.timeout, "the first blob in the cache")
        finally:
            cache.stop()
        if process.poll() is not None:
            raise CheckFailed("the build ended before the cache was stopped; nothing was checked")
        code = scratch.finish(process, "the build with the cache stopped")
    finally:
        cache.stop()
    text = log.read_text()
    if code != 0:
        raise CheckFailed(f"the build failed ({code}) after the cache stopped:\n" + text[-2000:])
    warnings = sorted(set(re.findall(r"WARNING: ((?:Reading from|Writing to) Remote Cache):\s*\n?(UNAVAILABLE[^\n]*)", text)))
    if not warnings:
        raise CheckFailed("Bazel did not report the cache as UNAVAILABLE:\n" + text[-2000:])
    said = "; ".join(f"{a}: {b}" for a, b in warnings)
    return f"stopped after the first upload; the build finished locally ({processes_line(text)}); Bazel said {said}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results_file", type=Path)
    parser.add_argument("--targets", nargs="+", default=DEFAULT_TARGETS)
    parser.add_argument("--stopped-targets", nargs="+", default=STOPPED_TARGETS,
                        help="targets of reapi_stopped_mid_build (default: %(default)s)")
    parser.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                        help="leave out a target pattern (passed as -PATTERN)")
    parser.add_argument("--rbe-targets", nargs="+", default=RBE_TARGETS,
                        help="targets rbe_ready_host_paths executes (default: %(default)s)")
    parser.add_argument("--analysis-scope", default="//tests/...",
                        help="pattern whose every action's command line is checked for host paths")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per Bazel command")
    parser.add_argument("--only", nargs="+", help="run only these checks")
    parser.add_argument("--repro-record", type=Path, metavar="FILE",
                        help="write the sha256 of --repro-targets' outputs as the populating run built them")
    parser.add_argument("--repro-targets", nargs="+", default=[], metavar="LABEL",
                        help="targets the populating run builds too, for --repro-record")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR (created) and keep it, for debugging; default: a temporary directory")
    args = parser.parse_args(argv)
    args.targets = [*args.targets, *(f"-{pattern}" for pattern in args.exclude)]
    if bool(args.repro_record) != bool(args.repro_targets):
        parser.error("--repro-record and --repro-targets go together")
    if args.repro_record:
        args.repro_record = args.repro_record.resolve()
        args.repro_record.unlink(missing_ok=True)  # a stale record must not stand in for this run's

    results: list[str] = []

    def record(name: str, check) -> None:
        if args.only and name not in args.only:
            return
        start, cpu_start = time.monotonic(), cpu_seconds()
        print(f"reapi_check: {name} ...", flush=True)
        try:
            line = f"PASSED {name}: {check()}"
        except (CheckFailed, OSError, ValueError, subprocess.SubprocessError) as error:
            line = f"FAILED {name}: {error}"
        print(f"{line}  [{cost(start, cpu_start)}]", flush=True)
        results.append(line)

    with tempfile.TemporaryDirectory(prefix="m55ml-reapi-check-") as tmp:
        root = Path(tmp)
        if args.keep:
            root = args.keep.resolve()
            root.mkdir(parents=True, exist_ok=True)
        scratch = Scratch(root, args.timeout)
        try:
            with ReapiCache(scratch.root / "cache", scratch.workspace) as cache:
                record("reapi_hits_after_clean",
                       lambda: check_hits_after_clean(scratch, cache, args.targets, args.repro_targets,
                                                      args.repro_record))
                record("reapi_refuses_unauthenticated_writes",
                       lambda: check_refuses_unauthenticated_writes(scratch, cache, args.targets))
                record("reapi_corrupt_blob_rejected", lambda: check_corrupt_blob(scratch, cache, args.targets))
                record("rbe_ready_host_paths",
                       lambda: check_rbe_host_paths(scratch, cache, args.rbe_targets, args.analysis_scope))
            record("reapi_stopped_mid_build", lambda: check_stopped_mid_build(scratch, args.stopped_targets))
        except (CheckFailed, subprocess.SubprocessError) as error:  # the shared cache did not start
            results.append(f"FAILED reapi_cache_start: {error}")
            print(results[-1])
        finally:
            scratch.bazel.shutdown()
    with args.results_file.open("a") as out:
        out.writelines(line + "\n" for line in results)
    return 0 if results and all(line.startswith("PASSED") for line in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
