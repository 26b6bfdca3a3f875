/*
 * nn_transpose_s8_core, Helium (MVE): each innermost output row is one run. A run whose input
 * is contiguous is copied 16 bytes per VLDRB/VSTRB; a strided one is gathered: 16 bytes per
 * VLDRB gather when 15 steps fit its 8-bit offsets, 8 per gather with 16-bit offsets, else 4
 * with 32-bit offsets. The last step of a run is predicated.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"

/* out[i] = in[i * step] for i < count. */
static void gather_run(int8_t *out, const int8_t *in, int32_t count, size_t step)
{
    if (step == 1) {
        for (int32_t i = 0; i < count; i += 16) {
            const mve_pred16_t pred = vctp8q((uint32_t)(count - i));
            vstrbq_p_s8(out + i, vldrbq_z_s8(in + i, pred), pred);
        }
    } else if (step <= 255 / 15) {
        const uint8x16_t offsets = vmulq_n_u8(vidupq_n_u8(0, 1), (uint8_t)step);
        for (int32_t i = 0; i < count; i += 16) {
            const mve_pred16_t pred = vctp8q((uint32_t)(count - i));
            vstrbq_p_s8(out + i, vldrbq_gather_offset_z_s8(in, offsets, pred), pred);
            in += 16 * step;
        }
    } else if (step <= 65535 / 7) {
        const uint16x8_t offsets = vmulq_n_u16(vidupq_n_u16(0, 1), (uint16_t)step);
        for (int32_t i = 0; i < count; i += 8) {
            const mve_pred16_t pred = vctp16q((uint32_t)(count - i));
            vstrbq_p_s16(out + i, vldrbq_gather_offset_z_s16(in, offsets, pred), pred);
            in += 8 * step;
        }
    } else {
        const uint32x4_t offsets = vmulq_n_u32(vidupq_n_u32(0, 1), (uint32_t)step);
        for (int32_t i = 0; i < count; i += 4) {
            const mve_pred16_t pred = vctp32q((uint32_t)(count - i));
            vstrbq_p_s32(out + i, vldrbq_gather_offset_z_s32(in, offsets, pred), pred);
            in += 4 * step;
        }
    }
}

void nn_transpose_s8_core(const int8_t *input, int8_t *output, const int32_t out_sizes[4],
                          const size_t step[4])
{
    const int32_t run = out_sizes[3];
    for (int32_t a = 0; a < out_sizes[0]; ++a) {
        for (int32_t b = 0; b < out_sizes[1]; ++b) {
            const int8_t *in = input + a * step[0] + b * step[1];
            for (int32_t c = 0; c < out_sizes[2]; ++c) {
                gather_run(output, in, run, step[3]);
                output += run;
                in += step[2];
            }
        }
    }
}
