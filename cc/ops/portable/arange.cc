// aten::arange.start_out and aten::arange.out (from 0, step 1): start, start + step, ... below end
// (above, for a negative step), into a 1-D out of float32 or an integer dtype. Values are start + i
// * step, evaluated in double for float32 out (as torch's CPU kernel does) and in int64 for integer
// out.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::arange_start_out;

namespace cmops
{
namespace aten
{

cmops_status arange_start_out(cmops_context *ctx, const cmops_scalar &start,
                              const cmops_scalar &end, const cmops_scalar &step, cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx, out.dim == 1, CMOPS_ERR_RANK, args::out);
    CMOPS_REQUIRE(ctx, out.dtype != CMOPS_DTYPE_BOOL, CMOPS_ERR_DTYPE, args::out);
    const double first = portable::scalar_to_double(start);
    const double limit = portable::scalar_to_double(end);
    const double increment = portable::scalar_to_double(step);
    CMOPS_REQUIRE(ctx, increment != 0.0, CMOPS_ERR_PARAM, args::step);
    CMOPS_REQUIRE(ctx, (increment > 0.0 && limit >= first) || (increment < 0.0 && limit <= first),
                  CMOPS_ERR_PARAM, args::step);
    // ceil((end - start) / step) without libm.
    const double span = (limit - first) / increment;
    int64_t length = static_cast<int64_t>(span);
    if (static_cast<double>(length) < span) {
        ++length;
    }
    CMOPS_REQUIRE(ctx, out.sizes[0] == length, CMOPS_ERR_SHAPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
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
    const cmops_status status = arange_start_out(ctx, zero, end, one, out);
    if (status != CMOPS_OK && ctx != nullptr) {
        // Blame arange.out's own argument (start and step are the constants above).
        namespace start_args = ::cmops::arg::aten::arange_start_out;
        ctx->error_arg = ctx->error_arg == start_args::out ? arg::aten::arange_out::out
                                                           : arg::aten::arange_out::end;
    }
    return status;
}

} // namespace aten
} // namespace cmops
