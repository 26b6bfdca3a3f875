/*
 * kernel_args.h: the typed argument views operator code receives.
 *
 * Operator glue, generated from the schemas by tools/opgen/gen_op_glue.py into op_glue.h/.cc,
 * unpacks a call's values (cmops_value, as the runtime holds them) into C++ types named after
 * the schema's argument types, checks each value's kind (and each tensor's own consistency:
 * rank, dim order, buffer size, alignment), and calls the hand-written operator function with
 * the arguments in schema order:
 *
 *   schema type                          C++ parameter type
 *   Tensor                               const cmops_tensor &
 *   Tensor(a!)  (out, scratch)           cmops_tensor &
 *   Tensor?                              const cmops_tensor *         (nullptr when None)
 *   Tensor[] / Tensor(a!)[]              cmops_tensor_list
 *   Tensor?[]                            cmops_tensor_list            (entries may be nullptr)
 *   int, SymInt, ScalarType, MemoryFormat, Layout
 *                                        int64_t
 *   int? / ScalarType? / MemoryFormat?   cmops_optional_int
 *   float                                double
 *   float?                               cmops_optional_double
 *   bool                                 bool
 *   int[], SymInt[], int[N]              cmops_int_list
 *   int[]?                               const cmops_int_list *       (nullptr when None)
 *   float[]                              cmops_double_list
 *   bool[]                               cmops_bool_list
 *   Scalar                               const cmops_scalar &
 *   Scalar?                              const cmops_scalar *         (nullptr when None)
 *
 * Example: aten::_softmax.out(Tensor self, int dim, bool half_to_float, *, Tensor(a!) out) is
 *   cmops_status cmops::aten::_softmax_out(cmops_context *ctx, const cmops_tensor &self,
 *                                          int64_t dim, bool half_to_float, cmops_tensor &out);
 * ATen operators live in namespace cmops::aten, cortex_m:: operators in namespace cmops; the
 * function is named <operator>_<overload> with '.' and leading underscores kept as they are.
 *
 * Every view borrows memory the runtime owns for the duration of the call only.
 */
#ifndef M55ML_CC_OPS_KERNEL_ARGS_H_
#define M55ML_CC_OPS_KERNEL_ARGS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"

#ifdef __cplusplus
extern "C" {
#endif

/* cmops_int_list, cmops_double_list, cmops_bool_list and cmops_tensor_list are in
 * cortex_m_ops.h: cmops_value carries them. */

typedef struct {
    bool has_value;
    int64_t value;
} cmops_optional_int;

typedef struct {
    bool has_value;
    double value;
} cmops_optional_double;

/* A Scalar argument: `kind` is CMOPS_VALUE_INT, CMOPS_VALUE_DOUBLE or CMOPS_VALUE_BOOL. */
typedef struct {
    int32_t kind;
    union {
        int64_t int_value;
        double double_value;
        bool bool_value;
    } as;
} cmops_scalar;

/* What generated glue unpacks a Scalar? into before passing `&value` or nullptr. */
typedef struct {
    bool has_value;
    cmops_scalar value;
} cmops_optional_scalar;

#ifdef __cplusplus
}
#endif

#endif /* M55ML_CC_OPS_KERNEL_ARGS_H_ */
