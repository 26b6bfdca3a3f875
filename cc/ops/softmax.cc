// cortex_m::softmax.out: int8 softmax along one dimension, output scale 1/256, zero point -128.
//
// Evaluated in float32 the way the reference (cortex_m::softmax in operators.py) defines it:
//   s = input_multiplier / 2^31 * 2^input_shift / 2^26     (double, then float)
//   x = float(q - input_zero_point) * s
//   p = exp(x - max(x)) * (1 / sum(exp(x - max(x))))
//   out = clamp(round_half_even(p * 256) - 128, -128, 127)
// CMSIS-NN's arm_softmax_s8 is fixed-point and takes no zero point, so it cannot reproduce
// this; it is not called. exp is evaluated in double and rounded to float (correctly rounded
// in practice). The reference's float exp comes from PyTorch's vectorised CPU kernels, which
// are not correctly rounded, so where p * 256 lies within a few float ulps of a .5 boundary the
// two can round apart (measured: about 3 in a million elements). diff_min is unused, as in the
// reference.
#include <stdint.h>
#include <string.h>

#include "cc/ops/internal/float_rounding.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{
namespace
{

// 2^exponent as a double, for exponent in [-1022, 1023], without libm.
double power_of_two(int32_t exponent)
{
    const uint64_t bits = static_cast<uint64_t>(exponent + 1023) << 52;
    double value = 0.0;
    memcpy(&value, &bits, sizeof(value));
    return value;
}

// e^x for x <= 0 in double precision (|relative error| < 1e-15), without libm.
double exp_nonpositive(double x)
{
    // Below this, e^x rounds to zero in float.
    if (x < -110.0) {
        return 0.0;
    }
    // x = k ln2 + r with |r| <= ln2 / 2; ln2 split so k * ln2_hi is exact.
    const double ln2_hi = 6.93147180369123816490e-01;
    const double ln2_lo = 1.90821492927058770002e-10;
    const double inv_ln2 = 1.44269504088896338700e+00;
    const double scaled = x * inv_ln2;
    const int32_t k = static_cast<int32_t>(scaled - 0.5); // rounds to nearest for scaled <= 0
    const double r = (x - k * ln2_hi) - k * ln2_lo;
    // Taylor series to r^13 / 13!: the truncation error is below 2^-60 for |r| <= 0.35.
    double sum = 1.0;
    for (int32_t n = 13; n >= 1; --n) {
        sum = 1.0 + sum * r / n;
    }
    return sum * power_of_two(k);
}

// One row: `length` values at `in` with element stride 1, results to `out`.
void softmax_row(const int8_t *in, int8_t *out, int32_t length, int32_t zero_point, float scale)
{
    float largest = static_cast<float>(in[0] - zero_point) * scale;
    for (int32_t i = 1; i < length; ++i) {
        const float x = static_cast<float>(in[i] - zero_point) * scale;
        largest = x > largest ? x : largest;
    }
    float sum = 0.0f;
    for (int32_t i = 0; i < length; ++i) {
        const float x = static_cast<float>(in[i] - zero_point) * scale;
        sum += static_cast<float>(exp_nonpositive(static_cast<double>(x - largest)));
    }
    const float inverse = 1.0f / sum;
    for (int32_t i = 0; i < length; ++i) {
        const float x = static_cast<float>(in[i] - zero_point) * scale;
        const float p =
            static_cast<float>(exp_nonpositive(static_cast<double>(x - largest))) * inverse;
        out[i] = static_cast<int8_t>(
            clamp_to_int(round_half_even(p * 256.0f) - 128.0f, INT8_MIN, INT8_MAX));
    }
}

// True when logical dimension `dim` is innermost in memory once size-1 dimensions are ignored,
// so every row along it is contiguous.
bool dim_is_innermost(const cmops_tensor &tensor, int32_t dim)
{
    for (int32_t i = tensor.dim - 1; i >= 0; --i) {
        const int32_t d = tensor.dim_order[i];
        if (d == dim) {
            return true;
        }
        if (tensor.sizes[d] != 1) {
            return false;
        }
    }
    return false;
}

} // namespace

namespace args = arg::softmax_out;

cmops_status softmax_out(cmops_context *ctx, const cmops_tensor &input_tensor, int64_t dim_arg,
                         int64_t input_zero_point, int64_t output_zero_point,
                         int64_t input_multiplier, int64_t input_shift, int64_t diff_min_arg,
                         cmops_tensor &out_tensor)
{
    const cmops_tensor *input = &input_tensor;
    cmops_tensor *out = &out_tensor;
    int32_t dim = 0;
    int32_t input_zp = 0;
    int32_t output_zp = 0;
    int32_t multiplier = 0;
    int32_t shift = 0;
    int32_t diff_min = 0;
    CMOPS_TRY(expect_tensor(ctx, *input, CMOPS_DTYPE_INT8, -1, args::input));
    CMOPS_REQUIRE(ctx, input->dim >= 1, CMOPS_ERR_RANK, args::input);
    CMOPS_TRY(int_in_range(ctx, dim_arg, -input->dim, input->dim - 1, args::dim, &dim));
    if (dim < 0) {
        dim += input->dim;
    }
    CMOPS_TRY(
        int_in_range(ctx, input_zero_point, kInt8Min, kInt8Max, args::input_zero_point, &input_zp));
    // The output scale is fixed at 1/256, its zero point at -128.
    CMOPS_TRY(
        int_in_range(ctx, output_zero_point, -128, -128, args::output_zero_point, &output_zp));
    // Positive: the input scale must be > 0.
    CMOPS_TRY(
        int_in_range(ctx, input_multiplier, 1, INT32_MAX, args::input_multiplier, &multiplier));
    CMOPS_TRY(int_in_range(ctx, input_shift, kShiftMin, kShiftMax, args::input_shift, &shift));
    CMOPS_TRY(int_in_range(ctx, diff_min_arg, INT32_MIN, INT32_MAX, args::diff_min, &diff_min));
    CMOPS_TRY(expect_tensor(ctx, *out, CMOPS_DTYPE_INT8, input->dim, args::out));
    CMOPS_REQUIRE(ctx, same_shape(*input, *out), CMOPS_ERR_SHAPE, args::out);
    // dim must be innermost in memory, and out laid out as input.
    CMOPS_REQUIRE(ctx, dim_is_innermost(*input, dim), CMOPS_ERR_LAYOUT, args::input);
    CMOPS_REQUIRE(ctx, layout_matches(*out, input->dim_order), CMOPS_ERR_LAYOUT, args::out);

    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    const int32_t row = input->sizes[dim];
    const int64_t rows = row == 0 ? 0 : numel(*input) / row;
    // mult / 2^31 * 2^shift / 2^(31 - 5 integer bits), exactly in double.
    const float scale =
        static_cast<float>(static_cast<double>(multiplier) * power_of_two(shift - 31 - 26));
    const int8_t *in = data_as<const int8_t>(*input);
    int8_t *o = data_as<int8_t>(*out);
    for (int64_t r = 0; r < rows; ++r) {
        softmax_row(in + r * row, o + r * row, row, input_zp, scale);
    }
    return CMOPS_OK;
}

} // namespace cmops
