/*
 * glue_support.h: what the generated unpack functions (op_glue.cc) call for each argument.
 *
 * Each helper checks that args[index] has the kind the schema declares and converts it to the
 * typed view of kernel_args.h; a tensor (alone, in a list or optional) is also checked for its
 * own consistency: a known dtype, rank within CMOPS_MAX_DIM, a dim order that is a permutation,
 * sizes whose bytes fit int32 and the buffer, data aligned to its element size. What an
 * operator needs beyond that (dtypes, ranks, shapes between arguments, parameter ranges) its
 * hand-written code checks. A failure stores `index` in ctx->error_arg.
 */
#ifndef M55ML_CC_OPS_INTERNAL_GLUE_SUPPORT_H_
#define M55ML_CC_OPS_INTERNAL_GLUE_SUPPORT_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/kernel_args.h"

namespace cmops::glue
{

cmops_status argument_count(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                            size_t expected);
cmops_status tensor(cmops_context *ctx, cmops_value *const *args, int32_t index,
                    cmops_tensor **out);
cmops_status optional_tensor(cmops_context *ctx, cmops_value *const *args, int32_t index,
                             cmops_tensor **out);
cmops_status int_value(cmops_context *ctx, cmops_value *const *args, int32_t index, int64_t *out);
cmops_status optional_int(cmops_context *ctx, cmops_value *const *args, int32_t index,
                          cmops_optional_int *out);
cmops_status double_value(cmops_context *ctx, cmops_value *const *args, int32_t index, double *out);
cmops_status optional_double(cmops_context *ctx, cmops_value *const *args, int32_t index,
                             cmops_optional_double *out);
cmops_status bool_value(cmops_context *ctx, cmops_value *const *args, int32_t index, bool *out);
cmops_status scalar(cmops_context *ctx, cmops_value *const *args, int32_t index, cmops_scalar *out);
cmops_status optional_scalar(cmops_context *ctx, cmops_value *const *args, int32_t index,
                             cmops_optional_scalar *out);
cmops_status int_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                      cmops_int_list *out);
cmops_status optional_int_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                               const cmops_int_list **out);
cmops_status double_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                         cmops_double_list *out);
cmops_status bool_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                       cmops_bool_list *out);
cmops_status tensor_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                         cmops_tensor_list *out);
cmops_status optional_tensor_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                                  cmops_tensor_list *out);

} // namespace cmops::glue

#endif /* M55ML_CC_OPS_INTERNAL_GLUE_SUPPORT_H_ */
