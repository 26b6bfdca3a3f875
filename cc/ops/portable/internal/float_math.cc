// Single-precision exp, expm1, log, tanh and sigmoid in float arithmetic only (float_math.h).
//
// exp: x = k ln2 + r with |r| <= ln2/2 (ln2 split in two so k * ln2_hi is exact), e^r from its
// Taylor series to r^7 (truncation below 0.1 ulp), then scaled by 2^k through the exponent bits.
// log: x = 2^e m with m in [sqrt(1/2), sqrt(2)), f = m - 1, s = f / (2 + f);
// log(1 + f) = 2 atanh(s) = 2s + 2s^3/3 + 2s^5/5 + ..., written as f - (f^2/2 - s (f^2/2 + R))
// so the large terms are exact. Both are textbook reductions, written here from the math.
#include "cc/ops/portable/internal/float_math.h"

#include <stdint.h>
#include <string.h>

namespace cmops
{
namespace portable
{
namespace
{

float from_bits(uint32_t bits)
{
    float value;
    memcpy(&value, &bits, sizeof(value));
    return value;
}

uint32_t to_bits(float value)
{
    uint32_t bits;
    memcpy(&bits, &value, sizeof(bits));
    return bits;
}

// 2^k for k in [-126, 127], exactly.
float power_of_two(int32_t k)
{
    return from_bits(static_cast<uint32_t>(k + 127) << 23);
}

// ln 2 = kLn2Hi + kLn2Lo; kLn2Hi has 9 trailing zero bits, so k * kLn2Hi is exact for |k| < 512.
constexpr float kLn2Hi = 6.93145751953125e-01f;
constexpr float kLn2Lo = 1.42860676533018704e-06f;
constexpr float kLog2e = 1.44269504088896341f;

} // namespace

float round_half_even_f32(float x)
{
    // Adding and subtracting 2^23 rounds to an integer in the current (round-to-nearest-even)
    // mode; at and above 2^23 every float is already an integer.
    const float magic = 8388608.0f;
    if (!(x < magic && x > -magic)) {
        return x;
    }
    if (x >= 0.0f) {
        return (x + magic) - magic;
    }
    return -((-x + magic) - magic);
}

float exp_f32(float x)
{
    if (x != x) {
        return x;
    }
    if (x > 88.72283935546875f) {
        return from_bits(0x7f800000u);
    }
    if (x < -103.972084045410156f) {
        return 0.0f;
    }
    const float scaled = x * kLog2e;
    const int32_t k = static_cast<int32_t>(scaled >= 0.0f ? scaled + 0.5f : scaled - 0.5f);
    const float kf = static_cast<float>(k);
    const float r = (x - kf * kLn2Hi) - kf * kLn2Lo;
    const float tail =
        r * r *
        (0.5f +
         r * (1.0f / 6.0f + r * (1.0f / 24.0f + r * (1.0f / 120.0f +
                                                     r * (1.0f / 720.0f + r * (1.0f / 5040.0f))))));
    const float mantissa = 1.0f + (r + tail);
    if (k > 127) {
        return mantissa * 2.0f * power_of_two(k - 1);
    }
    if (k < -126) {
        // The result is subnormal: scale in two steps (the second step rounds once).
        return mantissa * power_of_two(k + 64) * power_of_two(-64);
    }
    return mantissa * power_of_two(k);
}

float expm1_f32(float x)
{
    if (x != x) {
        return x;
    }
    if (x > -1.0f && x < 1.0f) {
        // Taylor series to x^12 / 12!: truncation below 2e-10 relative for |x| < 1.
        float p = 1.0f / 479001600.0f;
        const float inverse_factorials[] = {1.0f / 39916800.0f, 1.0f / 3628800.0f,
                                            1.0f / 362880.0f,   1.0f / 40320.0f,
                                            1.0f / 5040.0f,     1.0f / 720.0f,
                                            1.0f / 120.0f,      1.0f / 24.0f,
                                            1.0f / 6.0f,        0.5f};
        for (const float c : inverse_factorials) {
            p = c + x * p;
        }
        return x + x * x * p;
    }
    if (x < -18.0f) {
        return -1.0f;
    }
    return exp_f32(x) - 1.0f;
}

float log_f32(float x)
{
    if (x != x) {
        return x;
    }
    if (x < 0.0f) {
        return from_bits(0x7fc00000u);
    }
    if (x == 0.0f) {
        return from_bits(0xff800000u);
    }
    uint32_t bits = to_bits(x);
    if (bits >= 0x7f800000u) {
        return x; // +inf
    }
    int32_t exponent = 0;
    if (bits < 0x00800000u) {
        // Subnormal: make it normal first (exact).
        x *= 33554432.0f; // 2^25
        bits = to_bits(x);
        exponent = -25;
    }
    exponent += static_cast<int32_t>(bits >> 23) - 127;
    float m = from_bits((bits & 0x007fffffu) | 0x3f800000u);
    if (m > 1.41421353816986084f) {
        m *= 0.5f;
        exponent += 1;
    }
    const float f = m - 1.0f;
    const float s = f / (2.0f + f);
    const float z = s * s;
    const float r =
        z * (2.0f / 3.0f +
             z * (2.0f / 5.0f + z * (2.0f / 7.0f + z * (2.0f / 9.0f + z * (2.0f / 11.0f)))));
    const float half_f_squared = 0.5f * f * f;
    const float e = static_cast<float>(exponent);
    return e * kLn2Hi + (f - (half_f_squared - (s * (half_f_squared + r) + e * kLn2Lo)));
}

float tanh_f32(float x)
{
    if (x != x) {
        return x;
    }
    const float a = x < 0.0f ? -x : x;
    float t;
    if (a > 9.5f) {
        t = 1.0f; // tanh(9.5) rounds to 1 in float
    } else if (a < 0.55f) {
        // Near zero the quotient below loses up to 4 ulp; the odd Taylor series (coefficients
        // 2^2n (2^2n - 1) B_2n / (2n)!, to a^21: truncation below 1e-10 relative) keeps 1.
        const float z = a * a;
        const float coefficients[] = {-443861162.0f / 1856156927625.0f,
                                      6404582.0f / 10854718875.0f,
                                      -929569.0f / 638512875.0f,
                                      21844.0f / 6081075.0f,
                                      -1382.0f / 155925.0f,
                                      62.0f / 2835.0f,
                                      -17.0f / 315.0f,
                                      2.0f / 15.0f,
                                      -1.0f / 3.0f};
        float p = 18888466084.0f / 194896477400625.0f;
        for (const float c : coefficients) {
            p = c + z * p;
        }
        t = a + a * z * p;
    } else {
        // tanh(a) = -expm1(-2a) / (2 + expm1(-2a)): no cancellation for any a >= 0.
        const float e = expm1_f32(-2.0f * a);
        t = -e / (2.0f + e);
    }
    return x < 0.0f ? -t : t;
}

float sigmoid_f32(float x)
{
    if (x != x) {
        return x;
    }
    if (x >= 0.0f) {
        return 1.0f / (1.0f + exp_f32(-x));
    }
    const float e = exp_f32(x);
    return e / (1.0f + e);
}

} // namespace portable
} // namespace cmops
