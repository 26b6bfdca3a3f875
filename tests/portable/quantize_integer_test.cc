// quantize_integer_test: cortex_m::quantize_per_tensor's integer path (cc/ops/internal/
// quantize_integer.h, what FPU-less cores run) against its float32 reference expression
// (round_half_even(x * inv_scale) + zero_point, clamp_to_int), evaluated by the host's IEEE
// float unit, for every input of these sweeps:
//   - scales: exact powers of two (products land exactly on .5 ties), MobileNetV2-like scales,
//     1/3, 0.1, and scales spread over the whole float exponent range (inv_scale from ~2^-126 to
//     ~2^126, so subnormal inputs can round to nonzero integers), seeded;
//   - zero points -65536, -128, -1, 0, 3, 127, 65536, ranges of int8, uint8, int16 and narrow ones;
//   - inputs: every exponent (both signs, edge and random significands, subnormals, zeros,
//     infinities, NaNs with several payloads); 96 ulps on either side of every .5 tie
//     k + 1/2 for k in [-300, 300], of the range ends, of the 2^21 clamp limit and of 2^23;
//     random bit patterns.
// Every result must be equal. The sweep must also meet exact float ties of both parities and
// products whose exact value is not a tie but whose float rounding is (the double rounding the
// integer path must reproduce), or it proves nothing and fails.
//
// Built with QUANTIZE_INTEGER_ON_DEVICE it runs a smaller sweep of the same kinds on the
// simulated Cortex-M3 (tests/portable:quantize_integer_m3_test), where the float expression is
// the soft-float code the M3 ran before, and the integer path is the M3's own compiled code.
#include <cmath>
#include <cstdint>
#include <cstring>

#ifdef QUANTIZE_INTEGER_ON_DEVICE
#include "cc/boards/common/board.h"
#define REPORT board_printf
#else
#include <cstdio>
#define REPORT std::printf
#endif

#include "cc/ops/internal/float_rounding.h"
#include "cc/ops/internal/quantize_integer.h"

namespace
{

#ifdef QUANTIZE_INTEGER_ON_DEVICE
constexpr int32_t kTieRange = 140;      // ties k + 1/2 for k in [-kTieRange, kTieRange]
constexpr int32_t kUlps = 24;           // floats on either side of each tie and limit
constexpr int32_t kRandomInputs = 2000; // random bit patterns per configuration
constexpr int32_t kRandomPerExponent = 8;
constexpr int32_t kZeroPointsPerScale = 1;
constexpr int32_t kSpreadScales = 8;
#else
constexpr int32_t kTieRange = 300;
constexpr int32_t kUlps = 96;
constexpr int32_t kRandomInputs = 200000;
constexpr int32_t kRandomPerExponent = 48;
constexpr int32_t kZeroPointsPerScale = 7;
constexpr int32_t kSpreadScales = 60;
#endif

uint64_t random_state = 0x243F6A8885A308D3ull;

uint32_t next_random()
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return static_cast<uint32_t>(random_state >> 32);
}

float from_bits(uint32_t bits)
{
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

struct Config {
    float inv_scale;
    int32_t zero_point;
    int32_t quant_min;
    int32_t quant_max;
};

uint64_t checked;
uint64_t mismatches;
uint64_t ties_even;       // float product exactly k + 1/2 with k even
uint64_t ties_odd;        // ... with k odd
uint64_t rounded_to_ties; // exact product not a tie, float product a tie
uint64_t nonzero_subnormal;

int32_t reference(const Config &config, float x)
{
    const float scaled = cmops::round_half_even(x * config.inv_scale);
    return cmops::clamp_to_int(scaled + static_cast<float>(config.zero_point), config.quant_min,
                               config.quant_max);
}

void check(const Config &config, const cmops::IntegerQuantizer &quantizer, uint32_t bits)
{
    const float x = from_bits(bits);
    const int32_t want = reference(config, x);
    const int32_t got = cmops::quantize_integer(quantizer, bits);
    ++checked;
    const float product = x * config.inv_scale;
    if (std::isfinite(product) && std::fabs(product) < 8388608.0f) {
        const float fraction = product - std::trunc(product);
        if (std::fabs(fraction) == 0.5f) {
            const int64_t k = static_cast<int64_t>(std::trunc(product));
            ((k & 1) == 0 ? ties_even : ties_odd) += 1;
            // Both factors have 24-bit significands: the double product is exact (no overflow
            // or underflow in this range).
            const double exact = static_cast<double>(x) * static_cast<double>(config.inv_scale);
            rounded_to_ties += exact != static_cast<double>(product);
        }
    }
    if ((bits & 0x7f800000u) == 0 && (bits & 0x7fffffu) != 0 && want != reference(config, 0.0f)) {
        ++nonzero_subnormal;
    }
    if (got != want) {
        if (mismatches < 20) {
            REPORT(
                "MISMATCH inv_scale bits 0x%08lx zp %ld range [%ld, %ld] x bits 0x%08lx: got %ld "
                "want %ld\n",
                static_cast<unsigned long>(cmops::float_bits(config.inv_scale)),
                static_cast<long>(config.zero_point), static_cast<long>(config.quant_min),
                static_cast<long>(config.quant_max), static_cast<unsigned long>(bits),
                static_cast<long>(got), static_cast<long>(want));
        }
        ++mismatches;
    }
}

// `count` floats on either side of `center` (positive or negative), and `center` itself.
void sweep_around(const Config &config, const cmops::IntegerQuantizer &quantizer, float center,
                  int32_t count)
{
    if (!std::isfinite(center)) {
        return;
    }
    float up = center;
    float down = center;
    check(config, quantizer, cmops::float_bits(center));
    for (int32_t i = 0; i < count; ++i) {
        up = std::nextafter(up, INFINITY);
        down = std::nextafter(down, -INFINITY);
        check(config, quantizer, cmops::float_bits(up));
        check(config, quantizer, cmops::float_bits(down));
    }
}

void run_config(const Config &config)
{
    cmops::IntegerQuantizer quantizer;
    if (!cmops::quantize_integer_applies(config.inv_scale, config.zero_point, config.quant_min,
                                         config.quant_max, &quantizer)) {
        REPORT("config refused unexpectedly: inv_scale bits 0x%08lx zp %ld\n",
               static_cast<unsigned long>(cmops::float_bits(config.inv_scale)),
               static_cast<long>(config.zero_point));
        ++mismatches;
        return;
    }
    // Every exponent, both signs.
    static const uint32_t significands[] = {0u,        1u,        2u,        3u,        0x400000u,
                                            0x400001u, 0x3fffffu, 0x7ffffeu, 0x7fffffu, 0x555555u};
    for (uint32_t sign = 0; sign < 2; ++sign) {
        for (uint32_t exponent = 0; exponent < 256; ++exponent) {
            for (uint32_t s : significands) {
                check(config, quantizer, (sign << 31) | (exponent << 23) | s);
            }
            for (int32_t i = 0; i < kRandomPerExponent; ++i) {
                check(config, quantizer, (sign << 31) | (exponent << 23) | (next_random() >> 9));
            }
        }
    }
    // Around every .5 tie of the products that can land in range, in input space.
    const double inv = static_cast<double>(config.inv_scale);
    for (int32_t k = -kTieRange; k <= kTieRange; ++k) {
        sweep_around(config, quantizer, static_cast<float>((k + 0.5) / inv), kUlps);
    }
    // Around the range ends (minus the zero point), the clamp limit and 2^23.
    const double ends[] = {static_cast<double>(config.quant_min) - config.zero_point - 0.5,
                           static_cast<double>(config.quant_max) - config.zero_point + 0.5,
                           2097152.0,
                           -2097152.0,
                           2097151.5,
                           -2097151.5,
                           8388608.0,
                           -8388608.0,
                           0.5,
                           -0.5};
    for (double end : ends) {
        sweep_around(config, quantizer, static_cast<float>(end / inv), kUlps);
    }
    // Random bit patterns.
    for (int32_t i = 0; i < kRandomInputs; ++i) {
        check(config, quantizer, next_random());
    }
}

} // namespace

int main()
{
    const float fixed_inv_scales[] = {
        1.0f,      2.0f,          0.5f,         64.0f,    1.0f / 64.0f,
        3.0f,      1.0f / 3.0f,   10.0f,        0.1f,     48.80f,
        58.38f,    39.12f,        0x1p-120f,    0x1p120f, 0x1.fffffep126f,
        0x1p-126f, 0x1.000002p0f, 0x1.7ffffep4f};
    const int32_t zero_points[] = {-65536, -128, -1, 0, 3, 127, 65536};
    struct Range {
        int32_t lo;
        int32_t hi;
    };
    const Range ranges[] = {{-128, 127}, {0, 255}, {-32768, 32767}, {-10, 10}, {5, 5}};

    int32_t configs = 0;
    for (float inv : fixed_inv_scales) {
        for (int32_t z = 0; z < kZeroPointsPerScale; ++z) {
            // The short sweep leaves out the pairs that clamp every input (+-65536 with a
            // narrow range, the single-value range): it has no results to spare.
            const int32_t zp =
                kZeroPointsPerScale == 7 ? zero_points[z] : zero_points[1 + configs % 5];
            const Range range =
                ranges[static_cast<uint32_t>(configs) % (kZeroPointsPerScale == 7 ? 5 : 4)];
            run_config({inv, zp, range.lo, range.hi});
            ++configs;
        }
    }
    // Scales from all over the exponent range, as (float)(1.0 / scale) is formed.
    for (int32_t i = 0; i < kSpreadScales; ++i) {
        const double scale = std::ldexp(1.0 + (next_random() >> 8) * 0x1p-24,
                                        static_cast<int>(next_random() % 240) - 120);
        const float inv = static_cast<float>(1.0 / scale);
        const Range range = ranges[next_random() % 5];
        run_config({inv, zero_points[next_random() % 7], range.lo, range.hi});
        ++configs;
    }

    // Calls the integer path does not take: they keep the float path.
    cmops::IntegerQuantizer unused;
    const bool refusals_ok = !cmops::quantize_integer_applies(0.0f, 0, -128, 127, &unused) &&
                             !cmops::quantize_integer_applies(INFINITY, 0, -128, 127, &unused) &&
                             !cmops::quantize_integer_applies(0x1p-130f, 0, -128, 127, &unused) &&
                             !cmops::quantize_integer_applies(1.0f, 65537, -128, 127, &unused) &&
                             !cmops::quantize_integer_applies(1.0f, -65537, -128, 127, &unused) &&
                             !cmops::quantize_integer_applies(1.0f, 0, -32769, 127, &unused) &&
                             !cmops::quantize_integer_applies(1.0f, 0, 0, 65536, &unused);

    REPORT("quantize_integer: %ld configurations, %llu inputs, %llu mismatches; float ties "
           "%llu even, %llu odd (%llu only after the float product's rounding), %llu "
           "subnormal inputs not rounding to zero\n",
           static_cast<long>(configs), static_cast<unsigned long long>(checked),
           static_cast<unsigned long long>(mismatches), static_cast<unsigned long long>(ties_even),
           static_cast<unsigned long long>(ties_odd),
           static_cast<unsigned long long>(rounded_to_ties),
           static_cast<unsigned long long>(nonzero_subnormal));
    bool ok = mismatches == 0 && refusals_ok;
    if (!refusals_ok) {
        REPORT("a configuration the integer path cannot reproduce was accepted\n");
    }
    if (ties_even == 0 || ties_odd == 0 || rounded_to_ties == 0 || nonzero_subnormal == 0) {
        REPORT("the sweep missed ties of a parity, double-rounding ties or subnormals that "
               "matter: it would not catch an error there\n");
        ok = false;
    }
    return ok ? 0 : 1;
}
