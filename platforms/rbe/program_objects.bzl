"""program_objects: a cortex_m_firmware's own program objects, without its runfiles.

The firmware's `program_objects` output group holds the objects of its .pte assembly and kernel
table; building them runs the export, the operator glue and FlatBuffers headers they include, the
kernel selection and the fit check, and not the libraries of the link. A filegroup would also
carry the firmware's runfiles (the ELF among them), which Bazel builds for a top-level target;
this rule passes the objects alone.
"""

def _program_objects_impl(ctx):
    return [DefaultInfo(files = ctx.attr.firmware[OutputGroupInfo].program_objects)]

program_objects = rule(
    implementation = _program_objects_impl,
    attrs = {
        "firmware": attr.label(mandatory = True, doc = "a cortex_m_firmware target"),
    },
    doc = "The program objects of a cortex_m_firmware target, without its runfiles.",
)
