// aten::view_copy.out: self's elements, in logical order, in the shape `size` (one entry may be
// -1: inferred); any dtype.
#include "cc/ops/portable/internal/reshape.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::view_copy.out"

namespace cmops
{
namespace aten
{

cmops_status view_copy_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list size,
                           cmops_tensor &out)
{
    const portable::ReshapeMessages messages =
        PK_RESHAPE_MESSAGES(OP, "must have the shape `size` gives, with self's element count");
    PK_TRY(portable::check_reshape(ctx, self, out, messages));
    PK_REQUIRE(ctx, size.length <= CMOPS_MAX_DIM, CMOPS_ERR_RANK,
               PK_MSG(OP, "size", "has more entries than CMOPS_MAX_DIM"));
    int64_t sizes[CMOPS_MAX_DIM];
    int32_t inferred = -1;
    int64_t known = 1;
    for (size_t i = 0; i < size.length; ++i) {
        sizes[i] = size.items[i];
        if (sizes[i] == -1) {
            PK_REQUIRE(ctx, inferred < 0, CMOPS_ERR_PARAM,
                       PK_MSG(OP, "size", "may have only one -1 entry"));
            inferred = static_cast<int32_t>(i);
            continue;
        }
        PK_REQUIRE(ctx, sizes[i] >= 0, CMOPS_ERR_PARAM,
                   PK_MSG(OP, "size", "entries must be >= 0, or -1"));
        known *= sizes[i];
    }
    if (inferred >= 0) {
        const int64_t count = portable::numel(self);
        PK_REQUIRE(ctx, known != 0 && count % known == 0, CMOPS_ERR_SHAPE, messages.shape);
        sizes[inferred] = count / known;
    }
    return portable::finish_reshape(ctx, self, out, static_cast<int32_t>(size.length), sizes,
                                    messages);
}

} // namespace aten
} // namespace cmops
