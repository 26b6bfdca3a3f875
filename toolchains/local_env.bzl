"""m55ml_local_env: exposes what ./bootstrap.sh installed to the build, or says to run it.

./bootstrap.sh ends by writing `.bootstrap/env.txt` in the workspace: one `key=value` per line
(the venv path, the lock file's hash, the Python, torch and executorch versions, and the base
interpreter the venv's python3 links to). This rule reads
that file through a label, so Bazel refetches the repository whenever bootstrap changes it; it
also asks dpkg for the versions of the Arm GCC, newlib, QEMU, FlatBuffers and espeak-ng packages
on every fetch. It generates:

  //:python_toolchain      py_runtime of the pinned venv (interpreter and stub shebang)
  //:python_env_stamp      lock hash + Python version and base interpreter path: an input of
                           every action that runs the venv
  //:arm_gcc_stamp         gcc-arm-none-eabi + newlib versions: an input of every firmware compile
  //:qemu_stamp            qemu-system-arm version: an input of every simulator run
  //:flatc_stamp           flatbuffers-compiler version
  //:espeak_ng_stamp       espeak-ng, its engine library and voice data versions: an input of
                           the action that synthesizes the Silero VAD test speech
  //:program_fbs, //:scalar_type_fbs   the .pte schema shipped in the executorch wheel
  //:cortex_m_operators_yaml, //:cortex_m_operators_py   the Cortex-M backend's op definitions
  //:portable_functions_yaml, //:quantized_functions_yaml, //:native_functions_yaml, //:native_tags_yaml
                                                        operator schemas for the generated glue
  //:versions.bzl          the same versions as Starlark constants
"""

_ENV_FILE = "//:.bootstrap/env.txt"

_REQUIRED_KEYS = [
    "venv",
    "python_version",
    "python_base",
    "lock_sha256",
    "executorch_version",
    "torch_version",
]

# Debian packages whose version is stamped into the actions they affect. Queried afresh each
# time the repository is fetched (local = True: every Bazel server start), so upgrading one
# changes the stamp and the affected actions miss the cache.
_DEBIAN_PACKAGES = {
    "arm_gcc_version": "gcc-arm-none-eabi",
    "newlib_version": "libnewlib-arm-none-eabi",
    "qemu_version": "qemu-system-arm",
    "flatc_version": "flatbuffers-compiler",
    # The speech synthesizer (models/silero_vad:audio): the command, its engine and its voices.
    "espeak_ng_version": "espeak-ng",
    "libespeak_ng_version": "libespeak-ng1",
    "espeak_ng_data_version": "espeak-ng-data",
}

def _parse_env(text):
    env = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        env[key.strip()] = value.strip()
    return env

def _debian_version(rctx, package):
    # M55ML_DPKG_QUERY lets the cache fault test (tools/ci/cache_faults.sh) pretend a package was
    # upgraded; everyone else gets the real dpkg-query.
    dpkg_query = rctx.os.environ.get("M55ML_DPKG_QUERY", "dpkg-query")
    result = rctx.execute([dpkg_query, "-W", "-f=${Version}", package])
    if result.return_code != 0 or not result.stdout.strip():
        fail("m55ml: Debian package %s is not installed; run ./bootstrap.sh" % package)
    return result.stdout.strip()

def _copy(rctx, src, dst, what):
    path = rctx.path(src)
    if not path.exists:
        fail("m55ml: %s not found at %s; the venv is incomplete, rerun ./bootstrap.sh" % (what, src))
    rctx.file(dst, rctx.read(path), executable = False)

def _m55ml_local_env_impl(rctx):
    workspace_root = rctx.path(Label("//:WORKSPACE")).dirname
    if not rctx.path(str(workspace_root) + "/.bootstrap/env.txt").exists:
        fail("m55ml: this checkout is not set up. Run ./bootstrap.sh (it installs the Debian " +
             "packages and the pinned Python environment, then writes .bootstrap/env.txt).")
    env = _parse_env(rctx.read(rctx.path(Label(_ENV_FILE))))
    missing = [k for k in _REQUIRED_KEYS if k not in env]
    if missing:
        fail("m55ml: .bootstrap/env.txt lacks %s; rerun ./bootstrap.sh" % ", ".join(missing))
    for key, package in _DEBIAN_PACKAGES.items():
        env[key] = _debian_version(rctx, package)

    venv = env["venv"]
    python = venv + "/bin/python3"
    if not rctx.path(python).exists:
        fail("m55ml: the Python environment %s is gone; rerun ./bootstrap.sh" % venv)

    # The venv's python3 is a symlink to the Python it was built from (python_base): an input
    # Bazel cannot see. Its path and version are stamped below; here it must run for this user.
    probe = rctx.execute([python, "-c", "import platform, sys; print(platform.python_version(), sys.base_prefix)"])
    if probe.return_code != 0:
        fail("m55ml: %s (built from %s) does not run for this user: %s; rebuild the venv from a Python 3.11 this user can run (M55ML_PYTHON=... ./bootstrap.sh, see README)" % (
            python,
            env["python_base"],
            (probe.stderr.strip().splitlines() or ["exit %d" % probe.return_code])[-1],
        ))
    if probe.stdout.split(" ")[0] != env["python_version"]:
        fail("m55ml: %s is Python %s, .bootstrap/env.txt says %s; rerun ./bootstrap.sh" % (
            python,
            probe.stdout.split(" ")[0],
            env["python_version"],
        ))
    site = "%s/lib/python%s/site-packages" % (venv, ".".join(env["python_version"].split(".")[:2]))

    _copy(rctx, site + "/executorch/schema/program.fbs", "schema/program.fbs", "program.fbs")
    _copy(rctx, site + "/executorch/schema/scalar_type.fbs", "schema/scalar_type.fbs", "scalar_type.fbs")
    cortex_m = site + "/executorch/backends/cortex_m/ops/"
    _copy(rctx, cortex_m + "operators.yaml", "cortex_m/operators.yaml", "cortex_m operators.yaml")
    _copy(rctx, cortex_m + "operators.py", "cortex_m/operators.py", "cortex_m operators.py")
    _copy(rctx, site + "/executorch/kernels/portable/functions.yaml", "portable/functions.yaml", "portable functions.yaml")
    _copy(rctx, site + "/executorch/kernels/quantized/quantized.yaml", "quantized/quantized.yaml", "quantized quantized.yaml")
    native = site + "/torchgen/packaged/ATen/native/"
    _copy(rctx, native + "native_functions.yaml", "native/native_functions.yaml", "native_functions.yaml")
    _copy(rctx, native + "tags.yaml", "native/tags.yaml", "native tags.yaml")

    rctx.file("stamps/python_env.txt", "python=%s\npython_base=%s\nlock_sha256=%s\nexecutorch=%s\ntorch=%s\n" % (
        env["python_version"],
        env["python_base"],
        env["lock_sha256"],
        env["executorch_version"],
        env["torch_version"],
    ))
    rctx.file("stamps/arm_gcc.txt", "gcc-arm-none-eabi=%s\nlibnewlib-arm-none-eabi=%s\n" % (
        env["arm_gcc_version"],
        env["newlib_version"],
    ))
    rctx.file("stamps/qemu.txt", "qemu-system-arm=%s\n" % env["qemu_version"])
    rctx.file("stamps/flatc.txt", "flatbuffers-compiler=%s\n" % env["flatc_version"])
    rctx.file("stamps/espeak_ng.txt", "espeak-ng=%s\nlibespeak-ng1=%s\nespeak-ng-data=%s\n" % (
        env["espeak_ng_version"],
        env["libespeak_ng_version"],
        env["espeak_ng_data_version"],
    ))

    rctx.file("versions.bzl", "\n".join([
        '"""Versions installed by ./bootstrap.sh (generated by //toolchains:local_env.bzl)."""',
        "",
        "VENV = %r" % venv,
        "PYTHON = %r" % python,
        "PYTHON_VERSION = %r" % env["python_version"],
        "PYTHON_BASE = %r" % env["python_base"],
        "EXECUTORCH_VERSION = %r" % env["executorch_version"],
        "TORCH_VERSION = %r" % env["torch_version"],
        "ARM_GCC_VERSION = %r" % env["arm_gcc_version"],
        "NEWLIB_VERSION = %r" % env["newlib_version"],
        "QEMU_VERSION = %r" % env["qemu_version"],
        "FLATC_VERSION = %r" % env["flatc_version"],
        "ESPEAK_NG_VERSION = %r" % env["espeak_ng_version"],
        "",
    ]))

    rctx.file("BUILD.bazel", """\
load("@bazel_tools//tools/python:toolchain.bzl", "py_runtime_pair")

package(default_visibility = ["//visibility:public"])

exports_files(["versions.bzl"])

filegroup(name = "python_env_stamp", srcs = ["stamps/python_env.txt"])
filegroup(name = "arm_gcc_stamp", srcs = ["stamps/arm_gcc.txt"])
filegroup(name = "qemu_stamp", srcs = ["stamps/qemu.txt"])
filegroup(name = "flatc_stamp", srcs = ["stamps/flatc.txt"])
filegroup(name = "espeak_ng_stamp", srcs = ["stamps/espeak_ng.txt"])
filegroup(name = "program_fbs", srcs = ["schema/program.fbs"])
filegroup(name = "scalar_type_fbs", srcs = ["schema/scalar_type.fbs"])
filegroup(name = "pte_schema", srcs = ["schema/program.fbs", "schema/scalar_type.fbs"])
filegroup(name = "cortex_m_operators_yaml", srcs = ["cortex_m/operators.yaml"])
filegroup(name = "cortex_m_operators_py", srcs = ["cortex_m/operators.py"])
filegroup(name = "portable_functions_yaml", srcs = ["portable/functions.yaml"])
filegroup(name = "quantized_functions_yaml", srcs = ["quantized/quantized.yaml"])
filegroup(name = "native_functions_yaml", srcs = ["native/native_functions.yaml"])
filegroup(name = "native_tags_yaml", srcs = ["native/tags.yaml"])

# The pinned venv. Bazel cannot hash an interpreter outside the workspace, so actions that run
# it also take :python_env_stamp as an input (lock hash + versions).
py_runtime(
    name = "venv_python3",
    interpreter_path = "{python}",
    python_version = "PY3",
    # Bazel 4.2.3 defaults to "#!/usr/bin/env python", which Debian does not have.
    stub_shebang = "#!{python}",
)

py_runtime_pair(name = "venv_runtime_pair", py3_runtime = ":venv_python3")

toolchain(
    name = "python_toolchain",
    # Host (Linux) targets only: firmware platforms never get a Python runtime.
    target_compatible_with = ["@platforms//os:linux"],
    toolchain = ":venv_runtime_pair",
    toolchain_type = "@bazel_tools//tools/python:toolchain_type",
)
""".format(python = python))

m55ml_local_env = repository_rule(
    implementation = _m55ml_local_env_impl,
    local = True,
    environ = ["M55ML_DPKG_QUERY"],
    doc = "Exposes the bootstrapped Python environment and tool versions; see the module doc.",
)
