/*
 * float_quant_mve.h: quantize_per_tensor and dequantize_per_tensor four floats at a time with
 * Helium's floating-point instructions (MVE-F: Cortex-M55 with FPU), byte-identical with the
 * scalar loops of the two operators. Elsewhere nothing is defined (CMOPS_HAVE_MVE_FLOAT is 0).
 * The operators take them for int8 (quantize's output, dequantize's input), the dtype the
 * exporter's programs use; uint8 and int16 keep the scalar loops, which saves 432 bytes of
 * .text in every M55 firmware.
 *
 * Why the bytes are the same. The vector loops do the scalar code's float32 operations in the
 * same order: quantize x * inv_scale (VMUL), round half to even (VRINTN, which is what
 * round_half_even computes for every float), + zero_point (VADD), then the clamp and conversion
 * in integers (VCVT toward zero of an integer-valued float is exact; infinities saturate to
 * INT32_MIN/MAX and clamp to the bounds as clamp_to_int does; NaN is caught by VCMP and gives 0,
 * as clamp_to_int gives, before any clamp). Dequantize: (float)q (VCVT, exact), - zero_point
 * (VSUB), * scale (VMUL). Both round to nearest even, as the scalar FPU does.
 *
 * The one difference of MVE arithmetic is that it runs with the Standard FPSCR value: subnormal
 * inputs and results are flushed to zero (and NaNs are the default NaN, which changes nothing
 * here). The callers take these loops only when the scale factor is in [2^-100, 2^100], and then
 * no flush can change a byte:
 *   quantize: a subnormal x (|x| < 2^-126) gives |x * inv_scale| < 2^-26 in the scalar code,
 *   which rounds to 0, as the flushed product does; a product that is itself subnormal rounds to
 *   0 on both paths; every later value is an integer, an infinity, NaN or zero;
 *   dequantize: q - zero_point is an integer, so the product is 0 or at least 2^-100 in
 *   magnitude (never subnormal), and no input is subnormal.
 * tests/kernels/firmware_corpus.py grades both on the simulated M55 against the reference,
 * including infinities, NaN, subnormal inputs, ties and scales outside the range.
 */
#ifndef M55ML_CC_OPS_INTERNAL_FLOAT_QUANT_MVE_H_
#define M55ML_CC_OPS_INTERNAL_FLOAT_QUANT_MVE_H_

#include <stdint.h>

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)
#include <arm_mve.h>
#define CMOPS_HAVE_MVE_FLOAT 1
#else
#define CMOPS_HAVE_MVE_FLOAT 0
#endif

namespace cmops
{

/** Whether the vector loops compute exactly what the scalar ones do for this scale factor
 * (inv_scale for quantize, scale for dequantize): see above. */
inline bool mve_float_scale_is_exact(float factor)
{
    return CMOPS_HAVE_MVE_FLOAT && factor >= 0x1p-100f && factor <= 0x1p100f;
}

#if CMOPS_HAVE_MVE_FLOAT

/** Quantizes the first count - count % 4 values of in (contiguous) into out; returns how many. */
template <typename T>
int64_t quantize_mve(const float *in, T *out, int64_t count, float inv_scale, float zero_point,
                     int32_t quant_min, int32_t quant_max)
{
    const int32x4_t lo = vdupq_n_s32(quant_min);
    const int32x4_t hi = vdupq_n_s32(quant_max);
    const int32x4_t zero = vdupq_n_s32(0);
    const int64_t whole = count & ~static_cast<int64_t>(3);
    for (int64_t i = 0; i < whole; i += 4) {
        const float32x4_t shifted =
            vaddq_n_f32(vrndnq_f32(vmulq_n_f32(vld1q_f32(in + i), inv_scale)), zero_point);
        int32x4_t q = vminq_s32(vmaxq_s32(vcvtq_s32_f32(shifted), lo), hi);
        q = vpselq_s32(q, zero, vcmpeqq_f32(shifted, shifted));
        if (sizeof(T) == 1) {
            vstrbq_s32(reinterpret_cast<int8_t *>(out + i), q);
        } else {
            vstrhq_s32(reinterpret_cast<int16_t *>(out + i), q);
        }
    }
    return whole;
}

/** Dequantizes the first count - count % 4 values of in (contiguous) into out; returns how many. */
template <typename T>
int64_t dequantize_mve(const T *in, float *out, int64_t count, float scale, float zero_point)
{
    const int64_t whole = count & ~static_cast<int64_t>(3);
    for (int64_t i = 0; i < whole; i += 4) {
        int32x4_t q;
        if (sizeof(T) == 2) {
            q = vldrhq_s32(reinterpret_cast<const int16_t *>(in + i));
        } else if (static_cast<T>(-1) < 0) {
            q = vldrbq_s32(reinterpret_cast<const int8_t *>(in + i));
        } else {
            q = vreinterpretq_s32_u32(vldrbq_u32(reinterpret_cast<const uint8_t *>(in + i)));
        }
        vst1q_f32(out + i, vmulq_n_f32(vsubq_n_f32(vcvtq_f32_s32(q), zero_point), scale));
    }
    return whole;
}

#endif

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_FLOAT_QUANT_MVE_H_ */
