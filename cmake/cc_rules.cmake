# CMake counterparts of the Bazel rules this project's C/C++ code is built with.
#
# What each target is made of (sources, copts, defines, includes, linkopts, deps, alwayslink) is
# not written here: it comes from cmake/bazel_targets.cmake, which
# `bazel run //tests/parity:update_cmake_targets` generates from the BUILD files. These functions
# only give those facts Bazel's meaning:
#
#   copts      -> PRIVATE compile options (the target's own sources only)
#   defines    -> PUBLIC compile definitions (dependents see them too)
#   local_defines -> PRIVATE compile definitions
#   includes   -> PUBLIC SYSTEM include directories, relative to the package
#   linkopts   -> INTERFACE link options (they reach the final link)
#   alwayslink -> dependents link the archive whole (--whole-archive)
#   every compile sees the workspace root and the generated-file root, as with Bazel's -iquote

include_guard(GLOBAL)

# $<LINK_LIBRARY:WHOLE_ARCHIVE,...> is predefined for hosted platforms only; bare-metal GNU ld
# takes the same options.
if(NOT CMAKE_LINK_LIBRARY_USING_WHOLE_ARCHIVE_SUPPORTED)
  set(CMAKE_LINK_LIBRARY_USING_WHOLE_ARCHIVE
      "LINKER:--whole-archive" "<LINK_ITEM>" "LINKER:--no-whole-archive")
  set(CMAKE_LINK_LIBRARY_USING_WHOLE_ARCHIVE_SUPPORTED TRUE)
endif()

# Value of one fact for the current configuration: BAZEL_<name>_<FIELD>.<config> when Bazel's
# value differs between configurations (a select()), else BAZEL_<name>_<FIELD>.
function(_m55ml_fact out name field)
  if(DEFINED "BAZEL_${name}_${field}.${M55ML_CONFIG}")
    set(${out} "${BAZEL_${name}_${field}.${M55ML_CONFIG}}" PARENT_SCOPE)
  else()
    set(${out} "${BAZEL_${name}_${field}}" PARENT_SCOPE)
  endif()
endfunction()

function(_m55ml_require_facts name)
  if(NOT DEFINED "BAZEL_${name}_LABEL")
    message(FATAL_ERROR "cmake/bazel_targets.cmake has no target '${name}'. If it is new in a "
                        "BUILD file, run: bazel run //tests/parity:update_cmake_targets")
  endif()
endfunction()

function(_m55ml_prefix out prefix)
  set(result "")
  foreach(item IN LISTS ARGN)
    list(APPEND result "${prefix}/${item}")
  endforeach()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

# Sources, flags, includes and dependencies shared by libraries and binaries.
function(_m55ml_apply_facts name)
  _m55ml_fact(generated ${name} GENERATED_FILES)
  _m55ml_fact(copts ${name} COPTS)
  _m55ml_fact(defines ${name} DEFINES)
  _m55ml_fact(local_defines ${name} LOCAL_DEFINES)
  _m55ml_fact(includes ${name} INCLUDES)
  _m55ml_fact(linkopts ${name} LINKOPTS)
  _m55ml_fact(link_depends ${name} LINK_DEPENDS)
  _m55ml_fact(deps ${name} DEPS)

  if(generated)
    _m55ml_prefix(generated "${PROJECT_BINARY_DIR}" ${generated})
    target_sources(${name} PRIVATE ${generated})
  endif()
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}" "${PROJECT_BINARY_DIR}")
  target_compile_options(${name} PRIVATE ${copts})
  target_compile_definitions(${name} PUBLIC ${defines} PRIVATE ${local_defines})
  if(includes)
    _m55ml_prefix(includes "${PROJECT_SOURCE_DIR}" ${includes})
    target_include_directories(${name} SYSTEM PUBLIC ${includes})
  endif()
  if(linkopts)
    get_target_property(type ${name} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_link_options(${name} PRIVATE ${linkopts})
    else()
      target_link_options(${name} INTERFACE ${linkopts})
    endif()
  endif()
  if(link_depends)
    _m55ml_prefix(link_depends "${PROJECT_SOURCE_DIR}" ${link_depends})
    set_property(TARGET ${name} APPEND PROPERTY INTERFACE_LINK_DEPENDS ${link_depends})
  endif()
  foreach(dep IN LISTS deps)
    _m55ml_link_dep(${name} PUBLIC ${dep})
  endforeach()
endfunction()

# Links `dep` into `name`, whole if Bazel marks it alwayslink (startup code and vector tables are
# reached by no call, and --gc-sections would otherwise never see them).
function(_m55ml_link_dep name scope dep)
  if(BAZEL_${dep}_ALWAYSLINK)
    target_link_libraries(${name} ${scope} "$<LINK_LIBRARY:WHOLE_ARCHIVE,${dep}>")
  else()
    target_link_libraries(${name} ${scope} ${dep})
  endif()
endfunction()

# m55ml_cc_library(<name>): a static library with the facts of the Bazel cc_library <name>.
function(m55ml_cc_library name)
  _m55ml_require_facts(${name})
  _m55ml_fact(srcs ${name} SRCS)
  _m55ml_prefix(srcs "${PROJECT_SOURCE_DIR}" ${srcs})
  add_library(${name} STATIC ${srcs})
  _m55ml_apply_facts(${name})
endfunction()

# m55ml_cc_binary(<name>): an executable with the facts of the Bazel cc_binary <name>.
function(m55ml_cc_binary name)
  _m55ml_require_facts(${name})
  _m55ml_fact(srcs ${name} SRCS)
  _m55ml_prefix(srcs "${PROJECT_SOURCE_DIR}" ${srcs})
  add_executable(${name} ${srcs})
  _m55ml_apply_facts(${name})
endfunction()

# m55ml_flatc_headers(<name>): C++ headers from FlatBuffers schemas, as the Bazel
# flatc_cc_headers rule <name> makes them (cc/runtime/flatc.bzl): same flags, same output folder.
# Schemas are looked up in M55ML_PTE_SCHEMA_DIR (cmake/flatbuffers.cmake).
function(m55ml_flatc_headers name)
  _m55ml_require_facts(${name})
  _m55ml_fact(schemas ${name} SCHEMAS)
  _m55ml_fact(outputs ${name} OUTPUTS)
  _m55ml_fact(flags ${name} FLATC_FLAGS)
  _m55ml_prefix(schemas "${M55ML_PTE_SCHEMA_DIR}" ${schemas})
  _m55ml_prefix(outputs "${PROJECT_BINARY_DIR}" ${outputs})
  list(GET outputs 0 first)
  get_filename_component(out_dir "${first}" DIRECTORY)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND "${M55ML_FLATC}" ${flags} -o "${out_dir}" ${schemas}
    DEPENDS ${schemas} "${M55ML_FLATC}"
    COMMENT "Generating C++ from ${BAZEL_${name}_SCHEMAS}"
    VERBATIM)
endfunction()

# m55ml_op_glue(): the operator glue of //cc/ops, as the Bazel op_glue rule (cc/ops/op_glue.bzl)
# generates it: tools/opgen/gen_op_glue.py on the same schema files, into <build>/cc/ops.
function(m55ml_op_glue)
  set(generator "${PROJECT_SOURCE_DIR}/tools/opgen/gen_op_glue.py")
  set(aten_ops "${PROJECT_SOURCE_DIR}/cc/ops/portable/aten_ops.yaml")
  set(out_dir "${PROJECT_BINARY_DIR}/cc/ops")
  set(outputs "${out_dir}/op_glue.h" "${out_dir}/op_glue.cc" "${out_dir}/kernel_table.cc"
              "${out_dir}/operators.json")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND "${M55ML_PYTHON}" "${generator}"
            --cortex-m-operators "${M55ML_CORTEX_M_OPERATORS_YAML}"
            --portable-functions "${M55ML_PORTABLE_FUNCTIONS_YAML}"
            --quantized-functions "${M55ML_QUANTIZED_FUNCTIONS_YAML}"
            --native-functions "${M55ML_NATIVE_FUNCTIONS_YAML}"
            --native-tags "${M55ML_NATIVE_TAGS_YAML}"
            --aten-ops "${aten_ops}" -o "${out_dir}"
    DEPENDS "${generator}" "${aten_ops}" "${M55ML_CORTEX_M_OPERATORS_YAML}"
            "${M55ML_PORTABLE_FUNCTIONS_YAML}" "${M55ML_QUANTIZED_FUNCTIONS_YAML}"
            "${M55ML_NATIVE_FUNCTIONS_YAML}"
    COMMENT "Generating operator glue from the operator schemas"
    VERBATIM)
  add_custom_target(op_glue DEPENDS ${outputs})
endfunction()

# m55ml_firmware(<name> PROGRAM <file.pte> BOARD <board library> [MANIFEST <file.json>]
#                [APP <library>] [SELECTIVE_KERNELS ON|OFF]): the CMake version of cortex_m_firmware
# (bazel/cortex_m_firmware.bzl), linked into <name>.elf:
#   - the .pte is assembled with .incbin into section .rodata.program between
#     m55ml_program_start and m55ml_program_end (through the toolchain, so the object carries
#     the core's EABI attributes), in an object library <name>.program that, like Bazel's
#     assemble action, sees no include paths;
#   - with SELECTIVE_KERNELS (default ON) tools/firmware/gen_kernel_table.py writes a kernel
#     table holding only the operators the program's manifest lists, with the rows of the
#     generated cc/ops/operators.json (m55ml_op_glue) (MANIFEST defaults to
#     <program>.manifest.json beside a <program>.pte, as pte_model writes them); it replaces
#     cc/ops' weak all-operator table and --gc-sections drops the other kernels;
#   - BOARD (a board package's library, e.g. corstone300: the shared board support and the
#     board's linker script), then APP (default pte_runner), linked whole.
function(m55ml_firmware name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "PROGRAM;MANIFEST;APP;BOARD;SELECTIVE_KERNELS" "")
  if(NOT arg_PROGRAM OR NOT arg_BOARD)
    message(FATAL_ERROR "m55ml_firmware(${name}): PROGRAM <file.pte> and BOARD <library> are required")
  endif()
  if(NOT arg_APP)
    set(arg_APP pte_runner)
  endif()
  if(NOT DEFINED arg_SELECTIVE_KERNELS)
    set(arg_SELECTIVE_KERNELS ON)
  endif()

  set(wrapper "${CMAKE_CURRENT_BINARY_DIR}/${name}.program.s")
  # Keep these lines as cortex_m_firmware.bzl writes them: tests/parity compares the two.
  string(JOIN "\n" content
    "/* Generated by cmake/cc_rules.cmake (m55ml_firmware): the .pte as read-only data. */"
    "    .section .rodata.program, \"a\", %progbits"
    "    .balign 16"
    "    .global m55ml_program_start"
    "    .global m55ml_program_end"
    "m55ml_program_start:"
    "    .incbin \"${arg_PROGRAM}\""
    "m55ml_program_end:"
    "")
  file(CONFIGURE OUTPUT "${wrapper}" CONTENT "${content}")
  set_source_files_properties("${wrapper}" PROPERTIES LANGUAGE ASM OBJECT_DEPENDS "${arg_PROGRAM}")
  add_library(${name}.program OBJECT "${wrapper}")

  set(sources "$<TARGET_OBJECTS:${name}.program>")
  if(arg_SELECTIVE_KERNELS)
    if(NOT arg_MANIFEST)
      string(REGEX REPLACE "\\.pte$" ".manifest.json" arg_MANIFEST "${arg_PROGRAM}")
    endif()
    find_package(Python3 REQUIRED COMPONENTS Interpreter)
    set(generator "${PROJECT_SOURCE_DIR}/tools/firmware/gen_kernel_table.py")
    set(table "${CMAKE_CURRENT_BINARY_DIR}/${name}.kernel_table.cc")
    set(operators "${PROJECT_BINARY_DIR}/cc/ops/operators.json")
    add_custom_command(
      OUTPUT "${table}"
      COMMAND Python3::Interpreter "${generator}" --manifest "${arg_MANIFEST}"
              --operators "${operators}" --out "${table}"
      DEPENDS "${generator}" "${arg_MANIFEST}" "${operators}"
      COMMENT "Selecting the kernels ${name} calls"
      VERBATIM)
    list(APPEND sources "${table}")
  endif()

  add_executable(${name} ${sources})
  set_target_properties(${name} PROPERTIES SUFFIX ".elf")
  # The kernel table compiles against the app (cc/ops headers), as in cortex_m_firmware.
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}" "${PROJECT_BINARY_DIR}")
  _m55ml_link_dep(${name} PRIVATE ${arg_BOARD})
  _m55ml_link_dep(${name} PRIVATE ${arg_APP})
endfunction()
