// Lookups in the kernel table.
//
// The table itself is generated from the operator schemas (tools/opgen/gen_op_glue.py):
// kernel_table.cc defines it weakly with every operator, ending in a null entry. A selective
// build (cortex_m_firmware, bazel/cortex_m_firmware.bzl) links a strong cmops_kernel_table
// listing only the operators its program calls; the linker then takes that one, and
// --gc-sections drops every kernel no table refers to. Lookups read the table through its
// symbol, never a compile-time size, because the definition seen here may not be the one linked.
#include <string.h>

#include "cc/ops/cortex_m_ops.h"

namespace
{

// strcmp() == 0 without newlib's strcmp, whose word-at-a-time version takes ~440 bytes of flash
// for the few short names a program resolves once at prepare.
bool same_name(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}

} // namespace

extern "C" const cmops_kernel *cmops_find_kernel(const char *name, const char *overload)
{
    if (name == nullptr || overload == nullptr) {
        return nullptr;
    }
    for (const cmops_kernel *kernel = cmops_kernel_table; kernel->name != nullptr; ++kernel) {
        if (same_name(kernel->name, name) && same_name(kernel->overload, overload)) {
            return kernel;
        }
    }
    return nullptr;
}

extern "C" const cmops_kernel *cmops_all_kernels(size_t *count)
{
    size_t entries = 0;
    while (cmops_kernel_table[entries].name != nullptr) {
        ++entries;
    }
    if (count != nullptr) {
        *count = entries;
    }
    return cmops_kernel_table;
}

extern "C" const char *cmops_argument_name(const cmops_kernel *kernel, int32_t index)
{
    if (kernel == nullptr || kernel->arg_names == nullptr || index < 0 ||
        static_cast<size_t>(index) >= kernel->num_args) {
        return "?";
    }
    const char *name = kernel->arg_names;
    for (int32_t k = 0; k < index; ++k) {
        name += strlen(name) + 1;
    }
    return name;
}

extern "C" const char *cmops_status_message(cmops_status status)
{
    switch (status) {
    case CMOPS_OK:
        return "ok";
    case CMOPS_ERR_ARG_COUNT:
        return "wrong number of arguments for the operator's schema";
    case CMOPS_ERR_ARG_KIND:
        return "an argument is not of the kind the schema declares";
    case CMOPS_ERR_DTYPE:
        return "a tensor has a dtype the kernel does not take";
    case CMOPS_ERR_RANK:
        return "a tensor has the wrong number of dimensions";
    case CMOPS_ERR_SHAPE:
        return "tensor sizes disagree between arguments";
    case CMOPS_ERR_LAYOUT:
        return "a tensor has a dim order the kernel does not take";
    case CMOPS_ERR_ALIGNMENT:
        return "a buffer is not aligned as the kernel needs";
    case CMOPS_ERR_SCRATCH:
        return "the scratch tensor is smaller than the kernel needs";
    case CMOPS_ERR_PARAM:
        return "a scalar parameter is out of the supported range";
    case CMOPS_ERR_BUFFER:
        return "a tensor's buffer is smaller than its shape needs";
    case CMOPS_ERR_UNSUPPORTED:
        return "a valid combination this implementation does not provide";
    }
    return "unknown status";
}
