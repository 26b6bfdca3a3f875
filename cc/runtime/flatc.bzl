"""flatc_cc_headers: C++ headers generated from FlatBuffers schemas by Debian's flatc.

flatc lives outside the workspace (/usr/bin/flatc from flatbuffers-compiler), so Bazel cannot
hash it; the rule takes the package's version stamp (@m55ml_env//:flatc_stamp) as an input
instead, and upgrading flatc changes the stamp and regenerates the headers.
"""

def _flatc_cc_headers_impl(ctx):
    outputs = []
    for schema in ctx.files.srcs:
        stem = schema.basename[:-len(".fbs")]
        outputs.append(ctx.actions.declare_file(ctx.attr.out_dir + "/" + stem + "_generated.h"))
    args = ctx.actions.args()
    args.add("--cpp")

    # Generated headers include each other by bare name ("scalar_type_generated.h"), which
    # resolves because they land side by side in out_dir.
    args.add("-o", outputs[0].dirname)
    args.add_all(ctx.files.srcs)
    ctx.actions.run(
        executable = ctx.attr.flatc_path,
        arguments = [args],
        inputs = ctx.files.srcs + ctx.files.flatc_stamp,
        outputs = outputs,
        mnemonic = "Flatc",
        progress_message = "Generating C++ from %s" % ", ".join([s.basename for s in ctx.files.srcs]),
        use_default_shell_env = False,
    )
    return [DefaultInfo(files = depset(outputs))]

flatc_cc_headers = rule(
    implementation = _flatc_cc_headers_impl,
    doc = "Runs `flatc --cpp` on schemas; outputs <out_dir>/<schema>_generated.h per schema.",
    attrs = {
        "srcs": attr.label_list(
            allow_files = [".fbs"],
            mandatory = True,
            doc = "Schemas, all in one directory so their includes resolve (e.g. @m55ml_env//:pte_schema).",
        ),
        "out_dir": attr.string(
            mandatory = True,
            doc = "Folder, relative to the package, that receives the headers.",
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
    },
)
