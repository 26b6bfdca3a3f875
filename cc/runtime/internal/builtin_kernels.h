/*
 * builtin_kernels.h: the few portable operators a lowered program may still contain.
 *
 * cc/ops provides the cortex_m:: kernels. Export can leave layout-only operators around them
 * (an identity `dim_order_ops::_clone_dim_order` in MobileNetV2, `aten::view_copy` when views
 * are not elided). They move bytes and need no arithmetic, so the runtime carries them itself,
 * behind the same cmops_kernel interface; cc/ops kernels of the same name take precedence.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_BUILTIN_KERNELS_H_
#define M55ML_CC_RUNTIME_INTERNAL_BUILTIN_KERNELS_H_

#include <stddef.h>

#include "cc/ops/cortex_m_ops.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

/* The built-in kernel for `name`.`overload`, or null. */
const cmops_kernel *find_builtin_kernel(const char *name, const char *overload);

/* Every built-in kernel; *count receives the number of entries. */
const cmops_kernel *builtin_kernels(size_t *count);

} // namespace internal
} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_INTERNAL_BUILTIN_KERNELS_H_
