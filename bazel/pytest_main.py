"""Entry point of every `pytest_test`: runs pytest on the test's own files, inside Bazel.

Bazel passes the test files as arguments (see pytest.bzl). Results go to Bazel's JUnit XML file
so `bazel test` lists each test case. pytest's cache is off (the runfiles tree is read-only in
the sandbox), and everything temporary goes under Bazel's TEST_TMPDIR, which Bazel creates and
removes per test: pytest's tmp_path (`--basetemp`), and `tempfile` in the test and in every
process it starts (TMPDIR). Otherwise pytest leaves numbered folders in the system's /tmp.

torch runs on one thread (OMP_NUM_THREADS=1, unless the caller set it), in the test and in every
process it starts: on a busy machine its idle OpenMP threads spin and only burn CPU (the
tests/kernels references' integer convolutions took twice the CPU-seconds on two threads, for
the same bytes). The exporter already works on one thread. The venv's pytest plugins that no
test uses are not loaded.
"""

import gc
import os
import sys
import tempfile

import pytest


class _FreezeImportedObjects:
    """The garbage collector sleeps while pytest imports the test modules, then every object
    alive moves into its permanent generation (gc.freeze) and it wakes. torch and ExecuTorch
    allocate ~440k long-lived objects while importing, which set off hundreds of collections
    that find next to nothing, and each later full collection (pytest ends a session with two,
    for its unraisable-exception check; hypothesis adds one) walked them all again, 0.26-0.30
    CPU-s each: tests/kernels spent 2.2 CPU-s collecting, now 1.3. Frozen objects are never
    freed, as modules are not; what the tests make is still collected, and an exception raised
    in a finalizer is still reported. The exporter's worker freezes its heap the same way.
    """

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        gc.freeze()
        gc.enable()


def main(argv: list[str]) -> int:
    args = list(argv)
    args += ["-p", "no:cacheprovider", "-v", "--tb=short"]
    # pytest plugins that come with the venv's other packages (hydra-core, kgb, anyio; the
    # ExecuTorch stack pulls them in) and that no test uses: loading them cost each test
    # process ~0.3 CPU-s (hydra's alone imports omegaconf).
    args += ["-p", "no:hydra_pytest", "-p", "no:kgb", "-p", "no:anyio"]
    # Before anything imports torch: OpenMP reads it once, when it loads.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    test_tmpdir = os.environ.get("TEST_TMPDIR")
    if test_tmpdir:
        os.environ["TMPDIR"] = test_tmpdir
        tempfile.tempdir = None  # forget a temp dir chosen before TMPDIR was set
        if not any(a == "--basetemp" or a.startswith("--basetemp=") for a in args):
            args.append(f"--basetemp={os.path.join(test_tmpdir, 'pytest')}")
    xml = os.environ.get("XML_OUTPUT_FILE")
    if xml:
        args.append(f"--junitxml={xml}")
    gc.disable()
    code = pytest.main(args, plugins=[_FreezeImportedObjects()])
    gc.enable()
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("pytest_main: no tests were collected; a test target must run at least one test")
        return 1
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
