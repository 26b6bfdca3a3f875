"""flatc_cc_headers, flatc_py_modules: C++ headers and Python accessor modules generated from
FlatBuffers schemas by Debian's flatc.

flatc lives outside the workspace (/usr/bin/flatc from flatbuffers-compiler), so Bazel cannot
hash it; the rule takes the package's version stamp (@m55ml_env//:flatc_stamp) as an input
instead, and upgrading flatc changes the stamp and regenerates the headers.

The headers do not depend on the configuration: flatc runs once for every configuration that
compiles the runtime (bazel/generated_once.bzl).

The Python modules (`flatc --python --gen-object-api --gen-onefile`: <schema>_generated.py, one
self-contained module per schema, no imports beyond the `flatbuffers` runtime) let a Python
reader walk a .pte without importing ExecuTorch's own generated package, whose absolute
`executorch.exir...` imports start torch (~4.5 CPU-s per process).
"""

load("//bazel:generated_once.bzl", "generated_once")

def _run_flatc(ctx, flags, suffix, mnemonic, language):
    """flatc `flags` on ctx's schemas: <out_dir>/<schema>_generated<suffix> per schema."""
    outputs = []
    for schema in ctx.files.srcs:
        stem = schema.basename[:-len(".fbs")]
        outputs.append(ctx.actions.declare_file(ctx.attr.out_dir + "/" + stem + "_generated" + suffix))
    args = ctx.actions.args()
    args.add_all(flags)
    args.add("-o", outputs[0].dirname)
    args.add_all(ctx.files.srcs)
    ctx.actions.run(
        executable = ctx.attr.flatc_path,
        arguments = [args],
        inputs = ctx.files.srcs + ctx.files.flatc_stamp,
        outputs = outputs,
        mnemonic = mnemonic,
        progress_message = "Generating %s from %s" % (language, ", ".join([s.basename for s in ctx.files.srcs])),
        use_default_shell_env = False,
    )
    return [DefaultInfo(files = depset(outputs))]

def _flatc_cc_headers_impl(ctx):
    # Generated headers include each other by bare name ("scalar_type_generated.h"), which
    # resolves because they land side by side in out_dir.
    return _run_flatc(ctx, ["--cpp"], ".h", "Flatc", "C++")

_FLATC_ATTRS = {
    "srcs": attr.label_list(
        allow_files = [".fbs"],
        mandatory = True,
        doc = "Schemas, all in one directory so their includes resolve (e.g. @m55ml_env//:pte_schema).",
    ),
    "out_dir": attr.string(
        mandatory = True,
        doc = "Folder, relative to the package, that receives the generated files.",
    ),
    "flatc_stamp": attr.label(
        default = "@m55ml_env//:flatc_stamp",
        allow_files = True,
        doc = "Version stamp of flatbuffers-compiler: an input so a flatc upgrade reruns flatc.",
    ),
    "flatc_path": attr.string(
        default = "/usr/bin/flatc",
        doc = "flatc from Debian's flatbuffers-compiler; must match the @flatbuffers headers' version.",
    ),
}

def _flatc_py_modules_impl(ctx):
    # --gen-onefile: one module per schema holding all its types, so the modules do not import
    # each other by the schema's namespace (executorch_flatbuffer.*), which is not a package here.
    # flatc 2.0.8 also writes an empty __init__.py there; it is not declared, so not kept.
    return _run_flatc(ctx, ["--python", "--gen-object-api", "--gen-onefile"], ".py", "FlatcPython", "Python")

flatc_py_modules = rule(
    implementation = _flatc_py_modules_impl,
    doc = "Runs `flatc --python --gen-object-api --gen-onefile` on schemas; outputs " +
          "<out_dir>/<schema>_generated.py per schema (srcs of a py_library).",
    attrs = _FLATC_ATTRS,
)

_flatc_cc_headers = rule(
    implementation = _flatc_cc_headers_impl,
    doc = "Runs `flatc --cpp` on schemas; outputs <out_dir>/<schema>_generated.h per schema.",
    attrs = _FLATC_ATTRS,
)

def flatc_cc_headers(name, srcs, out_dir):
    """flatc's run `name` and its headers, `name`_files.

    `name` runs once, in the host configuration (so it is tagged manual); `name`_files gives the
    headers in the configuration of the target that lists them (bazel/generated_once.bzl).
    """
    _flatc_cc_headers(name = name, srcs = srcs, out_dir = out_dir, tags = ["manual"])
    generated_once(name = name + "_files", srcs = ":" + name)
