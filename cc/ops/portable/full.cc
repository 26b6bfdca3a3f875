// aten::full.out: every element of out (shape `size`, any dtype) set to fill_value.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/fill.h"

namespace args = ::cmops::arg::aten::full_out;

namespace cmops
{
namespace aten
{

cmops_status full_out(cmops_context *ctx, cmops_int_list size, const cmops_scalar &fill_value,
                      cmops_tensor &out)
{
    return portable::fill(ctx, size, fill_value, out, args::out, args::out);
}

} // namespace aten
} // namespace cmops
