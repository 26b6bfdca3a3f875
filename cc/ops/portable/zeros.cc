// aten::zeros.out: every element of out (shape `size`, any dtype) set to zero.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/fill.h"

namespace args = ::cmops::arg::aten::zeros_out;

namespace cmops
{
namespace aten
{

cmops_status zeros_out(cmops_context *ctx, cmops_int_list size, cmops_tensor &out)
{
    cmops_scalar zero = {};
    zero.kind = CMOPS_VALUE_INT;
    zero.as.int_value = 0;
    return portable::fill(ctx, size, zero, out, args::out, args::out);
}

} // namespace aten
} // namespace cmops
