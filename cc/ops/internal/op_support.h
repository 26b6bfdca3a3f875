/*
 * op_support.h: checks and tensor helpers the hand-written operator code shares.
 *
 * Internal to //cc/ops. Operators receive typed arguments from the generated glue
 * (op_glue.h), which has already checked each value's kind and each tensor's own consistency.
 * What is left is operator-specific: dtypes, ranks, shapes between arguments, parameter
 * ranges. A failed check returns a status and stores the schema index of the argument at
 * fault (cmops::arg::<op>::<name>) in ctx->error_arg; the runtime turns that into one line
 * with the operator and argument names. No message strings live in kernels.
 */
#ifndef M55ML_CC_OPS_INTERNAL_OP_SUPPORT_H_
#define M55ML_CC_OPS_INTERNAL_OP_SUPPORT_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"
#include "cc/ops/kernel_args.h"

namespace cmops
{

/* ---- status ------------------------------------------------------------------------------ */

/** Records the argument at fault and returns `status`; the one way a kernel reports failure. */
inline cmops_status fail(cmops_context *ctx, cmops_status status, int32_t arg)
{
    if (ctx != nullptr) {
        ctx->error_arg = arg;
    }
    return status;
}

/** Propagates a failed status from a helper (which already set error_arg). */
#define CMOPS_TRY(expr)                                                                            \
    do {                                                                                           \
        const cmops_status cmops_try_status_ = (expr);                                             \
        if (cmops_try_status_ != CMOPS_OK) {                                                       \
            return cmops_try_status_;                                                              \
        }                                                                                          \
    } while (0)

/** Fails with `status`, blaming argument `arg`, unless `condition` holds. */
#define CMOPS_REQUIRE(ctx, condition, status, arg)                                                 \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            return ::cmops::fail((ctx), (status), (arg));                                          \
        }                                                                                          \
    } while (0)

/** True when the call only checks its arguments (a runtime's prepare): return before computing. */
inline bool checking_only(const cmops_context *ctx)
{
    return ctx != nullptr && ctx->phase == CMOPS_PHASE_CHECK;
}

/* ---- tensors ----------------------------------------------------------------------------- */

/** Bytes per element of an ExecuTorch ScalarType, or 0 for one no kernel takes. */
size_t element_size(int32_t dtype);

/** Number of elements (product of sizes; 1 for a 0-d tensor). */
int64_t numel(const cmops_tensor &tensor);

/** Bytes the tensor's elements occupy (numel * element size). */
size_t byte_size(const cmops_tensor &tensor);

/** Element strides of each logical dimension, derived from sizes and dim_order. */
void element_strides(const cmops_tensor &tensor, int64_t strides[CMOPS_MAX_DIM]);

/**
 * True when the tensor's memory order agrees with `order` (a dim order of the same rank) once
 * dimensions of size 1 are ignored: such dimensions can sit anywhere in a dim order without
 * moving a byte, and exporters choose either.
 */
bool layout_matches(const cmops_tensor &tensor, const uint8_t *order);

/** layout_matches with the identity order (row-major in logical order). */
bool is_contiguous(const cmops_tensor &tensor);

/**
 * The tensor has dtype `dtype` (any when < 0) and rank `rank` (any when < 0); otherwise
 * CMOPS_ERR_DTYPE or CMOPS_ERR_RANK against `arg`.
 */
cmops_status expect_tensor(cmops_context *ctx, const cmops_tensor &tensor, int32_t dtype,
                           int32_t rank, int32_t arg);

/** Typed element pointers. */
template <typename T> inline T *data_as(const cmops_tensor &tensor)
{
    return static_cast<T *>(tensor.data);
}

/** True when both tensors have the same rank and sizes. */
bool same_shape(const cmops_tensor &a, const cmops_tensor &b);

/* ---- scalars ----------------------------------------------------------------------------- */

/**
 * `value` in [lo, hi] as int32 (CMOPS_ERR_PARAM against `arg` otherwise). Inline: an `out`
 * whose address escaped to another translation unit would be reloaded from memory inside every
 * kernel loop that stores bytes (which may alias it).
 */
inline cmops_status int_in_range(cmops_context *ctx, int64_t value, int64_t lo, int64_t hi,
                                 int32_t arg, int32_t *out)
{
    CMOPS_REQUIRE(ctx, value >= lo && value <= hi, CMOPS_ERR_PARAM, arg);
    *out = static_cast<int32_t>(value);
    return CMOPS_OK;
}

/**
 * An int list of `min_length`..`max_length` entries, each in [lo, hi], copied into `out`
 * (which holds max_length entries). *length receives the count.
 */
cmops_status int_list_in_range(cmops_context *ctx, const cmops_int_list &list, size_t min_length,
                               size_t max_length, int64_t lo, int64_t hi, int32_t arg, int32_t *out,
                               size_t *length);

/** A (h, w) pair from an int list of 1 or 2 entries (one entry applies to both). */
cmops_status pair_in_range(cmops_context *ctx, const cmops_int_list &list, int64_t lo, int64_t hi,
                           int32_t arg, int32_t *h, int32_t *w);

/** Quantization parameter ranges shared by the int8 operators. */
constexpr int64_t kInt8Min = -128;
constexpr int64_t kInt8Max = 127;
/** An offset is a negated int8 zero point. */
constexpr int64_t kOffsetMin = -127;
constexpr int64_t kOffsetMax = 128;
/** Requantization shifts and multipliers the kernels apply exactly (see cc/nn). */
constexpr int64_t kShiftMin = -31;
constexpr int64_t kShiftMax = 31;
constexpr int64_t kMultiplierMin = static_cast<int64_t>(INT32_MIN) + 1;
constexpr int64_t kMultiplierMax = INT32_MAX;

/**
 * Checks a per-channel int32 multiplier and shift tensor pair: dtypes, one entry per channel
 * (CMOPS_ERR_SHAPE), every multiplier > INT32_MIN and shift in [-31, 31] (CMOPS_ERR_PARAM).
 * Errors blame `multipliers_arg` or `shifts_arg`.
 */
cmops_status requant_tensors(cmops_context *ctx, const cmops_tensor &multipliers,
                             const cmops_tensor &shifts, int64_t channels, int32_t multipliers_arg,
                             int32_t shifts_arg);

/** The scratch tensor holds at least `needed` bytes (CMOPS_ERR_SCRATCH against `arg`). */
cmops_status scratch_holds(cmops_context *ctx, const cmops_tensor &scratch, int32_t needed,
                           int32_t arg);

/** cc/nn status to cmops status: an argument error there is a parameter out of range here. */
cmops_status from_nn_status(cmops_context *ctx, int nn_status, int32_t arg);

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_OP_SUPPORT_H_ */
