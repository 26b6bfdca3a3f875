/*
 * nn_elementwise_mul_s8_core, DSP extension: the arithmetic of arm_elementwise_mul_s8.
 *
 * With both input offsets in [-128, 128] every product (x1 + o1)(x2 + o2) is at most 2^16 in
 * magnitude, so for an output shift s <= 13 the value the doubling high multiply needs,
 * product << (max(s, 0) + 1), always fits int32 and the requantization is SMMULR of it (equal
 * to (x * m + 2^30) >> 31 then, see nn_dsp_requantize_row), then the rounding right shift for
 * s < 0: no overflow is possible and no check is needed. Four elements per step: SXTAB16 widens
 * both inputs' bytes (0, 2) and (1, 3) with their offsets, SMLABB/SMLATT with a zero addend form
 * the products (GCC 12 has no __smulbb). Other offsets or shifts take the portable loop
 * (nn_requantize, with its overflow refusal).
 */
#include "internal/nn_cores.h"
#include "internal/nn_dsp.h"
#include "internal/nn_support.h"

/* Largest output shift whose doubled left shift keeps every product (|p| <= 2^16) in int32. */
#define FAST_SHIFT_MAX 13

static inline int8_t requantize_product(int32_t product, int32_t left, int32_t multiplier,
                                        int32_t shift, int32_t out_offset, int32_t act_min,
                                        int32_t act_max)
{
    int32_t value = nn_dsp_smmulr((int32_t)((uint32_t)product << left), multiplier);
    if (shift < 0) {
        value = nn_round_shift_right(value, ~shift);
    }
    return nn_clamp_to_s8(value + out_offset, act_min, act_max);
}

arm_cmsis_nn_status nn_elementwise_mul_s8_core(const nn_mul_call *restrict call)
{
    const int32_t o1 = call->input_1_offset;
    const int32_t o2 = call->input_2_offset;
    const int32_t shift = call->out_shift;
    const int8_t *in1 = call->input_1_vect;
    const int8_t *in2 = call->input_2_vect;
    int8_t *out = call->output;
    const int32_t count = call->block_size;
    if (o1 < -128 || o1 > 128 || o2 < -128 || o2 > 128 || shift > FAST_SHIFT_MAX) {
        bool overflowed = false;
        for (int32_t i = 0; i < count; ++i) {
            const int32_t product = (in1[i] + o1) * (in2[i] + o2);
            const int32_t scaled =
                nn_requantize(product, call->out_mult, call->out_shift, &overflowed);
            out[i] = nn_clamp_to_s8(scaled + call->out_offset, call->out_activation_min,
                                    call->out_activation_max);
        }
        return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
    }
    const int32_t left = nn_dsp_left_amount(shift);
    const int32_t multiplier = call->out_mult;
    const int32_t out_offset = call->out_offset;
    const int32_t act_min = call->out_activation_min;
    const int32_t act_max = call->out_activation_max;
    const int32_t pair1 = nn_dsp_pair(o1);
    const int32_t pair2 = nn_dsp_pair(o2);
    int32_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const int32_t a = nn_dsp_read4(in1 + i);
        const int32_t b = nn_dsp_read4(in2 + i);
        const int32_t a_even = __sxtab16(pair1, a);
        const int32_t b_even = __sxtab16(pair2, b);
        const int32_t a_odd = nn_dsp_sxtab16_odd(pair1, a);
        const int32_t b_odd = nn_dsp_sxtab16_odd(pair2, b);
        out[i] = requantize_product(__smlabb(a_even, b_even, 0), left, multiplier, shift,
                                    out_offset, act_min, act_max);
        out[i + 1] = requantize_product(__smlabb(a_odd, b_odd, 0), left, multiplier, shift,
                                        out_offset, act_min, act_max);
        out[i + 2] = requantize_product(__smlatt(a_even, b_even, 0), left, multiplier, shift,
                                        out_offset, act_min, act_max);
        out[i + 3] = requantize_product(__smlatt(a_odd, b_odd, 0), left, multiplier, shift,
                                        out_offset, act_min, act_max);
    }
    for (; i < count; ++i) {
        out[i] = requantize_product((in1[i] + o1) * (in2[i] + o2), left, multiplier, shift,
                                    out_offset, act_min, act_max);
    }
    return ARM_CMSIS_NN_SUCCESS;
}
