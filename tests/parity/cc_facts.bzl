"""bazel_cc_facts: what Bazel compiles and links for C/C++ targets, written to JSON.

The CMake parity check (tests/parity/parity.py) compares these facts with what CMake would run.
`bazel aquery` cannot run inside a test, so the facts come from an aspect instead, as a normal
build output that the test takes as data:

  * sources: the compiled files of each cc_library/cc_binary (after select()),
  * compile flags: rebuilt with cc_common from the target's own cc toolchain, feature
    configuration, compilation context (includes, defines) and copts, so they are the flags the
    real CppCompile action gets. Bazel 4.2.3 gives no argv for CppCompile actions in Starlark;
    tools/ci/cmake_aquery_crosscheck.py compares this reconstruction with `bazel aquery`.
  * link lines: the real ones, read from the link action's parameter file,
  * code generation: the argv of Starlark actions such as flatc, and the firmware's generated
    assembly wrapper,
  * the rule attributes (srcs, copts, defines, includes, linkopts, alwayslink) that
    `update_cmake_sources` writes to cmake/sources.cmake.

The files of every visited target are the rule's runfiles, so a test can rebuild the source
tree in its sandbox without BUILD files having to export anything.
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load("//bazel:platform_transition.bzl", "TRANSITION_ALLOWLIST_ATTR", "first_target", "platform_transition")
load("//platforms:cores.bzl", "CORES")

CcFactsInfo = provider(
    doc = "Facts gathered by cc_facts_aspect over a target and its dependencies.",
    fields = {
        "facts": "depset of JSON strings, one per visited target",
        "files": "depset of source files those targets read",
    },
)

_LANGUAGE_BY_EXTENSION = {
    "c": "c",
    "cc": "c++",
    "cpp": "c++",
    "cxx": "c++",
    "c++": "c++",
    "C": "c++",
    "s": "asm",
    "S": "asm-with-cpp",
}

_ACTION_BY_LANGUAGE = {
    "c": ACTION_NAMES.c_compile,
    "c++": ACTION_NAMES.cpp_compile,
    "asm": ACTION_NAMES.assemble,
    "asm-with-cpp": ACTION_NAMES.preprocess_assemble,
}

# Attributes the aspect follows: cc deps, srcs (filegroups, generated headers), the firmware
# rule's application library.
# `board` and `library`: a firmware's board (board_info) and the cc_library behind it.
_FOLLOWED_ATTRS = ["deps", "srcs", "hdrs", "app", "board", "library"]

def _language(file):
    return _LANGUAGE_BY_EXTENSION.get(file.extension)

def _rule_files(ctx, attr_names):
    files = []
    for name in attr_names:
        files += getattr(ctx.rule.files, name, [])
    return files

def _expand(ctx, values, targets):
    """$(location) expansion, as cc rules do for copts/linkopts/defines."""
    return [ctx.expand_location(v, targets) for v in values]

def _tokenize(ctx, values):
    tokens = []
    for value in values:
        tokens += ctx.tokenize(value)
    return tokens

def _feature_configuration(ctx, cc_toolchain):
    return cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = cc_toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )

def _compile_flags(cc_toolchain, feature_configuration, compilation_context, user_flags, defines, language, use_pic):
    """The command line of one compile action, without source, output and dependency file."""
    variables = cc_common.create_compile_variables(
        cc_toolchain = cc_toolchain,
        feature_configuration = feature_configuration,
        user_compile_flags = user_flags,
        include_directories = compilation_context.includes,
        quote_include_directories = compilation_context.quote_includes,
        system_include_directories = compilation_context.system_includes,
        preprocessor_defines = depset(defines),
        use_pic = use_pic,
    )
    action = _ACTION_BY_LANGUAGE[language]
    return {
        "tool": cc_common.get_tool_for_action(
            feature_configuration = feature_configuration,
            action_name = action,
        ),
        "flags": cc_common.get_memory_inefficient_command_line(
            feature_configuration = feature_configuration,
            action_name = action,
            variables = variables,
        ),
    }

def _user_flags(ctx, language, copts):
    """--copt, then --conlyopt/--cxxopt, then the rule's copts: Bazel's order."""
    cpp = ctx.fragments.cpp
    flags = list(cpp.copts)
    if language == "c":
        flags += cpp.conlyopts
    elif language == "c++":
        flags += cpp.cxxopts
    return flags + copts

def _link_params(target):
    """The real link command line, from the link action's parameter file (one arg per line)."""
    for action in target.actions:
        if action.mnemonic == "FileWrite" and action.outputs.to_list()[0].basename.endswith(".params"):
            return action.content.splitlines()
    return None

def _starlark_actions(target):
    """argv of the actions a Starlark rule runs itself (code generators such as flatc).

    FirmwareFit (cortex_m_firmware's check that the program fits the board) generates no code;
    the CMake build has no such check (docs/cmake.md, Limits).
    """
    actions = []
    for action in target.actions:
        if action.argv and action.mnemonic not in ["CppCompile", "CppLink", "CppArchive", "FirmwareFit"]:
            actions.append({
                "mnemonic": action.mnemonic,
                "argv": action.argv,
                "outputs": [f.path for f in action.outputs.to_list()],
            })
    return actions

def _written_files(target, suffix):
    return {
        a.outputs.to_list()[0].short_path: a.content
        for a in target.actions
        if a.mnemonic == "FileWrite" and a.outputs.to_list()[0].basename.endswith(suffix)
    }

def _cc_target_facts(target, ctx):
    kind = ctx.rule.kind
    cc_toolchain = ctx.toolchains["@bazel_tools//tools/cpp:toolchain_type"]
    feature_configuration = _feature_configuration(ctx, cc_toolchain)
    compilation_context = target[CcInfo].compilation_context
    deps = getattr(ctx.rule.attr, "deps", [])
    copts = _tokenize(ctx, _expand(ctx, getattr(ctx.rule.attr, "copts", []), deps))
    local_defines = _expand(ctx, getattr(ctx.rule.attr, "local_defines", []), deps)
    defines = compilation_context.defines.to_list() + local_defines

    # Bazel compiles position-independent code whenever the toolchain supports it, except for
    # binaries in opt mode (--force_pic unset).
    use_pic = (cc_toolchain.needs_pic_for_dynamic_libraries(feature_configuration = feature_configuration) and
               ctx.var["COMPILATION_MODE"] != "opt")

    compiled = []
    languages = {}
    for file in _rule_files(ctx, ["srcs"]):
        language = _language(file)
        if language:
            compiled.append({"path": file.path, "short_path": file.short_path, "generated": not file.is_source, "language": language})
            languages[language] = True
    compile = {}
    for language in languages:
        compile[language] = _compile_flags(
            cc_toolchain,
            feature_configuration,
            compilation_context,
            _user_flags(ctx, language, copts),
            defines,
            language,
            use_pic,
        )

    return {
        "label": str(target.label),
        "name": target.label.name,
        "package": target.label.package,
        "kind": kind,
        "srcs": compiled,
        "generated_headers": [f.short_path for f in _rule_files(ctx, ["srcs", "hdrs"]) if not f.is_source and not _language(f)],
        "compile": compile,
        "link": _link_params(target) if kind == "cc_binary" else None,
        "attrs": {
            "copts": _expand(ctx, getattr(ctx.rule.attr, "copts", []), deps),
            "defines": _expand(ctx, getattr(ctx.rule.attr, "defines", []), deps),
            "local_defines": local_defines,
            "includes": getattr(ctx.rule.attr, "includes", []),
            "linkopts": _expand(ctx, getattr(ctx.rule.attr, "linkopts", []), deps),
            "alwayslink": getattr(ctx.rule.attr, "alwayslink", False),
            "deps": [str(d.label) for d in deps],
        },
        # Files named by $(location) in linkopts (linker scripts): relinking depends on them.
        "link_depends": [f.short_path for f in _rule_files(ctx, ["deps"]) if f.is_source],
    }

def _firmware_facts(target, ctx):
    """Facts of a cortex_m_firmware: its generated sources, their compiles, generators, link.

    The sources are the .incbin wrapper and the selective kernel table, compiled against the
    app's compilation context; the link line is the real one.
    """
    toolchain = ctx.rule.attr._cc_toolchain
    cc_toolchain = first_target(toolchain)[cc_common.CcToolchainInfo]
    feature_configuration = _feature_configuration(ctx, cc_toolchain)
    app = ctx.rule.attr.app
    compilation_context = first_target(app)[CcInfo].compilation_context
    generated = [
        f
        for a in target.actions
        if a.mnemonic not in ["CppCompile", "CppLink", "CppArchive"]
        for f in a.outputs.to_list()
        if _language(f)
    ]
    languages = {_language(f): True for f in generated}
    return {
        "label": str(target.label),
        "name": target.label.name,
        "package": target.label.package,
        "kind": ctx.rule.kind,
        "srcs": [
            {"path": f.path, "short_path": f.short_path, "generated": True, "language": _language(f)}
            for f in generated
        ],
        "generated_headers": [],
        "compile": {
            language: _compile_flags(
                cc_toolchain,
                feature_configuration,
                compilation_context,
                _user_flags(ctx, language, []),
                compilation_context.defines.to_list(),
                language,
                False,
            )
            for language in languages
        },
        "link": _link_params(target),
        "generated_sources": _written_files(target, ".s"),
        "codegen": _starlark_actions(target),
        "attrs": {},
        "link_depends": [],
    }

def _codegen_facts(target, ctx):
    return {
        "label": str(target.label),
        "name": target.label.name,
        "package": target.label.package,
        "kind": ctx.rule.kind,
        "codegen": _starlark_actions(target),
        "inputs": [f.short_path for f in _rule_files(ctx, ["srcs"])],
    }

def _cc_facts_aspect_impl(target, ctx):
    own = []
    if CcInfo in target and ctx.rule.kind in ["cc_library", "cc_binary"]:
        own.append(json.encode(_cc_target_facts(target, ctx)))
    elif ctx.rule.kind == "cortex_m_firmware":
        own.append(json.encode(_firmware_facts(target, ctx)))
    elif _starlark_actions(target):
        own.append(json.encode(_codegen_facts(target, ctx)))

    own_files = [f for f in _rule_files(ctx, ["srcs", "hdrs", "deps"]) if f.is_source]

    # Inputs of code generators (tools/firmware/gen_kernel_table.py, operators.yaml): the CMake
    # build runs the same scripts on the same files, so the test needs them too.
    own_files += [
        f
        for a in target.actions
        if a.argv and a.mnemonic not in ["CppCompile", "CppLink", "CppArchive", "FirmwareFit"]
        for f in a.inputs.to_list()
        if f.is_source
    ]
    transitive_facts = []
    transitive_files = []
    for name in _FOLLOWED_ATTRS:
        value = getattr(ctx.rule.attr, name, None)
        if value == None:
            continue
        for dep in (value if type(value) == "list" else [value]):
            if type(dep) == "Target" and CcFactsInfo in dep:
                transitive_facts.append(dep[CcFactsInfo].facts)
                transitive_files.append(dep[CcFactsInfo].files)
    return [CcFactsInfo(
        facts = depset(own, transitive = transitive_facts),
        files = depset(own_files, transitive = transitive_files),
    )]

cc_facts_aspect = aspect(
    implementation = _cc_facts_aspect_impl,
    attr_aspects = _FOLLOWED_ATTRS,
    fragments = ["cpp"],
    # Resolved for each visited target's platform: the arm toolchain behind a platform
    # transition, the host one otherwise. (@bazel_tools//tools/cpp:current_cc_toolchain as an
    # aspect attribute resolves to the host toolchain in Bazel 4.2.3 even there.)
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
)

def _bazel_cc_facts_impl(ctx):
    targets = ctx.attr.targets + ctx.attr.current_targets
    facts = depset(transitive = [t[CcFactsInfo].facts for t in targets]).to_list()
    files = depset(transitive = [t[CcFactsInfo].files for t in targets])
    out = ctx.actions.declare_file(ctx.label.name + ".json")
    ctx.actions.write(out, json.encode({
        "config": ctx.attr.config,
        "compilation_mode": ctx.var["COMPILATION_MODE"],
        "targets": [json.decode(f) for f in facts],
        # Workspace-relative paths (external files start with ../<repo>/) of every source file.
        "files": sorted([f.short_path for f in files.to_list()]),
    }))
    return [DefaultInfo(
        files = depset([out]),
        runfiles = ctx.runfiles(files = [out], transitive_files = files),
    )]

_bazel_cc_facts = rule(
    implementation = _bazel_cc_facts_impl,
    doc = "Writes <name>.json: the cc facts of `targets` (built for `platform`) and " +
          "`current_targets` (built for the current platform), and their deps.",
    attrs = dict({
        # The transition only for an explicit `platform` (`current_targets` otherwise): Bazel
        # 4.2.3 gives even a transition that returns the current value a configuration of its
        # own, whose actions would repeat those of the current one.
        "targets": attr.label_list(
            cfg = platform_transition,
            aspects = [cc_facts_aspect],
            doc = "Top-level targets; the aspect follows deps, srcs, hdrs and app.",
        ),
        "current_targets": attr.label_list(
            aspects = [cc_facts_aspect],
            doc = "As `targets`, in the current configuration (no transition).",
        ),
        "config": attr.string(
            mandatory = True,
            doc = "Name of the configuration in the CMake build: host, cortex_m55, cortex_m33, ...",
        ),
        "platform": attr.label(doc = "Platform to build `targets` for."),
    }, **TRANSITION_ALLOWLIST_ATTR),
)

def bazel_cc_facts_per_core(skip):
    """`bazel_<core>` for every core of platforms/cores.bzl not in `skip`: the firmware app and
    the core's default board library, built for that core (what CMake builds for it)."""
    for core in CORES:
        if core in skip:
            continue
        bazel_cc_facts(
            name = "bazel_" + core,
            config = core,
            platform = "//platforms:" + core,
            target_compatible_with = ["@platforms//os:linux"],
            targets = [
                "//cc/boards/" + CORES[core]["default_board"],
                "//cc/firmware:pte_runner",
            ],
        )

def parity_configs():
    """The configurations the CMake build mirrors: the host, then every core."""
    return ["host"] + CORES.keys()

def bazel_cc_facts(name, targets, config, platform = None, **kwargs):
    """Writes <name>.json: the cc facts of `targets` built for `platform` (unset: the current one).

    Without `platform` the targets are taken as they are, without a transition, so the facts
    name the same actions (and outputs) as every other build of them.
    """
    if platform == None:
        _bazel_cc_facts(name = name, current_targets = targets, config = config, **kwargs)
    else:
        _bazel_cc_facts(name = name, targets = targets, platform = platform, config = config, **kwargs)
