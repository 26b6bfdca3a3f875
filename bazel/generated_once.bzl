"""generated_once: a code generator's files, generated once for every configuration that uses them.

A generator whose output does not depend on the target configuration (flatc's headers, the
operator glue) would otherwise run once per configuration that compiles its consumer: the host,
every core's platform, the kernel-path and sanitizer transitions, each run with the same command
line and inputs (tools/ci/duplicate_actions.py counts those as duplicates).

So the generator target is built in one configuration only, and this rule, in the consumer's
configuration, links the generator's files (a symlink, not a spawn) to the same
package-relative paths there: the cc_library that lists them finds them under its own include
root (`#include "cc/ops/op_glue.h"`) and its compile lines do not change. The generator's output
groups are forwarded under the same names.

Which configuration: in Bazel 4.2.3 the exec configuration is not one. It keeps the consumer's
transition history (the `-ST-<hash>` of its output directory and the list of options Starlark
transitions changed on the way), so a generator behind `cfg = "exec"` still ran once per
consumer configuration, and a Starlark transition that resets every option cannot clear that
history. The host configuration is built from the host options alone, the same for every
consumer, so the generator is taken `cfg = "host"`. (Newer Bazel rejects `cfg = "host"` in
Starlark; a port to it takes `cfg = "exec"` here.)

The generator target must be tagged "manual": built directly in the consumer's configuration,
its outputs and these links would claim the same paths. A consumer in the host configuration
itself (a host tool run by a genrule that compiles cc/ops) takes the generator's files as they
are.
"""

def _package_relative(file, package):
    prefix = package + "/" if package else ""
    if not file.short_path.startswith(prefix):
        fail("%s is outside package %s: generated_once links files of its own package only" % (file.short_path, package))
    return file.short_path[len(prefix):]

def _generated_once_impl(ctx):
    generator = ctx.attr.srcs
    links = {}
    for file in generator[DefaultInfo].files.to_list():
        if file.root.path == ctx.bin_dir.path:
            links[file.path] = file  # this target is in the host configuration itself
            continue
        link = ctx.actions.declare_file(_package_relative(file, ctx.label.package))
        ctx.actions.symlink(output = link, target_file = file)
        links[file.path] = link
    groups = {
        group: depset([links[f.path] for f in getattr(generator[OutputGroupInfo], group).to_list()])
        for group in ctx.attr.output_groups
    }
    files = depset(links.values())
    return [
        DefaultInfo(files = files, runfiles = ctx.runfiles(transitive_files = files)),
        OutputGroupInfo(**groups),
    ]

generated_once = rule(
    implementation = _generated_once_impl,
    doc = "The files of generator `srcs`, generated once (host configuration) and linked into " +
          "this target's configuration at the same paths; see the module docstring.",
    attrs = {
        # Named `srcs` so aspects that follow sources (tests/parity/cc_facts.bzl) reach the
        # generator and read its command line.
        "srcs": attr.label(
            mandatory = True,
            cfg = "host",
            doc = "The generator target (tagged manual), in this rule's package.",
        ),
        "output_groups": attr.string_list(doc = "Output groups of the generator to forward."),
    },
)
