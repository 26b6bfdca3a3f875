/*
 * float_math.h: the single-precision transcendental functions of the portable kernels.
 *
 * Our own, in float arithmetic only (one rounding per operation, no fused multiply-add: the
 * library builds with -ffp-contract=off), so the same bits come out on the host, on an FPU core
 * (M4F/M7/M33/M55) and under soft-float (M3): the host tests prove the device's numbers.
 * Accuracy against the correctly rounded result, measured on every 97th float (docs/portable.md):
 * exp_f32 <= 1 ulp, expm1_f32 <= 2 ulp, log_f32 <= 1 ulp, tanh_f32 <= 2 ulp, sigmoid_f32 <= 2 ulp.
 */
#ifndef M55ML_CC_OPS_PORTABLE_INTERNAL_FLOAT_MATH_H_
#define M55ML_CC_OPS_PORTABLE_INTERNAL_FLOAT_MATH_H_

namespace cmops
{
namespace portable
{

/** e^x; +inf above ln(FLT_MAX), 0 far below the subnormal range, NaN stays NaN. */
float exp_f32(float x);

/** e^x - 1, accurate near 0. */
float expm1_f32(float x);

/** Natural logarithm; -inf at 0, NaN below 0. */
float log_f32(float x);

/** Hyperbolic tangent. */
float tanh_f32(float x);

/** 1 / (1 + e^-x). */
float sigmoid_f32(float x);

/** x rounded to the nearest integer, ties to even (as torch.round), in float. */
float round_half_even_f32(float x);

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_FLOAT_MATH_H_ */
