// aten::arange.start_out and aten::arange.out (from 0, step 1): start, start + step, ... below end
// (above, for a negative step), into a 1-D out of float32 or an integer dtype. Values are start + i
// * step, evaluated in double for float32 out (as torch's CPU kernel does) and in int64 for integer
// out.
#include "cc/ops/portable/internal/support.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::arange.start_out"

namespace cmops
{
namespace aten
{

cmops_status arange_start_out(cmops_context *ctx, const cmops_scalar &start,
                              const cmops_scalar &end, const cmops_scalar &step, cmops_tensor &out)
{
    PK_TRY(portable::check_tensor(ctx, out, PK_MSG(OP, "out", "is not a valid tensor")));
    PK_REQUIRE(ctx, out.dim == 1, CMOPS_ERR_RANK, PK_MSG(OP, "out", "must have 1 dim"));
    PK_REQUIRE(ctx, out.dtype != CMOPS_DTYPE_BOOL, CMOPS_ERR_DTYPE,
               PK_MSG(OP, "out", "must be float32 or an integer dtype"));
    const double first = portable::scalar_to_double(start);
    const double limit = portable::scalar_to_double(end);
    const double increment = portable::scalar_to_double(step);
    PK_REQUIRE(ctx, increment != 0.0, CMOPS_ERR_PARAM, PK_MSG(OP, "step", "must not be zero"));
    PK_REQUIRE(ctx, (increment > 0.0 && limit >= first) || (increment < 0.0 && limit <= first),
               CMOPS_ERR_PARAM, PK_MSG(OP, "step", "must point from start toward end"));
    // ceil((end - start) / step) without libm.
    const double span = (limit - first) / increment;
    int64_t length = static_cast<int64_t>(span);
    if (static_cast<double>(length) < span) {
        ++length;
    }
    PK_REQUIRE(ctx, out.sizes[0] == length, CMOPS_ERR_SHAPE,
               PK_MSG(OP, "out", "must have ceil((end - start) / step) elements"));
    int64_t strides[CMOPS_MAX_DIM];
    portable::logical_strides(out, strides);
    const bool integral = portable::scalar_is_integral(start) &&
                          portable::scalar_is_integral(end) && portable::scalar_is_integral(step);
    for (int64_t i = 0; i < length; ++i) {
        if (out.dtype == CMOPS_DTYPE_FLOAT32) {
            portable::store_from_double(out.data, out.dtype, i * strides[0], first + i * increment);
        } else if (integral) {
            portable::store_from_int(out.data, out.dtype, i * strides[0],
                                     portable::scalar_to_int(start) +
                                         i * portable::scalar_to_int(step));
        } else {
            portable::store_from_double(out.data, out.dtype, i * strides[0], first + i * increment);
        }
    }
    return CMOPS_OK;
}

cmops_status arange_out(cmops_context *ctx, const cmops_scalar &end, cmops_tensor &out)
{
    cmops_scalar zero = {};
    zero.kind = CMOPS_VALUE_INT;
    zero.as.int_value = 0;
    cmops_scalar one = zero;
    one.as.int_value = 1;
    return arange_start_out(ctx, zero, end, one, out);
}

} // namespace aten
} // namespace cmops
