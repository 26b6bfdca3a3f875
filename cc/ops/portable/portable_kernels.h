/*
 * portable_kernels.h: the portable ATen kernels, one function per operator overload, with the
 * typed arguments of kernel_args.h in the schema order of the `.out` overload.
 *
 * TEMPORARY, hand-written: the generated glue (which reads executorch/kernels/portable/
 * functions.yaml and torch's schemas) replaces this header when the branches merge. Names follow
 * kernel_args.h: <operator>_<overload>, namespace cmops::aten for aten:: operators;
 * dim_order_ops:: and quantized_decomposed:: operators use namespaces of those names.
 *
 * Every kernel: float32 is the main dtype; shape and copy operators take any dtype of
 * cortex_m_ops.h; each tensor may have any dim order (inputs and out independently); out must
 * already have the result's shape (memory is planned ahead; nothing is resized) and must not
 * overlap an input. Failures return a status and point ctx->error_detail at a static
 * "op: argument ..." line. Accuracy per operator: docs/portable.md.
 */
#ifndef M55ML_CC_OPS_PORTABLE_PORTABLE_KERNELS_H_
#define M55ML_CC_OPS_PORTABLE_PORTABLE_KERNELS_H_

#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"
#include "cc/ops/kernel_args.h"

namespace cmops
{
namespace aten
{

/* ---- activations and elementwise ------------------------------------------------------- */

/** aten::_softmax.out(Tensor self, int dim, bool half_to_float, *, Tensor(a!) out) */
cmops_status _softmax_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                          bool half_to_float, cmops_tensor &out);

/** aten::_log_softmax.out(Tensor self, int dim, bool half_to_float, *, Tensor(a!) out) */
cmops_status _log_softmax_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                              bool half_to_float, cmops_tensor &out);

/** aten::hardtanh.out(Tensor self, Scalar min_val=-1, Scalar max_val=1, *, Tensor(a!) out) */
cmops_status hardtanh_out(cmops_context *ctx, const cmops_tensor &self, const cmops_scalar &min_val,
                          const cmops_scalar &max_val, cmops_tensor &out);

/** aten::clamp.out(Tensor self, Scalar? min=None, Scalar? max=None, *, Tensor(a!) out) */
cmops_status clamp_out(cmops_context *ctx, const cmops_tensor &self, const cmops_scalar *min,
                       const cmops_scalar *max, cmops_tensor &out);

/** aten::relu.out(Tensor self, *, Tensor(a!) out) */
cmops_status relu_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out);

/** aten::sigmoid.out(Tensor self, *, Tensor(a!) out) */
cmops_status sigmoid_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out);

/** aten::tanh.out(Tensor self, *, Tensor(a!) out) */
cmops_status tanh_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out);

/** aten::abs.out(Tensor self, *, Tensor(a!) out) */
cmops_status abs_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out);

/** aten::sqrt.out(Tensor self, *, Tensor(a!) out) */
cmops_status sqrt_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out);

/** aten::pow.Tensor_Scalar_out(Tensor self, Scalar exponent, *, Tensor(a!) out) */
cmops_status pow_Tensor_Scalar_out(cmops_context *ctx, const cmops_tensor &self,
                                   const cmops_scalar &exponent, cmops_tensor &out);

/** aten::add.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) */
cmops_status add_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                     const cmops_scalar &alpha, cmops_tensor &out);

/** aten::sub.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) */
cmops_status sub_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                     const cmops_scalar &alpha, cmops_tensor &out);

/** aten::mul.out(Tensor self, Tensor other, *, Tensor(a!) out) */
cmops_status mul_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                     cmops_tensor &out);

/** aten::div.out(Tensor self, Tensor other, *, Tensor(a!) out) */
cmops_status div_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                     cmops_tensor &out);

/* ---- reductions ------------------------------------------------------------------------- */

/** aten::mean.out(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None,
 *  Tensor(a!) out) */
cmops_status mean_out(cmops_context *ctx, const cmops_tensor &self, const cmops_int_list *dim,
                      bool keepdim, cmops_optional_int dtype, cmops_tensor &out);

/** aten::sum.IntList_out(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None,
 *  Tensor(a!) out) */
cmops_status sum_IntList_out(cmops_context *ctx, const cmops_tensor &self,
                             const cmops_int_list *dim, bool keepdim, cmops_optional_int dtype,
                             cmops_tensor &out);

/* ---- shape and copy ----------------------------------------------------------------------- */

/** aten::cat.out(Tensor[] tensors, int dim=0, *, Tensor(a!) out) */
cmops_status cat_out(cmops_context *ctx, cmops_tensor_list tensors, int64_t dim, cmops_tensor &out);

/** aten::permute_copy.out(Tensor self, int[] dims, *, Tensor(a!) out) */
cmops_status permute_copy_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list dims,
                              cmops_tensor &out);

/** aten::view_copy.out(Tensor self, SymInt[] size, *, Tensor(a!) out) */
cmops_status view_copy_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list size,
                           cmops_tensor &out);

/** aten::squeeze_copy.dims_out(Tensor self, int[] dim, *, Tensor(a!) out) */
cmops_status squeeze_copy_dims_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list dim,
                                   cmops_tensor &out);

/** aten::squeeze_copy.dim_out(Tensor self, int dim, *, Tensor(a!) out) */
cmops_status squeeze_copy_dim_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                  cmops_tensor &out);

/** aten::unsqueeze_copy.out(Tensor self, int dim, *, Tensor(a!) out) */
cmops_status unsqueeze_copy_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                cmops_tensor &out);

/** aten::slice_copy.Tensor_out(Tensor self, int dim=0, SymInt? start=None, SymInt? end=None,
 *  SymInt step=1, *, Tensor(a!) out) */
cmops_status slice_copy_Tensor_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                   cmops_optional_int start, cmops_optional_int end, int64_t step,
                                   cmops_tensor &out);

/** aten::select_copy.int_out(Tensor self, int dim, SymInt index, *, Tensor(a!) out) */
cmops_status select_copy_int_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                 int64_t index, cmops_tensor &out);

/** aten::split_with_sizes_copy.out(Tensor self, SymInt[] split_sizes, int dim=0, *,
 *  Tensor(a!)[] out) -> () */
cmops_status split_with_sizes_copy_out(cmops_context *ctx, const cmops_tensor &self,
                                       cmops_int_list split_sizes, int64_t dim,
                                       cmops_tensor_list out);

/** aten::index.Tensor_out(Tensor self, Tensor?[] indices, *, Tensor(a!) out): int64 or int32
 *  index tensors (bool masks are refused: their result shape depends on the data). */
cmops_status index_Tensor_out(cmops_context *ctx, const cmops_tensor &self,
                              cmops_tensor_list indices, cmops_tensor &out);

/* ---- creation ---------------------------------------------------------------------------- */

/** aten::arange.out(Scalar end, *, Tensor(a!) out): arange.start_out from 0 in steps of 1. */
cmops_status arange_out(cmops_context *ctx, const cmops_scalar &end, cmops_tensor &out);

/** aten::arange.start_out(Scalar start, Scalar end, Scalar step=1, *, Tensor(a!) out) */
cmops_status arange_start_out(cmops_context *ctx, const cmops_scalar &start,
                              const cmops_scalar &end, const cmops_scalar &step, cmops_tensor &out);

/** aten::full.out(SymInt[] size, Scalar fill_value, *, Tensor(a!) out) */
cmops_status full_out(cmops_context *ctx, cmops_int_list size, const cmops_scalar &fill_value,
                      cmops_tensor &out);

/** aten::zeros.out(SymInt[] size, *, Tensor(a!) out) */
cmops_status zeros_out(cmops_context *ctx, cmops_int_list size, cmops_tensor &out);

/* ---- linear algebra and convolution -------------------------------------------------------- */

/** aten::linear.out(Tensor input, Tensor weight, Tensor? bias=None, *, Tensor(a!) out) */
cmops_status linear_out(cmops_context *ctx, const cmops_tensor &input, const cmops_tensor &weight,
                        const cmops_tensor *bias, cmops_tensor &out);

/** aten::addmm.out(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1,
 *  Tensor(a!) out) */
cmops_status addmm_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &mat1,
                       const cmops_tensor &mat2, const cmops_scalar &beta,
                       const cmops_scalar &alpha, cmops_tensor &out);

/** aten::bmm.out(Tensor self, Tensor mat2, *, Tensor(a!) out) */
cmops_status bmm_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &mat2,
                     cmops_tensor &out);

/** aten::convolution.out(Tensor input, Tensor weight, Tensor? bias, SymInt[] stride,
 *  SymInt[] padding, SymInt[] dilation, bool transposed, SymInt[] output_padding, SymInt groups,
 *  *, Tensor(a!) out): float32, 1-D ([N, C, L]) and 2-D ([N, C, H, W]). */
cmops_status convolution_out(cmops_context *ctx, const cmops_tensor &input,
                             const cmops_tensor &weight, const cmops_tensor *bias,
                             cmops_int_list stride, cmops_int_list padding, cmops_int_list dilation,
                             bool transposed, cmops_int_list output_padding, int64_t groups,
                             cmops_tensor &out);

} // namespace aten

namespace dim_order_ops
{

/** dim_order_ops::_to_dim_order_copy.out(Tensor self, *, bool non_blocking=False,
 *  int[]? dim_order=None, Tensor(a!) out): out's dtype and dim order (dim_order, when given,
 *  must be out's). */
cmops_status _to_dim_order_copy_out(cmops_context *ctx, const cmops_tensor &self, bool non_blocking,
                                    const cmops_int_list *dim_order, cmops_tensor &out);

/** dim_order_ops::_clone_dim_order.out(Tensor self, *, bool non_blocking=False,
 *  int[]? dim_order=None, Tensor(a!) out): as _to_dim_order_copy, out's dtype must be self's. */
cmops_status _clone_dim_order_out(cmops_context *ctx, const cmops_tensor &self, bool non_blocking,
                                  const cmops_int_list *dim_order, cmops_tensor &out);

} // namespace dim_order_ops

namespace quantized_decomposed
{

/** quantized_decomposed::quantize_per_tensor.out(Tensor input, float scale, int zero_point,
 *  int quant_min, int quant_max, ScalarType dtype, *, Tensor(a!) out) */
cmops_status quantize_per_tensor_out(cmops_context *ctx, const cmops_tensor &input, double scale,
                                     int64_t zero_point, int64_t quant_min, int64_t quant_max,
                                     int64_t dtype, cmops_tensor &out);

/** quantized_decomposed::dequantize_per_tensor.out(Tensor input, float scale, int zero_point,
 *  int quant_min, int quant_max, ScalarType dtype, *, ScalarType? out_dtype=None,
 *  Tensor(a!) out) */
cmops_status dequantize_per_tensor_out(cmops_context *ctx, const cmops_tensor &input, double scale,
                                       int64_t zero_point, int64_t quant_min, int64_t quant_max,
                                       int64_t dtype, cmops_optional_int out_dtype,
                                       cmops_tensor &out);

} // namespace quantized_decomposed
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_PORTABLE_KERNELS_H_ */
