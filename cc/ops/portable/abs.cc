// aten::abs.out: |x| for every real dtype (the most negative integer stays itself, as in torch).
#include "cc/ops/portable/internal/elementwise.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::abs.out"

namespace cmops
{
namespace aten
{

cmops_status abs_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out)
{
    const portable::UnaryMessages messages = PK_UNARY_MESSAGES(OP);
    PK_TRY(portable::check_unary(ctx, self, out, true, messages));
    if (self.dtype == CMOPS_DTYPE_FLOAT32) {
        // Clearing the sign bit: -0 becomes +0 and NaN keeps its payload, as torch does.
        portable::map_unary<uint32_t, uint32_t>(self, out,
                                                [](uint32_t x) { return x & 0x7fffffffu; });
        return CMOPS_OK;
    }
    const bool known = portable::dispatch_real(self.dtype, [&](auto tag) {
        using T = decltype(tag);
        portable::map_unary<T, T>(self, out, [](T x) {
            // Negate in the unsigned domain: INT_MIN maps to itself without overflow.
            return x < T(0) ? static_cast<T>(0u - static_cast<uint64_t>(x)) : x;
        });
    });
    PK_REQUIRE(ctx, known, CMOPS_ERR_DTYPE, messages.dtype);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
