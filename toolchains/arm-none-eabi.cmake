# CMake toolchain file: Debian's gcc-arm-none-eabi 12.2 + newlib for Cortex-M, the CMake twin of
# the Bazel toolchain //toolchains/arm_none_eabi (cc_toolchain_config.bzl holds the same flags).
#
#   cmake -G Ninja -S . -B build-m55 --toolchain toolchains/arm-none-eabi.cmake -DM55ML_CPU=cortex-m55
#
# The flags are written out here rather than generated so the file stays usable on its own (copy
# it into another CMake project); `bazel test //tests/parity:cmake_parity_test` fails the moment
# they stop matching what Bazel passes. See docs/cmake.md.

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

# One entry per core of platforms/cores.bzl (Bazel's toolchains come from the same table).
# BEGIN generated from platforms/cores.bzl by `bazel run //tools/cores:update`; do not edit
set(_m55ml_cores "cortex-m55;cortex-m33;cortex-m7;cortex-m4;cortex-m3")
set(_m55ml_flags_cortex-m55 "-mcpu=cortex-m55 -mfloat-abi=hard -mthumb")
set(_m55ml_isa_cortex-m55 "mve")
set(_m55ml_board_cortex-m55 "corstone300")
set(_m55ml_flags_cortex-m33 "-mcpu=cortex-m33 -mfloat-abi=hard -mthumb")
set(_m55ml_isa_cortex-m33 "dsp")
set(_m55ml_board_cortex-m33 "mps2_an505")
set(_m55ml_flags_cortex-m7 "-mcpu=cortex-m7 -mfloat-abi=hard -mthumb")
set(_m55ml_isa_cortex-m7 "dsp")
set(_m55ml_board_cortex-m7 "mps2_an500")
set(_m55ml_flags_cortex-m4 "-mcpu=cortex-m4 -mfloat-abi=hard -mthumb")
set(_m55ml_isa_cortex-m4 "dsp")
set(_m55ml_board_cortex-m4 "mps2_an386")
set(_m55ml_flags_cortex-m3 "-mcpu=cortex-m3 -mfloat-abi=soft -mthumb")
set(_m55ml_isa_cortex-m3 "scalar")
set(_m55ml_board_cortex-m3 "mps2_an385")
# END generated

set(M55ML_CPU "cortex-m55" CACHE STRING "Cortex-M core, one of: ${_m55ml_cores}")
set_property(CACHE M55ML_CPU PROPERTY STRINGS ${_m55ml_cores})
# try_compile() projects read this file again; they must see the same core.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES M55ML_CPU)
if(NOT M55ML_CPU IN_LIST _m55ml_cores)
  string(REPLACE ";" ", " _m55ml_core_names "${_m55ml_cores}")
  message(FATAL_ERROR "M55ML_CPU=${M55ML_CPU} is not a core this project targets; "
                      "use one of ${_m55ml_core_names}")
endif()
set(_m55ml_cpu_flags "${_m55ml_flags_${M55ML_CPU}}")

# Bazel's toolchain drives C, C++ and assembly through arm-none-eabi-gcc; so does this one. With
# g++ as the C++ driver the link would pull libstdc++ in implicitly and differ from Bazel's.
find_program(M55ML_ARM_GCC arm-none-eabi-gcc PATHS /usr/bin REQUIRED)
set(CMAKE_C_COMPILER "${M55ML_ARM_GCC}")
set(CMAKE_CXX_COMPILER "${M55ML_ARM_GCC}")
set(CMAKE_ASM_COMPILER "${M55ML_ARM_GCC}")
get_filename_component(_m55ml_arm_bin "${M55ML_ARM_GCC}" DIRECTORY)
set(CMAKE_AR "${_m55ml_arm_bin}/arm-none-eabi-ar" CACHE FILEPATH "archiver")
set(CMAKE_RANLIB "${_m55ml_arm_bin}/arm-none-eabi-ranlib" CACHE FILEPATH "ranlib")
set(CMAKE_OBJCOPY "${_m55ml_arm_bin}/arm-none-eabi-objcopy" CACHE FILEPATH "objcopy")

# No OS to link a test program against: check the compilers by building a static library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

# default_compile_flags of cc_toolchain_config.bzl: every compile, then per language.
# Reproducible outputs: no resolved symlink paths, no build-time macros.
set(_m55ml_common_flags
    "${_m55ml_cpu_flags} -ffunction-sections -fdata-sections -fno-common -Wall -Wextra \
-no-canonical-prefixes -fno-canonical-system-headers -Wno-builtin-macro-redefined \
-D__DATE__=\\\"redacted\\\" -D__TIMESTAMP__=\\\"redacted\\\" -D__TIME__=\\\"redacted\\\"")
set(CMAKE_C_FLAGS_INIT "${_m55ml_common_flags} -std=c11")
set(CMAKE_CXX_FLAGS_INIT
    "${_m55ml_common_flags} -std=c++17 -fno-exceptions -fno-rtti -fno-threadsafe-statics \
-fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${_m55ml_common_flags}")

# Build types are Bazel's compilation modes (-c fastbuild|opt|dbg), with their flags; fastbuild
# is the default in both builds. Kernels are measured in guest instructions, so even fastbuild
# is optimised; its links are stripped (below), so it compiles no debug info.
set(CMAKE_BUILD_TYPE_INIT fastbuild)
foreach(_m55ml_lang C CXX ASM)
  set(CMAKE_${_m55ml_lang}_FLAGS_FASTBUILD_INIT "-O2")
  set(CMAKE_${_m55ml_lang}_FLAGS_OPT_INIT "-O2 -g -DNDEBUG")
  set(CMAKE_${_m55ml_lang}_FLAGS_DBG_INIT "-Og -g3")
endforeach()

# default_link_flags; firmware images are one RWX region per memory, which is intended.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "${_m55ml_cpu_flags} -no-canonical-prefixes -Wl,--gc-sections -Wl,--no-warn-rwx-segments")
# Bazel strips debug sections from fastbuild links (--strip=sometimes adds -Wl,-S).
set(CMAKE_EXE_LINKER_FLAGS_FASTBUILD_INIT "-Wl,-S")
