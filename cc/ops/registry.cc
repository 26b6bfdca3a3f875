// The kernel registry: every cortex_m:: operator this build provides, by schema name.
//
// The table is a weak definition ending in a null entry. A selective build (cortex_m_firmware,
// bazel/cortex_m_firmware.bzl) links a strong cmops_kernel_table listing only the operators its
// program calls; the linker then takes that one, and --gc-sections drops every kernel no table
// refers to. Lookups read the table through its symbol, never a compile-time size, because the
// definition seen here may not be the one linked.
#include <string.h>

#include "cc/ops/cortex_m_ops.h"
#include "cc/ops/internal/kernels.h"

// From each schema in operators.yaml (executorch 1.5.1): num_args counts the arguments including
// `out`; written_args has bit k set for each argument the kernel writes (`Tensor(a!) out` and the
// scratch tensors); in_place_args is 0 because no cortex_m:: schema marks an input mutable.
// tests/kernels/test_harness.py checks all three against the wheel's operators.yaml.
extern "C" __attribute__((weak)) const cmops_kernel cmops_kernel_table[] = {
    {"cortex_m::quantize_per_tensor", "out", 7, cmops::quantize_per_tensor_out, 0x40u, 0x0u},
    {"cortex_m::dequantize_per_tensor", "out", 7, cmops::dequantize_per_tensor_out, 0x40u, 0x0u},
    {"cortex_m::quantized_add", "out", 14, cmops::quantized_add_out, 0x2000u, 0x0u},
    {"cortex_m::quantized_mul", "out", 8, cmops::quantized_mul_out, 0x80u, 0x0u},
    {"cortex_m::quantized_div", "out", 7, cmops::quantized_div_out, 0x40u, 0x0u},
    {"cortex_m::quantized_activation", "out", 3, cmops::quantized_activation_out, 0x4u, 0x0u},
    {"cortex_m::minimum", "out", 3, cmops::minimum_out, 0x4u, 0x0u},
    {"cortex_m::maximum", "out", 3, cmops::maximum_out, 0x4u, 0x0u},
    {"cortex_m::quantized_linear", "out", 12, cmops::quantized_linear_out, 0x800u, 0x0u},
    {"cortex_m::softmax", "out", 8, cmops::softmax_out, 0x80u, 0x0u},
    {"cortex_m::transpose", "out", 3, cmops::transpose_out, 0x4u, 0x0u},
    {"cortex_m::pad", "out", 5, cmops::pad_out, 0x10u, 0x0u},
    {"cortex_m::quantized_conv2d", "out", 14, cmops::quantized_conv2d_out, 0x3000u, 0x0u},
    {"cortex_m::quantized_conv2d_nhwc", "out", 14, cmops::quantized_conv2d_nhwc_out, 0x3000u, 0x0u},
    {"cortex_m::quantized_depthwise_conv2d", "out", 15, cmops::quantized_depthwise_conv2d_out,
     0x6000u, 0x0u},
    {"cortex_m::quantized_depthwise_conv2d_nhwc", "out", 15,
     cmops::quantized_depthwise_conv2d_nhwc_out, 0x6000u, 0x0u},
    {"cortex_m::quantized_transpose_conv2d", "out", 16, cmops::quantized_transpose_conv2d_out,
     0xe000u, 0x0u},
    {"cortex_m::quantized_transpose_conv2d_nhwc", "out", 16,
     cmops::quantized_transpose_conv2d_nhwc_out, 0xe000u, 0x0u},
    {"cortex_m::quantized_avg_pool2d", "out", 10, cmops::quantized_avg_pool2d_out, 0x300u, 0x0u},
    {"cortex_m::quantized_avg_pool2d_nhwc", "out", 10, cmops::quantized_avg_pool2d_nhwc_out, 0x300u,
     0x0u},
    {"cortex_m::quantized_max_pool2d", "out", 11, cmops::quantized_max_pool2d_out, 0x400u, 0x0u},
    {"cortex_m::quantized_max_pool2d_nhwc", "out", 11, cmops::quantized_max_pool2d_nhwc_out, 0x400u,
     0x0u},
    {"cortex_m::quantized_batch_matmul", "out", 9, cmops::quantized_batch_matmul_out, 0x180u, 0x0u},
    {nullptr, nullptr, 0, nullptr, 0, 0},
};

extern "C" const cmops_kernel *cmops_find_kernel(const char *name, const char *overload)
{
    if (name == nullptr || overload == nullptr) {
        return nullptr;
    }
    for (const cmops_kernel *kernel = cmops_kernel_table; kernel->name != nullptr; ++kernel) {
        if (strcmp(kernel->name, name) == 0 && strcmp(kernel->overload, overload) == 0) {
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
