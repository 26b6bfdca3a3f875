// aten::zeros.out: every element of out (shape `size`, any dtype) set to zero.
#include "cc/ops/portable/internal/fill.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::zeros.out"

namespace cmops
{
namespace aten
{

cmops_status zeros_out(cmops_context *ctx, cmops_int_list size, cmops_tensor &out)
{
    cmops_scalar zero = {};
    zero.kind = CMOPS_VALUE_INT;
    zero.as.int_value = 0;
    return portable::fill(ctx, size, zero, out, PK_MSG(OP, "out", "is not a valid tensor"),
                          PK_MSG(OP, "out", "must have the shape `size`"));
}

} // namespace aten
} // namespace cmops
