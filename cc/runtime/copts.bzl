"""Compile options of cc/runtime, shared with the tests' terse-diagnostics build of it."""

# Warnings are errors here for every target the runtime is built for (host, M55, M33, M3).
RUNTIME_COPTS = [
    "-std=c++17",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-fno-exceptions",
    "-fno-rtti",
]
