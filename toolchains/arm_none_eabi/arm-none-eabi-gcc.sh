#!/bin/sh
# Compiler driver for Bazel actions. Each action runs in its own execution root (a sandbox path
# that changes from run to run), so that path is mapped to "." in debug info and __FILE__: the
# same sources then give the same object and ELF bytes in any workspace or output base.
exec /usr/bin/arm-none-eabi-gcc -ffile-prefix-map="$PWD"/= "$@"
