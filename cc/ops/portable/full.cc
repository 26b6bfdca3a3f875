// aten::full.out: every element of out (shape `size`, any dtype) set to fill_value.
#include "cc/ops/portable/internal/fill.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::full.out"

namespace cmops
{
namespace aten
{

cmops_status full_out(cmops_context *ctx, cmops_int_list size, const cmops_scalar &fill_value,
                      cmops_tensor &out)
{
    return portable::fill(ctx, size, fill_value, out, PK_MSG(OP, "out", "is not a valid tensor"),
                          PK_MSG(OP, "out", "must have the shape `size`"));
}

} // namespace aten
} // namespace cmops
