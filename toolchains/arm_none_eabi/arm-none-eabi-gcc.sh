#!/bin/sh
# Compiler driver for Bazel actions.
#
# It runs the gcc driver that @arm_none_eabi_gcc links (toolchains/arm_none_eabi/identity.bzl;
# the toolchain config passes its execution-root path in M55ML_ARM_GCC_DRIVER). That link is an
# input of every firmware action, and its digest, with the compiler proper's and the toolchain
# packages' checksums, is part of every action key: the compiler that runs is the compiler the
# key names.
#
# Each action runs in its own execution root (a sandbox path that changes from run to run), so
# that path is mapped to "." in debug info and __FILE__: the same sources then give the same
# object and ELF bytes in any workspace or output base.
declared="${M55ML_ARM_GCC_DRIVER:-}"
driver="$(readlink -f "${declared:-/nonexistent}")"
if [ -z "$declared" ] || [ ! -x "$driver" ]; then
  echo "arm-none-eabi-gcc.sh: the declared compiler ${declared:-(M55ML_ARM_GCC_DRIVER unset)} does not lead to an executable gcc; run ./bootstrap.sh, then bazel sync --configure" >&2
  exit 1
fi
# (Bazel runs C/C++ actions with PWD set to procfs's link to the working directory, not the directory
# itself: compare with the physical directory.)
case "$driver" in
  "$(pwd -P)"/*)
    # A copy staged in the execution root (remote execution): the worker's own toolchain runs,
    # and only if its driver is the declared one, byte for byte.
    installed=/usr/bin/arm-none-eabi-gcc
    if ! cmp -s "$driver" "$installed"; then
      echo "arm-none-eabi-gcc.sh: $installed on this machine is not the compiler the action declares ($declared): install the same gcc-arm-none-eabi as the client" >&2
      exit 1
    fi
    driver="$installed"
    ;;
esac
exec "$driver" -ffile-prefix-map="$PWD"/= "$@"
