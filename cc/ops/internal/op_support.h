/*
 * op_support.h: argument unpacking and checking shared by the cortex_m:: operator kernels.
 *
 * Internal to //cc/ops. Every check reports through cmops_context::error_detail with a static
 * string that names the operator and the argument; the CMOPS_*_MESSAGES macros below build
 * those strings at compile time (no formatting, no heap), so each call site says exactly what
 * went wrong.
 */
#ifndef M55ML_CC_OPS_INTERNAL_OP_SUPPORT_H_
#define M55ML_CC_OPS_INTERNAL_OP_SUPPORT_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"

namespace cmops
{

/* ---- status ------------------------------------------------------------------------------ */

/** Records `detail` and returns `status`; the one way a kernel reports failure. */
inline cmops_status fail(cmops_context *ctx, cmops_status status, const char *detail)
{
    if (ctx != nullptr) {
        ctx->error_detail = detail;
    }
    return status;
}

/** Propagates a failed status from a helper (which already set error_detail). */
#define CMOPS_TRY(expr)                                                                            \
    do {                                                                                           \
        const cmops_status cmops_try_status_ = (expr);                                             \
        if (cmops_try_status_ != CMOPS_OK) {                                                       \
            return cmops_try_status_;                                                              \
        }                                                                                          \
    } while (0)

/** Fails with `status` and `detail` unless `condition` holds. */
#define CMOPS_REQUIRE(ctx, condition, status, detail)                                              \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            return ::cmops::fail((ctx), (status), (detail));                                       \
        }                                                                                          \
    } while (0)

/* ---- tensors ----------------------------------------------------------------------------- */

/** Bytes per element of a dtype, or 0 for a dtype no kernel takes. */
size_t element_size(int32_t dtype);

/** Number of elements (product of sizes; 1 for a 0-d tensor). */
int64_t numel(const cmops_tensor &tensor);

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

/** Messages for the checks require_tensor makes; build with CMOPS_TENSOR_MESSAGES. */
struct TensorMessages {
    const char *not_tensor;
    const char *dtype;
    const char *rank;
    const char *dim_order;
    const char *buffer;
    const char *alignment;
};

#if CMOPS_COMPACT_MESSAGES
/* Devices: one string per argument ("op: name"); the status code says what is wrong with it
 * (cmops_status_message). Saves about 15 KB of flash over the full sentences below. */
#define CMOPS_TENSOR_MESSAGES(op, name, dtype_words, rank_words)                                   \
    ::cmops::TensorMessages                                                                        \
    {                                                                                              \
        op ": " name, op ": " name, op ": " name, op ": " name, op ": " name, op ": " name         \
    }
#else
#define CMOPS_TENSOR_MESSAGES(op, name, dtype_words, rank_words)                                   \
    ::cmops::TensorMessages                                                                        \
    {                                                                                              \
        op ": " name " must be a tensor", op ": " name " must be " dtype_words,                    \
            op ": " name " must have " rank_words, op ": " name " has an invalid dim_order",       \
            op ": " name " nbytes is smaller than its shape needs",                                \
            op ": " name " data is not aligned to its element size"                                \
    }
#endif

/**
 * args[index] as a tensor of dtype `dtype` (or any dtype when dtype < 0) and rank `rank` (any
 * rank when rank < 0), with a valid dim order, a buffer covering its shape and data aligned
 * to the element size.
 */
cmops_status require_tensor(cmops_context *ctx, cmops_value *const *args, size_t index,
                            int32_t dtype, int32_t rank, const TensorMessages &messages,
                            cmops_tensor **out);

/** As require_tensor, but an absent optional (CMOPS_VALUE_NONE) gives *out = nullptr. */
cmops_status optional_tensor(cmops_context *ctx, cmops_value *const *args, size_t index,
                             int32_t dtype, int32_t rank, const TensorMessages &messages,
                             cmops_tensor **out);

/** Typed element pointers. */
template <typename T> inline T *data_as(const cmops_tensor &tensor)
{
    return static_cast<T *>(tensor.data);
}

/** True when both tensors have the same rank and sizes. */
bool same_shape(const cmops_tensor &a, const cmops_tensor &b);

/* ---- scalars ----------------------------------------------------------------------------- */

#if CMOPS_COMPACT_MESSAGES
#define CMOPS_SCALAR_MESSAGES(op, name, kind_words, range_words)                                   \
    ::cmops::ScalarMessages                                                                        \
    {                                                                                              \
        op ": " name, op ": " name                                                                 \
    }
#else
#define CMOPS_SCALAR_MESSAGES(op, name, kind_words, range_words)                                   \
    ::cmops::ScalarMessages                                                                        \
    {                                                                                              \
        op ": " name " must be " kind_words, op ": " name " must be " range_words                  \
    }
#endif

struct ScalarMessages {
    const char *kind;
    const char *range;
};

/** args[index] as an int in [lo, hi]. */
cmops_status require_int(cmops_context *ctx, cmops_value *const *args, size_t index, int64_t lo,
                         int64_t hi, const ScalarMessages &messages, int32_t *out);

/** args[index] as a float (double) argument. */
cmops_status require_double(cmops_context *ctx, cmops_value *const *args, size_t index,
                            const ScalarMessages &messages, double *out);

/** args[index] as a bool. */
cmops_status require_bool(cmops_context *ctx, cmops_value *const *args, size_t index,
                          const ScalarMessages &messages, bool *out);

/**
 * args[index] as an int list of `min_length`..`max_length` entries, each in [lo, hi], copied
 * into `out` (which holds max_length entries). *length receives the count.
 */
cmops_status require_int_list(cmops_context *ctx, cmops_value *const *args, size_t index,
                              size_t min_length, size_t max_length, int64_t lo, int64_t hi,
                              const ScalarMessages &messages, int32_t *out, size_t *length);

/** A (h, w) pair from an int list of 1 or 2 entries (one entry applies to both). */
cmops_status require_pair(cmops_context *ctx, cmops_value *const *args, size_t index, int64_t lo,
                          int64_t hi, const ScalarMessages &messages, int32_t *h, int32_t *w);

/** Argument count check every kernel starts with. */
#define CMOPS_REQUIRE_ARG_COUNT(ctx, num_args, expected, op)                                       \
    CMOPS_REQUIRE(ctx, (args) != nullptr && (num_args) == (expected), CMOPS_ERR_ARG_COUNT,         \
                  op ": wrong number of arguments for the schema")

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

/** Checks every entry of a per-channel int32 multiplier and shift tensor pair. */
cmops_status require_requant_tensors(cmops_context *ctx, const cmops_tensor &multipliers,
                                     const cmops_tensor &shifts, int64_t channels,
                                     const char *shape_message, const char *range_message);

/** cc/nn status to cmops status: an argument error there is a parameter out of range here. */
cmops_status from_nn_status(cmops_context *ctx, int nn_status, const char *detail);

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_OP_SUPPORT_H_ */
