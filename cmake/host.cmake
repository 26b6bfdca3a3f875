# Host (Linux, gcc) flags: the CMake twin of the C/C++ toolchain Bazel configures for this machine
# (@local_config_cc, written by Bazel's cc_configure from /usr/bin/gcc). CMakeLists.txt includes
# this before project() when no toolchain file is given, so host builds compile with the flags the
# host tests were built with. tests/parity checks that they still match.

set(CMAKE_C_COMPILER gcc CACHE STRING "C compiler (Bazel's host toolchain uses gcc)")
set(CMAKE_CXX_COMPILER g++ CACHE STRING "C++ compiler")

# compile_flags + unfiltered_compile_flags of the generated toolchain.
set(_m55ml_host_flags
    "-U_FORTIFY_SOURCE -fstack-protector -Wall -Wunused-but-set-parameter \
-Wno-free-nonheap-object -fno-omit-frame-pointer -fno-canonical-system-headers \
-Wno-builtin-macro-redefined \
-D__DATE__=\\\"redacted\\\" -D__TIMESTAMP__=\\\"redacted\\\" -D__TIME__=\\\"redacted\\\"")
set(CMAKE_C_FLAGS_INIT "${_m55ml_host_flags}")
set(CMAKE_CXX_FLAGS_INIT "${_m55ml_host_flags} -std=c++0x")
set(CMAKE_ASM_FLAGS_INIT "${_m55ml_host_flags}")

# Build types are Bazel's compilation modes. Outside opt, Bazel compiles every host object as
# position-independent code (-fPIC, also for binaries: not -fPIE, which CMake would pick).
set(CMAKE_BUILD_TYPE_INIT fastbuild)
foreach(_m55ml_lang C CXX ASM)
  set(CMAKE_${_m55ml_lang}_FLAGS_FASTBUILD_INIT "-fPIC")
  set(CMAKE_${_m55ml_lang}_FLAGS_DBG_INIT "-g -fPIC")
  set(CMAKE_${_m55ml_lang}_FLAGS_OPT_INIT
      "-g0 -O2 -D_FORTIFY_SOURCE=1 -DNDEBUG -ffunction-sections -fdata-sections")
endforeach()

# link_flags and link_libs of the generated toolchain; fastbuild links are stripped
# (--strip=sometimes), opt links drop unused sections.
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-fuse-ld=gold -Wl,-no-as-needed -Wl,-z,relro,-z,now -B/usr/bin -pass-exit-codes")
set(CMAKE_EXE_LINKER_FLAGS_FASTBUILD_INIT "-Wl,-S")
set(CMAKE_EXE_LINKER_FLAGS_OPT_INIT "-Wl,--gc-sections")
set(CMAKE_CXX_STANDARD_LIBRARIES_INIT "-lstdc++ -lm")
