/*
 * quantize_integer.h: quantize_per_tensor's float32 reference, computed with integer arithmetic
 * only, bit for bit (for cores without an FPU, where every float operation is a soft-float call).
 *
 * The reference (quantize_per_tensor.cc) computes, in float32 with round-to-nearest-even,
 *     q = clamp_to_int(round_half_even(x * inv_scale) + zero_point, quant_min, quant_max).
 * With x = mx * 2^ex and inv_scale = mi * 2^ei (integer significands), the exact product is
 * P = mx * mi * 2^(ex + ei): a 48-bit integer times a power of two. The float multiply rounds P
 * to 24 significant bits (ties to even), round_half_even rounds that to an integer (ties to
 * even), and both are repeated here on integers, in the same order, so the double rounding is
 * the reference's own. The remaining float steps are exact under the conditions of
 * quantize_integer_applies: |zero_point| <= 2^16 is exactly representable and the sum of it and
 * an integer below 2^21 in magnitude is too, and a product of 2^21 or more clamps to the same
 * end of [quant_min, quant_max] (within [-2^15, 2^16)) as the float sum would. NaN gives 0 and
 * infinities clamp, as clamp_to_int does.
 *
 * Tested against the float expression on the host (tests/portable:quantize_integer_test) and on
 * the Cortex-M3, whose float is soft-float (the M3 firmware tests).
 */
#ifndef M55ML_CC_OPS_INTERNAL_QUANTIZE_INTEGER_H_
#define M55ML_CC_OPS_INTERNAL_QUANTIZE_INTEGER_H_

#include <stdint.h>
#include <string.h>

namespace cmops
{

/** inv_scale split once per call: significand and power of two (inv_scale = mi * 2^ei). */
struct IntegerQuantizer {
    uint32_t inv_significand;
    int32_t inv_exponent;
    int32_t zero_point;
    int32_t quant_min;
    int32_t quant_max;
};

/** Magnitudes of 2^21 and more clamp: they exceed every int16/uint8 range even after a zero
 * point of up to 2^16 is added. */
constexpr int32_t kQuantizeIntegerLimitBits = 21;
constexpr int32_t kQuantizeIntegerMaxZeroPoint = 1 << 16;

inline uint32_t float_bits(float value)
{
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    return bits;
}

/**
 * True when the integer path reproduces the float one for this call: inv_scale is a normal
 * float (not 0, subnormal or infinite), |zero_point| <= 2^16, and [quant_min, quant_max] lies in
 * [-2^15, 2^16) (the int8, uint8 and int16 ranges do). Otherwise the caller keeps the float path.
 */
inline bool quantize_integer_applies(float inv_scale, int32_t zero_point, int32_t quant_min,
                                     int32_t quant_max, IntegerQuantizer *quantizer)
{
    const uint32_t bits = float_bits(inv_scale);
    const int32_t biased = static_cast<int32_t>((bits >> 23) & 0xffu);
    if ((bits >> 31) != 0 || biased == 0 || biased == 0xff) {
        return false;
    }
    if (zero_point < -kQuantizeIntegerMaxZeroPoint || zero_point > kQuantizeIntegerMaxZeroPoint ||
        quant_min < -(1 << 15) || quant_max >= (1 << 16) || quant_min > quant_max) {
        return false;
    }
    quantizer->inv_significand = (bits & 0x7fffffu) | 0x800000u;
    quantizer->inv_exponent = biased - 127 - 23;
    quantizer->zero_point = zero_point;
    quantizer->quant_min = quant_min;
    quantizer->quant_max = quant_max;
    return true;
}

/** kept + 1 when the dropped part `rest` (of 2 * half) rounds kept up, ties to even:
 * rest > half, or rest == half with kept odd, is rest + (kept & 1) > half. */
inline uint32_t round_up_half_even(uint32_t kept, uint32_t rest, uint32_t half)
{
    return kept + (rest + (kept & 1u) > half ? 1u : 0u);
}

/** value / 2^shift rounded to nearest, ties to even (shift in [1, 31]). */
inline uint32_t shift_right_half_even(uint32_t value, int32_t shift)
{
    return round_up_half_even(value >> shift, value & ((1u << shift) - 1u), 1u << (shift - 1));
}

/** The reference's q for the float whose bits are `x_bits` (see the file comment). */
inline int32_t quantize_integer(const IntegerQuantizer &quantizer, uint32_t x_bits)
{
    const int32_t biased = static_cast<int32_t>((x_bits >> 23) & 0xffu);
    const bool negative = (x_bits >> 31) != 0;
    const uint32_t fraction = x_bits & 0x7fffffu;
    if (biased == 0xff) {
        if (fraction != 0) {
            return 0; /* NaN */
        }
        return negative ? quantizer.quant_min : quantizer.quant_max;
    }
    /* Subnormals have no implicit bit and the exponent of the smallest normal. */
    const uint32_t significand = biased != 0 ? (fraction | 0x800000u) : fraction;
    const int32_t exponent = (biased != 0 ? biased : 1) - 127 - 23 + quantizer.inv_exponent;
    uint32_t magnitude = 0;
    if (significand != 0) {
        const uint64_t product = static_cast<uint64_t>(significand) * quantizer.inv_significand;
        const uint32_t high = static_cast<uint32_t>(product >> 32);
        const uint32_t low = static_cast<uint32_t>(product);
        const int32_t bits =
            high != 0 ? 64 - __builtin_clz(high) : 32 - __builtin_clz(low); /* bit length */
        /* P = product * 2^exponent lies in [2^(bits - 1 + exponent), 2^(bits + exponent)). */
        if (bits + exponent <= -1) {
            magnitude = 0; /* P < 1/2: both roundings give 0 */
        } else if (bits - 1 + exponent >= kQuantizeIntegerLimitBits) {
            magnitude = 1u << kQuantizeIntegerLimitBits; /* clamps */
        } else {
            /* The float multiply: keep 24 significant bits, ties to even. */
            uint32_t kept;
            int32_t scale = exponent;
            if (bits > 24) {
                /* product < 2^48, so drop <= 24: the dropped bits are all in the low word (32-bit
                 * operations only; a 64-bit shift by a variable amount is a loop of them on the
                 * M3). kept may reach 2^24, still exact. */
                const int32_t drop = bits - 24;
                kept = round_up_half_even((high << (32 - drop)) | (low >> drop),
                                          low & ((1u << drop) - 1u), 1u << (drop - 1));
                scale += drop;
            } else {
                kept = low;
            }
            /* round_half_even: the float kept * 2^scale to an integer. bits + exponent is in
             * [0, 21] here, so scale is in [-24, 20] and kept << scale < 2^21. */
            if (scale >= 0) {
                magnitude = kept << scale;
            } else if (scale >= -31) {
                magnitude = shift_right_half_even(kept, -scale);
            } else {
                magnitude = 0;
            }
        }
    }
    int32_t value = static_cast<int32_t>(magnitude);
    if (negative) {
        value = -value;
    }
    value += quantizer.zero_point;
    if (value <= quantizer.quant_min) {
        return quantizer.quant_min;
    }
    if (value >= quantizer.quant_max) {
        return quantizer.quant_max;
    }
    return value;
}

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_QUANTIZE_INTEGER_H_ */
