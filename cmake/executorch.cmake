# Files the build takes from the executorch wheel in the pinned venv, as Bazel does through
# @m55ml_env (toolchains/local_env.bzl):
#
#   M55ML_PTE_SCHEMA_DIR          program.fbs + scalar_type.fbs, the .pte schema (cc/runtime)
#   M55ML_CORTEX_M_OPERATORS_YAML the Cortex-M backend's operator schemas (the operator glue)
#   M55ML_PORTABLE_FUNCTIONS_YAML ExecuTorch's portable kernel list (ATen schemas of the glue)
#   M55ML_QUANTIZED_FUNCTIONS_YAML ExecuTorch's quantized kernel list (quantized_decomposed schemas)
#   M55ML_NATIVE_FUNCTIONS_YAML   PyTorch's native_functions.yaml and tags.yaml (torchgen's)
#   M55ML_PYTHON                  the venv's interpreter, which runs the glue generator (torchgen)
#
# Both default to the wheel in $M55ML_VENV, else /opt/m55ml/venv (./bootstrap.sh installs it).

include_guard(GLOBAL)

if(DEFINED ENV{M55ML_VENV})
  set(_m55ml_venv "$ENV{M55ML_VENV}")
else()
  set(_m55ml_venv "/opt/m55ml/venv")
endif()
file(GLOB _m55ml_executorch "${_m55ml_venv}/lib/python3*/site-packages/executorch")
list(APPEND _m55ml_executorch "${_m55ml_venv}/lib/python3/site-packages/executorch")
list(GET _m55ml_executorch 0 _m55ml_executorch)

set(M55ML_PTE_SCHEMA_DIR "${_m55ml_executorch}/schema" CACHE PATH
    "Folder with the .pte schema (program.fbs, scalar_type.fbs) from the executorch wheel")
set(M55ML_CORTEX_M_OPERATORS_YAML "${_m55ml_executorch}/backends/cortex_m/ops/operators.yaml"
    CACHE FILEPATH "operators.yaml of the executorch wheel's Cortex-M backend")

file(GLOB _m55ml_site "${_m55ml_venv}/lib/python3*/site-packages")
list(GET _m55ml_site 0 _m55ml_site)
set(M55ML_PORTABLE_FUNCTIONS_YAML "${_m55ml_executorch}/kernels/portable/functions.yaml"
    CACHE FILEPATH "functions.yaml of the executorch wheel's portable kernels")
set(M55ML_QUANTIZED_FUNCTIONS_YAML "${_m55ml_executorch}/kernels/quantized/quantized.yaml"
    CACHE FILEPATH "quantized.yaml of the executorch wheel's quantized kernels")
set(M55ML_NATIVE_FUNCTIONS_YAML "${_m55ml_site}/torchgen/packaged/ATen/native/native_functions.yaml"
    CACHE FILEPATH "native_functions.yaml of the torch wheel (torchgen)")
get_filename_component(_m55ml_native_dir "${M55ML_NATIVE_FUNCTIONS_YAML}" DIRECTORY)
set(M55ML_NATIVE_TAGS_YAML "${_m55ml_native_dir}/tags.yaml")
set(M55ML_PYTHON "${_m55ml_venv}/bin/python3" CACHE FILEPATH
    "Python with torchgen (the pinned venv): runs tools/opgen/gen_op_glue.py")

foreach(_m55ml_file "${M55ML_PTE_SCHEMA_DIR}/program.fbs" "${M55ML_PTE_SCHEMA_DIR}/scalar_type.fbs"
                    "${M55ML_CORTEX_M_OPERATORS_YAML}" "${M55ML_PORTABLE_FUNCTIONS_YAML}"
                    "${M55ML_QUANTIZED_FUNCTIONS_YAML}"
                    "${M55ML_NATIVE_FUNCTIONS_YAML}" "${M55ML_NATIVE_TAGS_YAML}" "${M55ML_PYTHON}")
  if(NOT EXISTS "${_m55ml_file}")
    message(FATAL_ERROR "${_m55ml_file} not found: run ./bootstrap.sh (it installs executorch in "
                        "/opt/m55ml/venv), set M55ML_VENV, or pass -DM55ML_PTE_SCHEMA_DIR=... and "
                        "-DM55ML_CORTEX_M_OPERATORS_YAML=... (see docs/cmake.md)")
  endif()
endforeach()
