"""op_glue: the operator glue of //cc/ops, generated from ExecuTorch's operator schemas.

Runs tools/opgen/gen_op_glue.py on the Cortex-M backend's operators.yaml and, for the
operators listed in `aten_ops`, ExecuTorch's kernels/portable/functions.yaml (schemas by name
from PyTorch's native_functions.yaml) and kernels/quantized/quantized.yaml. Outputs, in the
package, each in an output group:

  op_glue.h        (header)     typed operator functions, unpack functions, argument indices
  op_glue.cc       (sources)    the unpack functions
  kernel_table.cc  (sources)    the weak all-operator kernel table
  operators.json   (operators)  the table rows: firmware selective tables, the tests' lists

The glue does not depend on the configuration: it is generated once for every configuration
that compiles //cc/ops (bazel/generated_once.bzl).

The generator runs in the pinned venv (it parses schemas with torchgen), so the venv's stamp
is an input: a torch or executorch upgrade regenerates the glue.
"""

load("//bazel:generated_once.bzl", "generated_once")

def _op_glue_impl(ctx):
    header, unpack, table, operators = [
        ctx.actions.declare_file(name)
        for name in ["op_glue.h", "op_glue.cc", "kernel_table.cc", "operators.json"]
    ]
    outputs = [header, unpack, table, operators]
    args = ctx.actions.args()
    args.add("--cortex-m-operators", ctx.file.cortex_m_operators)
    args.add("--portable-functions", ctx.file.portable_functions)
    args.add("--quantized-functions", ctx.file.quantized_functions)
    args.add("--native-functions", ctx.file.native_functions)
    args.add("--native-tags", ctx.file.native_tags)
    args.add("--aten-ops", ctx.file.aten_ops)
    args.add("-o", header.dirname)
    ctx.actions.run(
        executable = ctx.executable._generator,
        arguments = [args],
        inputs = [
            ctx.file.cortex_m_operators,
            ctx.file.portable_functions,
            ctx.file.quantized_functions,
            ctx.file.native_functions,
            ctx.file.native_tags,
            ctx.file.aten_ops,
            ctx.file._python_env_stamp,
        ],
        outputs = outputs,
        mnemonic = "OpGlue",
        progress_message = "Generating operator glue from the operator schemas",
    )
    return [
        DefaultInfo(files = depset(outputs)),
        # cc_library takes the header and the sources through filegroups of these groups, which
        # also lets aspects (tests/parity) reach this rule through their `srcs`.
        OutputGroupInfo(
            header = depset([header]),
            sources = depset([unpack, table]),
            operators = depset([operators]),
        ),
    ]

_op_glue = rule(
    implementation = _op_glue_impl,
    doc = "Generates the operator glue of //cc/ops; see the module docstring.",
    attrs = {
        "aten_ops": attr.label(
            mandatory = True,
            allow_single_file = [".yaml"],
            doc = "Operators outside cortex_m:: this build implements (cc/ops/portable/aten_ops.yaml).",
        ),
        "cortex_m_operators": attr.label(
            default = "@m55ml_env//:cortex_m_operators_yaml",
            allow_single_file = True,
        ),
        "portable_functions": attr.label(
            default = "@m55ml_env//:portable_functions_yaml",
            allow_single_file = True,
        ),
        "quantized_functions": attr.label(
            default = "@m55ml_env//:quantized_functions_yaml",
            allow_single_file = True,
        ),
        "native_functions": attr.label(
            default = "@m55ml_env//:native_functions_yaml",
            allow_single_file = True,
        ),
        "native_tags": attr.label(
            default = "@m55ml_env//:native_tags_yaml",
            allow_single_file = True,
        ),
        "_generator": attr.label(
            default = "//tools/opgen:gen_op_glue",
            cfg = "exec",
            executable = True,
        ),
        "_python_env_stamp": attr.label(
            default = "@m55ml_env//:python_env_stamp",
            allow_single_file = True,
        ),
    },
)

def op_glue(name, aten_ops):
    """The operator glue generator `name` and its files, `name`_files.

    `name` runs once, in the host configuration (so it is tagged manual); `name`_files gives its
    files in the configuration of the target that lists them, with the output groups header,
    sources and operators (bazel/generated_once.bzl).
    """
    _op_glue(name = name, aten_ops = aten_ops, tags = ["manual"])
    generated_once(
        name = name + "_files",
        srcs = ":" + name,
        output_groups = ["header", "sources", "operators"],
    )
