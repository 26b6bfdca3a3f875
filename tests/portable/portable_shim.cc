// Test-only C entry points for the portable kernels: one forwarder per operator, taking
// pointers so Python's ctypes can call it. Not part of any firmware: the generated glue is
// what calls the kernels there.
#include "cc/ops/portable/portable_kernels.h"

#define PK_EXPORT extern "C" __attribute__((visibility("default")))

namespace aten = cmops::aten;
namespace qd = cmops::quantized_decomposed;

PK_EXPORT int pk_softmax(cmops_context *c, const cmops_tensor *s, int64_t d, bool h,
                         cmops_tensor *o)
{
    return aten::_softmax_out(c, *s, d, h, *o);
}
PK_EXPORT int pk_log_softmax(cmops_context *c, const cmops_tensor *s, int64_t d, bool h,
                             cmops_tensor *o)
{
    return aten::_log_softmax_out(c, *s, d, h, *o);
}
PK_EXPORT int pk_hardtanh(cmops_context *c, const cmops_tensor *s, const cmops_scalar *lo,
                          const cmops_scalar *hi, cmops_tensor *o)
{
    return aten::hardtanh_out(c, *s, *lo, *hi, *o);
}
PK_EXPORT int pk_clamp(cmops_context *c, const cmops_tensor *s, const cmops_scalar *lo,
                       const cmops_scalar *hi, cmops_tensor *o)
{
    return aten::clamp_out(c, *s, lo, hi, *o);
}
PK_EXPORT int pk_relu(cmops_context *c, const cmops_tensor *s, cmops_tensor *o)
{
    return aten::relu_out(c, *s, *o);
}
PK_EXPORT int pk_sigmoid(cmops_context *c, const cmops_tensor *s, cmops_tensor *o)
{
    return aten::sigmoid_out(c, *s, *o);
}
PK_EXPORT int pk_tanh(cmops_context *c, const cmops_tensor *s, cmops_tensor *o)
{
    return aten::tanh_out(c, *s, *o);
}
PK_EXPORT int pk_abs(cmops_context *c, const cmops_tensor *s, cmops_tensor *o)
{
    return aten::abs_out(c, *s, *o);
}
PK_EXPORT int pk_sqrt(cmops_context *c, const cmops_tensor *s, cmops_tensor *o)
{
    return aten::sqrt_out(c, *s, *o);
}
PK_EXPORT int pk_pow(cmops_context *c, const cmops_tensor *s, const cmops_scalar *e,
                     cmops_tensor *o)
{
    return aten::pow_Tensor_Scalar_out(c, *s, *e, *o);
}
PK_EXPORT int pk_add(cmops_context *c, const cmops_tensor *s, const cmops_tensor *t,
                     const cmops_scalar *a, cmops_tensor *o)
{
    return aten::add_out(c, *s, *t, *a, *o);
}
PK_EXPORT int pk_sub(cmops_context *c, const cmops_tensor *s, const cmops_tensor *t,
                     const cmops_scalar *a, cmops_tensor *o)
{
    return aten::sub_out(c, *s, *t, *a, *o);
}
PK_EXPORT int pk_mul(cmops_context *c, const cmops_tensor *s, const cmops_tensor *t,
                     cmops_tensor *o)
{
    return aten::mul_out(c, *s, *t, *o);
}
PK_EXPORT int pk_div(cmops_context *c, const cmops_tensor *s, const cmops_tensor *t,
                     cmops_tensor *o)
{
    return aten::div_out(c, *s, *t, *o);
}
PK_EXPORT int pk_mean(cmops_context *c, const cmops_tensor *s, const cmops_int_list *d, bool k,
                      cmops_optional_int t, cmops_tensor *o)
{
    return aten::mean_out(c, *s, d, k, t, *o);
}
PK_EXPORT int pk_sum(cmops_context *c, const cmops_tensor *s, const cmops_int_list *d, bool k,
                     cmops_optional_int t, cmops_tensor *o)
{
    return aten::sum_IntList_out(c, *s, d, k, t, *o);
}
PK_EXPORT int pk_cat(cmops_context *c, cmops_tensor_list l, int64_t d, cmops_tensor *o)
{
    return aten::cat_out(c, l, d, *o);
}
PK_EXPORT int pk_permute_copy(cmops_context *c, const cmops_tensor *s, cmops_int_list d,
                              cmops_tensor *o)
{
    return aten::permute_copy_out(c, *s, d, *o);
}
PK_EXPORT int pk_view_copy(cmops_context *c, const cmops_tensor *s, cmops_int_list d,
                           cmops_tensor *o)
{
    return aten::view_copy_out(c, *s, d, *o);
}
PK_EXPORT int pk_squeeze_copy_dims(cmops_context *c, const cmops_tensor *s, cmops_int_list d,
                                   cmops_tensor *o)
{
    return aten::squeeze_copy_dims_out(c, *s, d, *o);
}
PK_EXPORT int pk_squeeze_copy_dim(cmops_context *c, const cmops_tensor *s, int64_t d,
                                  cmops_tensor *o)
{
    return aten::squeeze_copy_dim_out(c, *s, d, *o);
}
PK_EXPORT int pk_unsqueeze_copy(cmops_context *c, const cmops_tensor *s, int64_t d, cmops_tensor *o)
{
    return aten::unsqueeze_copy_out(c, *s, d, *o);
}
PK_EXPORT int pk_slice_copy(cmops_context *c, const cmops_tensor *s, int64_t d,
                            cmops_optional_int a, cmops_optional_int b, int64_t step,
                            cmops_tensor *o)
{
    return aten::slice_copy_Tensor_out(c, *s, d, a, b, step, *o);
}
PK_EXPORT int pk_select_copy(cmops_context *c, const cmops_tensor *s, int64_t d, int64_t i,
                             cmops_tensor *o)
{
    return aten::select_copy_int_out(c, *s, d, i, *o);
}
PK_EXPORT int pk_split_with_sizes_copy(cmops_context *c, const cmops_tensor *s, cmops_int_list z,
                                       int64_t d, cmops_tensor_list o)
{
    return aten::split_with_sizes_copy_out(c, *s, z, d, o);
}
PK_EXPORT int pk_index(cmops_context *c, const cmops_tensor *s, cmops_tensor_list i,
                       cmops_tensor *o)
{
    return aten::index_Tensor_out(c, *s, i, *o);
}
PK_EXPORT int pk_arange(cmops_context *c, const cmops_scalar *a, const cmops_scalar *b,
                        const cmops_scalar *s, cmops_tensor *o)
{
    return aten::arange_start_out(c, *a, *b, *s, *o);
}
PK_EXPORT int pk_arange_end(cmops_context *c, const cmops_scalar *e, cmops_tensor *o)
{
    return aten::arange_out(c, *e, *o);
}
PK_EXPORT int pk_clone_dim_order(cmops_context *c, const cmops_tensor *s, bool nb,
                                 const cmops_int_list *d, cmops_tensor *o)
{
    return cmops::dim_order_ops::_clone_dim_order_out(c, *s, nb, d, *o);
}
PK_EXPORT int pk_full(cmops_context *c, cmops_int_list z, const cmops_scalar *v, cmops_tensor *o)
{
    return aten::full_out(c, z, *v, *o);
}
PK_EXPORT int pk_zeros(cmops_context *c, cmops_int_list z, cmops_tensor *o)
{
    return aten::zeros_out(c, z, *o);
}
PK_EXPORT int pk_to_dim_order_copy(cmops_context *c, const cmops_tensor *s, bool nb,
                                   const cmops_int_list *d, cmops_tensor *o)
{
    return cmops::dim_order_ops::_to_dim_order_copy_out(c, *s, nb, d, *o);
}
PK_EXPORT int pk_linear(cmops_context *c, const cmops_tensor *x, const cmops_tensor *w,
                        const cmops_tensor *b, cmops_tensor *o)
{
    return aten::linear_out(c, *x, *w, b, *o);
}
PK_EXPORT int pk_addmm(cmops_context *c, const cmops_tensor *s, const cmops_tensor *m1,
                       const cmops_tensor *m2, const cmops_scalar *beta, const cmops_scalar *alpha,
                       cmops_tensor *o)
{
    return aten::addmm_out(c, *s, *m1, *m2, *beta, *alpha, *o);
}
PK_EXPORT int pk_bmm(cmops_context *c, const cmops_tensor *s, const cmops_tensor *m,
                     cmops_tensor *o)
{
    return aten::bmm_out(c, *s, *m, *o);
}
PK_EXPORT int pk_convolution(cmops_context *c, const cmops_tensor *x, const cmops_tensor *w,
                             const cmops_tensor *b, cmops_int_list stride, cmops_int_list padding,
                             cmops_int_list dilation, bool transposed,
                             cmops_int_list output_padding, int64_t groups, cmops_tensor *o)
{
    return aten::convolution_out(c, *x, *w, b, stride, padding, dilation, transposed,
                                 output_padding, groups, *o);
}
PK_EXPORT int pk_quantize_per_tensor(cmops_context *c, const cmops_tensor *x, double scale,
                                     int64_t zp, int64_t lo, int64_t hi, int64_t dtype,
                                     cmops_tensor *o)
{
    return qd::quantize_per_tensor_out(c, *x, scale, zp, lo, hi, dtype, *o);
}
PK_EXPORT int pk_dequantize_per_tensor(cmops_context *c, const cmops_tensor *x, double scale,
                                       int64_t zp, int64_t lo, int64_t hi, int64_t dtype,
                                       cmops_optional_int out_dtype, cmops_tensor *o)
{
    return qd::dequantize_per_tensor_out(c, *x, scale, zp, lo, hi, dtype, out_dtype, *o);
}
