"""Entry point of every `pytest_test`: runs pytest on the test's own files, inside Bazel.

Bazel passes the test files as arguments (see pytest.bzl). Results go to Bazel's JUnit XML file
so `bazel test` lists each test case, and pytest's cache goes to the test's temp dir because the
runfiles tree is read-only in the sandbox.
"""

import os
import sys

import pytest


def main(argv: list[str]) -> int:
    args = list(argv)
    args += ["-p", "no:cacheprovider", "-v", "--tb=short"]
    xml = os.environ.get("XML_OUTPUT_FILE")
    if xml:
        args.append(f"--junitxml={xml}")
    code = pytest.main(args)
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("pytest_main: no tests were collected; a test target must run at least one test")
        return 1
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
