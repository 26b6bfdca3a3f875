"""sanitized_test: runs a cc_binary built, with all its dependencies, under ASan and UBSan.

Sanitizer copts on a test target alone would instrument only the test's own sources; the point
here is to catch out-of-bounds reads inside the runtime itself. So the binary is built through a
configuration transition that adds the sanitizer flags to every C/C++ compile and link beneath
it (the runtime, FlatBuffers' inline code, the test). Data files are attached to this rule, not
to the binary, so generated fixtures are built once, in the normal configuration.
"""

load("//bazel:junit.bzl", "junit_test_script")
load("//bazel:platform_transition.bzl", "TRANSITION_ALLOWLIST_ATTR")

_SANITIZER_FLAGS = [
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
]

def _sanitizer_transition_impl(settings, attr):
    return {
        "//command_line_option:copt": settings["//command_line_option:copt"] + _SANITIZER_FLAGS,
        "//command_line_option:linkopt": settings["//command_line_option:linkopt"] + _SANITIZER_FLAGS,
    }

_sanitizer_transition = transition(
    implementation = _sanitizer_transition_impl,
    inputs = ["//command_line_option:copt", "//command_line_option:linkopt"],
    outputs = ["//command_line_option:copt", "//command_line_option:linkopt"],
)

def _sanitized_test_impl(ctx):
    binary = ctx.attr.binary[0]
    program = binary[DefaultInfo].files_to_run.executable
    executable = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(
        output = executable,
        is_executable = True,
        content = junit_test_script(ctx.label, "'%s' \"$@\"" % program.short_path),
    )
    runfiles = ctx.runfiles(files = ctx.files.data + [program])
    runfiles = runfiles.merge(binary[DefaultInfo].default_runfiles)
    return [
        DefaultInfo(executable = executable, runfiles = runfiles),
        testing.TestEnvironment({
            # Fail on the first report; leaks are not what these tests look for.
            "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=1",
            "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1",
        }),
    ]

sanitized_test = rule(
    implementation = _sanitized_test_impl,
    test = True,
    doc = "A test that runs `binary` built with -fsanitize=address,undefined throughout.",
    attrs = dict({
        "binary": attr.label(
            mandatory = True,
            executable = True,
            cfg = _sanitizer_transition,
            doc = "cc_binary holding the test (its main must exit non-zero on failure).",
        ),
        "data": attr.label_list(
            allow_files = True,
            doc = "Files the test reads, found under the runfiles by their workspace path.",
        ),
    }, **TRANSITION_ALLOWLIST_ATTR),
)

def sanitized_cc_test(name, srcs, deps, data = [], **kwargs):
    """A C++17 test program (`<name>_bin`) and the sanitized_test `name` that runs it.

    The binary is `manual`: `bazel build //...` would otherwise build an uninstrumented copy too;
    it is built only through the test's sanitizer transition.

    Args:
      name: the test's name.
      srcs: the test program's sources (its main exits non-zero on failure).
      deps: its libraries.
      data: files the test reads, built once in the normal configuration.
      **kwargs: passed to sanitized_test (size, target_compatible_with, ...).
    """
    native.cc_binary(
        name = name + "_bin",
        testonly = True,
        srcs = srcs,
        copts = [
            "-std=c++17",
            "-Wall",
            "-Wextra",
            "-Werror",
        ],
        tags = ["manual"],
        target_compatible_with = kwargs.get("target_compatible_with", []),
        deps = deps,
    )
    sanitized_test(
        name = name,
        binary = ":" + name + "_bin",
        data = data,
        **kwargs
    )
