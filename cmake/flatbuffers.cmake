# FlatBuffers for cc/runtime: Debian's flatc and C++ headers, the same pair Bazel uses (@flatbuffers
# in the WORKSPACE, flatc in cc/runtime/flatc.bzl).
#
#   M55ML_FLATC                    flatc (default: /usr/bin/flatc from flatbuffers-compiler)
#   M55ML_FLATBUFFERS_INCLUDE_DIR  folder holding flatbuffers.h (default: /usr/include/flatbuffers)

include_guard(GLOBAL)

find_program(M55ML_FLATC flatc PATHS /usr/bin NO_DEFAULT_PATH)
find_program(M55ML_FLATC flatc)
if(NOT M55ML_FLATC)
  message(FATAL_ERROR "flatc not found: run ./bootstrap.sh (Debian flatbuffers-compiler) or pass "
                      "-DM55ML_FLATC=/path/to/flatc")
endif()
set(M55ML_FLATBUFFERS_INCLUDE_DIR "/usr/include/flatbuffers" CACHE PATH
    "Folder holding flatbuffers.h (Debian libflatbuffers-dev)")
if(NOT EXISTS "${M55ML_FLATBUFFERS_INCLUDE_DIR}/flatbuffers.h")
  message(FATAL_ERROR "flatbuffers.h not found in M55ML_FLATBUFFERS_INCLUDE_DIR="
                      "${M55ML_FLATBUFFERS_INCLUDE_DIR}: run ./bootstrap.sh (libflatbuffers-dev)")
endif()

# Generated code asserts the exact FlatBuffers version of the headers, so check the pair here,
# where the message can say what to do, rather than in a compile error.
execute_process(COMMAND "${M55ML_FLATC}" --version OUTPUT_VARIABLE _m55ml_flatc_version
                OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" _m55ml_flatc_version "${_m55ml_flatc_version}")
file(STRINGS "${M55ML_FLATBUFFERS_INCLUDE_DIR}/base.h" _m55ml_fb_version_lines
     REGEX "^#define FLATBUFFERS_VERSION_(MAJOR|MINOR|REVISION) ")
set(_m55ml_headers_version "")
foreach(_m55ml_part MAJOR MINOR REVISION)
  foreach(_m55ml_line IN LISTS _m55ml_fb_version_lines)
    if(_m55ml_line MATCHES "FLATBUFFERS_VERSION_${_m55ml_part} ([0-9]+)")
      list(APPEND _m55ml_headers_version "${CMAKE_MATCH_1}")
    endif()
  endforeach()
endforeach()
list(JOIN _m55ml_headers_version "." _m55ml_headers_version)
if(NOT _m55ml_flatc_version STREQUAL _m55ml_headers_version)
  message(FATAL_ERROR "flatc ${M55ML_FLATC} is version ${_m55ml_flatc_version} but the headers in "
                      "${M55ML_FLATBUFFERS_INCLUDE_DIR} are ${_m55ml_headers_version}; generated "
                      "code only compiles against its own version. Point M55ML_FLATC and "
                      "M55ML_FLATBUFFERS_INCLUDE_DIR at one installation.")
endif()

# Bazel's @flatbuffers repository is /usr/include/flatbuffers alone, reached as
# "flatbuffers/..." through include_prefix, so no other host header can leak into a cross build.
# The same here: a folder holding only a `flatbuffers` link to the headers.
set(_m55ml_fb_root "${PROJECT_BINARY_DIR}/_external/flatbuffers")
file(MAKE_DIRECTORY "${_m55ml_fb_root}")
file(CREATE_LINK "${M55ML_FLATBUFFERS_INCLUDE_DIR}" "${_m55ml_fb_root}/flatbuffers" SYMBOLIC)
add_library(flatbuffers INTERFACE)
target_include_directories(flatbuffers SYSTEM INTERFACE "${_m55ml_fb_root}")
