/*
 * kernels.h: the kernel entry point of every cortex_m:: operator, one per source file in
 * cc/ops/, as the registry (registry.cc) lists them. Arguments follow cmops_kernel_fn.
 */
#ifndef M55ML_CC_OPS_INTERNAL_KERNELS_H_
#define M55ML_CC_OPS_INTERNAL_KERNELS_H_

#include <stddef.h>

#include "cc/ops/cortex_m_ops.h"

namespace cmops
{

#define CMOPS_DECLARE_KERNEL(name)                                                                 \
    cmops_status name(cmops_context *ctx, cmops_value *const *args, size_t num_args)

CMOPS_DECLARE_KERNEL(quantize_per_tensor_out);
CMOPS_DECLARE_KERNEL(dequantize_per_tensor_out);
CMOPS_DECLARE_KERNEL(quantized_add_out);
CMOPS_DECLARE_KERNEL(quantized_mul_out);
CMOPS_DECLARE_KERNEL(quantized_div_out);
CMOPS_DECLARE_KERNEL(quantized_activation_out);
CMOPS_DECLARE_KERNEL(minimum_out);
CMOPS_DECLARE_KERNEL(maximum_out);
CMOPS_DECLARE_KERNEL(quantized_linear_out);
CMOPS_DECLARE_KERNEL(softmax_out);
CMOPS_DECLARE_KERNEL(transpose_out);
CMOPS_DECLARE_KERNEL(pad_out);
CMOPS_DECLARE_KERNEL(quantized_conv2d_out);
CMOPS_DECLARE_KERNEL(quantized_conv2d_nhwc_out);
CMOPS_DECLARE_KERNEL(quantized_depthwise_conv2d_out);
CMOPS_DECLARE_KERNEL(quantized_depthwise_conv2d_nhwc_out);
CMOPS_DECLARE_KERNEL(quantized_transpose_conv2d_out);
CMOPS_DECLARE_KERNEL(quantized_transpose_conv2d_nhwc_out);
CMOPS_DECLARE_KERNEL(quantized_avg_pool2d_out);
CMOPS_DECLARE_KERNEL(quantized_avg_pool2d_nhwc_out);
CMOPS_DECLARE_KERNEL(quantized_max_pool2d_out);
CMOPS_DECLARE_KERNEL(quantized_max_pool2d_nhwc_out);
CMOPS_DECLARE_KERNEL(quantized_batch_matmul_out);

#undef CMOPS_DECLARE_KERNEL

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_KERNELS_H_ */
