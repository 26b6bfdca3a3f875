/*
 * nn_transpose_s8_core, Helium (MVE): each innermost output row is one run, written by a
 * tail-predicated low-overhead loop (see nn_mve_copy.h for why these are inline assembly). A
 * run whose input is contiguous is copied 16 bytes per VLDRB/VSTRB; a strided one is gathered
 * by VLDRB with a vector of offsets: 16 bytes per gather while 15 steps fit 8-bit offsets, 8
 * with 16-bit offsets, else 4 with 32-bit offsets. Consecutive contiguous rows that follow each
 * other in the input are copied as one run.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_mve_copy.h"

/* out[i] = in[i * step] for i < count, step > 1. */
static void gather_run(int8_t *out, const int8_t *in, uint32_t count, size_t step)
{
    int8x16_t scratch;
    if (step <= 255 / 15) {
        const uint8x16_t offsets = vmulq_n_u8(vidupq_n_u8(0, 1), (uint8_t)step);
        __asm volatile("   wlstp.8 lr, %[count], 1f\n"
                       "2: vldrb.u8 %q[t], [%[in], %q[offsets]]\n"
                       "   vstrb.8 %q[t], [%[out]], #16\n"
                       "   add %[in], %[in], %[advance]\n"
                       "   letp lr, 2b\n"
                       "1:\n"
                       : [out] "+r"(out), [in] "+r"(in), [t] "=&w"(scratch)
                       : [count] "r"(count), [offsets] "w"(offsets), [advance] "r"(16 * step)
                       : "lr", "memory");
    } else if (step <= 65535 / 7) {
        const uint16x8_t offsets = vmulq_n_u16(vidupq_n_u16(0, 1), (uint16_t)step);
        __asm volatile("   wlstp.16 lr, %[count], 1f\n"
                       "2: vldrb.u16 %q[t], [%[in], %q[offsets]]\n"
                       "   vstrb.16 %q[t], [%[out]], #8\n"
                       "   add %[in], %[in], %[advance]\n"
                       "   letp lr, 2b\n"
                       "1:\n"
                       : [out] "+r"(out), [in] "+r"(in), [t] "=&w"(scratch)
                       : [count] "r"(count), [offsets] "w"(offsets), [advance] "r"(8 * step)
                       : "lr", "memory");
    } else {
        const uint32x4_t offsets = vmulq_n_u32(vidupq_n_u32(0, 1), (uint32_t)step);
        __asm volatile("   wlstp.32 lr, %[count], 1f\n"
                       "2: vldrb.u32 %q[t], [%[in], %q[offsets]]\n"
                       "   vstrb.32 %q[t], [%[out]], #4\n"
                       "   add %[in], %[in], %[advance]\n"
                       "   letp lr, 2b\n"
                       "1:\n"
                       : [out] "+r"(out), [in] "+r"(in), [t] "=&w"(scratch)
                       : [count] "r"(count), [offsets] "w"(offsets), [advance] "r"(4 * step)
                       : "lr", "memory");
    }
}

void nn_transpose_s8_core(const int8_t *input, int8_t *output, const int32_t out_sizes[4],
                          const size_t step[4])
{
    int32_t run = out_sizes[3];
    int32_t rows = out_sizes[2];
    if (step[3] == 1 && step[2] == (size_t)run) {
        /* The rows of the innermost two dimensions follow each other in the input. */
        run *= rows;
        rows = 1;
    }
    for (int32_t a = 0; a < out_sizes[0]; ++a) {
        for (int32_t b = 0; b < out_sizes[1]; ++b) {
            const int8_t *in = input + a * step[0] + b * step[1];
            for (int32_t c = 0; c < rows; ++c) {
                if (step[3] == 1) {
                    nn_mve_copy_run(output, in, (uint32_t)run);
                } else {
                    gather_run(output, in, (uint32_t)run, step[3]);
                }
                output += run;
                in += step[2];
            }
        }
    }
}
