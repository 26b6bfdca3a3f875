/*
 * arm_nnsupportfunctions.h: the fixed-point helpers behind every requantization.
 *
 * Same include name and helper names as CMSIS-NN's support header, for code that calls them
 * directly. Written for this project from the documented quantization math.
 *
 * Requantization (CMSIS-NN's default "double rounding"), for a value x, a Q31 multiplier m and
 * a shift s:
 *   1. x <<= max(s, 0)                       (in int32: see arm_nn_requantize for overflow)
 *   2. x = (x * m + 2^30) >> 31              (64-bit product; rounds half up)
 *   3. x = x / 2^max(-s, 0)                  (rounds to nearest, ties away from zero)
 * The single-rounding variant some CMSIS-NN builds offer is deliberately not provided: the
 * ExecuTorch reference uses the double rounding above.
 */
#ifndef M55ML_CC_NN_ARM_NNSUPPORTFUNCTIONS_H_
#define M55ML_CC_NN_ARM_NNSUPPORTFUNCTIONS_H_

#include <stdint.h>

#include "arm_nn_math_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LEFT_SHIFT(_shift) ((_shift) > 0 ? (_shift) : 0)
#define RIGHT_SHIFT(_shift) ((_shift) > 0 ? 0 : -(_shift))

/** Step 2: round((m1 * m2) / 2^31), half up, without saturation. The only input pair whose
 * result does not fit int32, (INT32_MIN, INT32_MIN), is refused by every kernel. */
static inline int32_t arm_nn_doubling_high_mult_no_sat(const int32_t m1, const int32_t m2)
{
    const int64_t product = (int64_t)m1 * (int64_t)m2 + ((int64_t)1 << 30);
    /* Arithmetic shift of a negative value: GCC and Clang define it; kernels assert it. */
    return (int32_t)(product >> 31);
}

/** Step 3: dividend / 2^exponent rounded to nearest, ties away from zero. exponent in [0, 31]. */
static inline int32_t arm_nn_divide_by_power_of_two(const int32_t dividend, const int32_t exponent)
{
    const int32_t remainder_mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = dividend & remainder_mask;
    /* A negative dividend's remainder is measured from below, so its tie needs one more. */
    const int32_t threshold = (remainder_mask >> 1) + (dividend < 0 ? 1 : 0);
    int32_t result = dividend >> exponent;
    if (remainder > threshold) {
        result += 1;
    }
    return result;
}

/** Steps 1-3. Like Arm's helper, the left shift is done in int32: a value that does not fit
 * after shifting wraps. Kernels in this library detect that case and refuse it instead
 * (see nn_requantize in internal/nn_support.h). */
static inline int32_t arm_nn_requantize(const int32_t val, const int32_t multiplier,
                                        const int32_t shift)
{
    const uint32_t shifted = (uint32_t)val << LEFT_SHIFT(shift);
    return arm_nn_divide_by_power_of_two(
        arm_nn_doubling_high_mult_no_sat((int32_t)shifted, multiplier), RIGHT_SHIFT(shift));
}

#ifdef __cplusplus
}
#endif

#endif /* M55ML_CC_NN_ARM_NNSUPPORTFUNCTIONS_H_ */
