"""arm_none_eabi_identity: the Arm GCC toolchain's own files as inputs of every firmware action.

The cc toolchain names its tools by absolute path (/usr/bin/arm-none-eabi-gcc), which Bazel does
not hash: on its own, a compiler upgrade would change no action key, so the local action cache
and a remote cache would keep serving objects the old compiler built. A version stamp written
by a repository rule is not enough either: it is computed when the repository is fetched (at a
Bazel server start), so an upgrade under a running server would go unseen.

This repository links the files that make up the compiler's identity instead:

  bin/arm-none-eabi-gcc         the driver the compiler wrapper runs (through this very link)
  lib/gcc/arm-none-eabi/        the compiler proper, by a link to the directory: cc1, cc1plus
                                and collect2 of whatever GCC version is installed (a glob, so a
                                new version directory is picked up, not a dangling link)
  bin/as, bin/ld                the assembler and linker the driver calls
  dpkg/<package>.md5sums        dpkg's checksum of every file of the toolchain packages (headers,
                                newlib and libgcc for every multilib, libstdc++): it changes with
                                any upgrade or reinstall of another version

Bazel checks files outside the workspace that a build reads for changes before every build, and
digests them into each action's key (local and remote). So replacing any of them, as an upgrade
does, makes every firmware compile, archive and link miss the cache in the same server, and a
remote cache can only answer with results of the same compiler. The default root is `/`;
M55ML_ARM_GCC_ROOT points the links at another tree, which CI's `toolchain_change_misses_cache`
check (tools/ci/cache_faults.py) uses to fake an upgrade.
"""

# The Debian packages the firmware toolchain consists of (./bootstrap.sh installs them; the
# libstdc++ headers come with libstdc++-arm-none-eabi-newlib).
PACKAGES = [
    "gcc-arm-none-eabi",
    "binutils-arm-none-eabi",
    "libnewlib-arm-none-eabi",
    "libstdc++-arm-none-eabi-dev",
    "libstdc++-arm-none-eabi-newlib",
]

_LINKS = {
    "bin/arm-none-eabi-gcc": "usr/bin/arm-none-eabi-gcc",
    "bin/as": "usr/lib/arm-none-eabi/bin/as",
    "bin/ld": "usr/lib/arm-none-eabi/bin/ld",
    "lib/gcc/arm-none-eabi": "usr/lib/gcc/arm-none-eabi",
}

_BUILD = """\
package(default_visibility = ["//visibility:public"])

# The driver the compiler wrapper (//toolchains/arm_none_eabi:arm-none-eabi-gcc.sh) executes.
exports_files(["bin/arm-none-eabi-gcc"])

filegroup(
    name = "identity",
    srcs = [
        "bin/arm-none-eabi-gcc",
        "bin/as",
        "bin/ld",
    ] + glob(
        [
            "lib/gcc/arm-none-eabi/*/cc1",
            "lib/gcc/arm-none-eabi/*/cc1plus",
            "lib/gcc/arm-none-eabi/*/collect2",
        ],
        allow_empty = False,
    ) + {md5sums},
)
"""

def _arm_none_eabi_identity_impl(rctx):
    root = rctx.os.environ.get("M55ML_ARM_GCC_ROOT", "/").rstrip("/")
    for link, target in _LINKS.items():
        path = rctx.path(root + "/" + target)
        if not path.exists:
            fail("m55ml: %s not found (the Arm GCC toolchain is incomplete); run ./bootstrap.sh" % path)
        rctx.symlink(path, link)
    md5sums = []
    for package in PACKAGES:
        path = rctx.path("%s/var/lib/dpkg/info/%s.md5sums" % (root, package))
        if not path.exists:
            fail("m55ml: %s not found: Debian package %s is not installed; run ./bootstrap.sh" % (path, package))
        rctx.symlink(path, "dpkg/%s.md5sums" % package)
        md5sums.append("dpkg/%s.md5sums" % package)
    rctx.file("BUILD.bazel", _BUILD.format(md5sums = repr(md5sums)))

arm_none_eabi_identity = repository_rule(
    implementation = _arm_none_eabi_identity_impl,
    local = True,
    # `bazel sync --configure` refetches it (as does a server restart).
    configure = True,
    environ = ["M55ML_ARM_GCC_ROOT"],
    doc = "Links the Arm GCC toolchain's identity files (see the module doc) for action keys.",
)
