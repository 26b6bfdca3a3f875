"""The exporter's environment: the one place it is spelled.

bazel/pte_model.bzl loads it for the PteExport and PteImport actions (Bazel passes nothing
else). m55ml/action_env.py reads the same dict for every other way of running the exporter (the
export benchmark, the worker tests), so they run it exactly as the build does. Kept a plain dict
literal: valid Starlark and valid Python alike.

One thread for reproducible float reductions, no bytecode or user site-packages leaking in or
out of the venv, no compile caches. HOME is replaced by a temporary directory by --scratch-home.
"""

ACTION_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONNOUSERSITE": "1",
    "TORCHINDUCTOR_FORCE_DISABLE_CACHES": "1",
    "LC_ALL": "C.UTF-8",
}
