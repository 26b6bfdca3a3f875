// aten::pow.Tensor_Scalar_out: x ** exponent.
//
// float32: the exponents models use (2, 3, 0.5, -0.5, -1, -2, 1, 0) take the same few IEEE
// operations torch takes for them (x*x, x*x*x, sqrt, 1/sqrt, 1/x, 1/(x*x)), so they match torch
// to the bit. Any other exponent goes through the C library's double pow rounded to float
// (glibc on the host, newlib on the device, both accurate to well under a float ulp); on cores
// without a double-precision FPU that costs soft-float, which only unusual exponents pay.
// Integer tensors with a non-negative integer exponent: repeated squaring in the tensor's type.
#include <math.h>

#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/elementwise.h"

namespace args = ::cmops::arg::aten::pow_Tensor_Scalar_out;

namespace cmops
{
namespace aten
{
namespace
{

template <typename T> T integer_power(T base, int64_t exponent)
{
    uint64_t result = 1;
    uint64_t square = static_cast<uint64_t>(static_cast<int64_t>(base));
    while (exponent > 0) {
        if (exponent & 1) {
            result *= square;
        }
        square *= square;
        exponent >>= 1;
    }
    return static_cast<T>(result);
}

} // namespace

cmops_status pow_Tensor_Scalar_out(cmops_context *ctx, const cmops_tensor &self,
                                   const cmops_scalar &exponent, cmops_tensor &out)
{
    const portable::UnaryArgs blame = PK_UNARY_ARGS(args);
    CMOPS_TRY(portable::check_unary(ctx, self, out, true, blame));
    if (self.dtype != CMOPS_DTYPE_FLOAT32) {
        CMOPS_REQUIRE(
            ctx, portable::scalar_is_integral(exponent) && portable::scalar_to_int(exponent) >= 0,
            CMOPS_ERR_UNSUPPORTED, args::exponent);
        CMOPS_REQUIRE(ctx, portable::dispatch_real(self.dtype, [](auto) {}), CMOPS_ERR_DTYPE,
                      blame.out);
    }
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    if (self.dtype == CMOPS_DTYPE_FLOAT32) {
        const double e = portable::scalar_to_double(exponent);
        if (e == 2.0) {
            portable::map_unary<float, float>(self, out, [](float x) { return x * x; });
        } else if (e == 3.0) {
            portable::map_unary<float, float>(self, out, [](float x) { return x * x * x; });
        } else if (e == 0.5) {
            portable::map_unary<float, float>(self, out, [](float x) { return sqrtf(x); });
        } else if (e == -0.5) {
            portable::map_unary<float, float>(self, out, [](float x) { return 1.0f / sqrtf(x); });
        } else if (e == -1.0) {
            portable::map_unary<float, float>(self, out, [](float x) { return 1.0f / x; });
        } else if (e == -2.0) {
            portable::map_unary<float, float>(self, out, [](float x) { return 1.0f / (x * x); });
        } else if (e == 1.0) {
            portable::map_unary<float, float>(self, out, [](float x) { return x; });
        } else if (e == 0.0) {
            portable::map_unary<float, float>(self, out, [](float) { return 1.0f; });
        } else {
            const double exponent_float = static_cast<double>(static_cast<float>(e));
            portable::map_unary<float, float>(self, out, [exponent_float](float x) {
                return static_cast<float>(pow(static_cast<double>(x), exponent_float));
            });
        }
        return CMOPS_OK;
    }
    CMOPS_REQUIRE(ctx,
                  portable::scalar_is_integral(exponent) && portable::scalar_to_int(exponent) >= 0,
                  CMOPS_ERR_UNSUPPORTED, args::exponent);
    const int64_t e = portable::scalar_to_int(exponent);
    const bool known = portable::dispatch_real(self.dtype, [&](auto tag) {
        using T = decltype(tag);
        portable::map_unary<T, T>(self, out, [e](T x) { return integer_power<T>(x, e); });
    });
    CMOPS_REQUIRE(ctx, known, CMOPS_ERR_DTYPE, blame.out);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
