"""pytest_test: a py_test that runs pytest on its source files."""

def pytest_test(name, srcs, deps = [], data = [], args = [], **kwargs):
    """A py_test running pytest on `srcs` (test files and their helpers).

    Args:
      name: target name.
      srcs: the test files (every `test_*.py` among them is collected) and local helpers.
      deps: py_library dependencies.
      data: runtime files, found through bazel-runfiles.
      args: extra pytest arguments (e.g. ["-k", "conv"]).
      **kwargs: passed to py_test (size, tags, timeout, ...).
    """
    native.py_test(
        name = name,
        srcs = srcs + ["//bazel:pytest_main.py"],
        main = "//bazel:pytest_main.py",
        args = ["$(rootpath %s)" % src for src in srcs if src.split("/")[-1].startswith("test_")] + args,
        deps = deps,
        data = data,
        python_version = "PY3",
        # No generated __init__.py files: they would turn test folders into packages (breaking
        # imports of sibling helpers) and one at the runfiles root, named after the workspace
        # (m55ml), would shadow the real m55ml package.
        legacy_create_init = kwargs.pop("legacy_create_init", False),
        **kwargs
    )
