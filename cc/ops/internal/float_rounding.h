/*
 * float_rounding.h: float32 rounding exactly as torch.round does it (half to even), without
 * libm, so host and firmware builds produce the same bits.
 *
 * Requires IEEE float32 evaluation without excess precision or fused multiply-add (the BUILD
 * compiles cc/ops with -ffp-contract=off; x86-64 SSE and Arm FPv5/soft-float evaluate float
 * in float).
 */
#ifndef M55ML_CC_OPS_INTERNAL_FLOAT_ROUNDING_H_
#define M55ML_CC_OPS_INTERNAL_FLOAT_ROUNDING_H_

namespace cmops
{

/** Nearest integer, ties to even, as a float. NaN and infinities pass through. */
inline float round_half_even(float value)
{
    // Adding and removing 2^23 leaves no fraction bits, and the add rounds to nearest-even:
    // the rounding mode every target runs in. |value| >= 2^23 is already an integer.
    const float two_pow_23 = 8388608.0f;
    if (value >= 0.0f && value < two_pow_23) {
        return (value + two_pow_23) - two_pow_23;
    }
    if (value < 0.0f && value > -two_pow_23) {
        return (value - two_pow_23) + two_pow_23;
    }
    return value;
}

/**
 * A rounded float clamped to [lo, hi] and converted to an integer, as
 * torch.clamp(v, lo, hi).to(int_type) gives on x86-64: NaN becomes 0.
 */
inline int32_t clamp_to_int(float value, int32_t lo, int32_t hi)
{
    if (value != value) {
        return 0;
    }
    if (value <= static_cast<float>(lo)) {
        return lo;
    }
    if (value >= static_cast<float>(hi)) {
        return hi;
    }
    return static_cast<int32_t>(value);
}

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_FLOAT_ROUNDING_H_ */
