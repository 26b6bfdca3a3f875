/*
 * nn_transpose_s8_core, Helium (MVE): each innermost output row is one run, written by a
 * tail-predicated low-overhead loop (see nn_mve_copy.h for why these are inline assembly). A
 * run whose input is contiguous is copied 16 bytes per VLDRB/VSTRB; a strided one is gathered
 * by VLDRB with a vector of offsets: 16 bytes per gather while 15 steps fit 8-bit offsets, 8
 * with 16-bit offsets, else 4 with 32-bit offsets. The offset vector and the gather width are
 * chosen once per block of rows, not per row. Consecutive contiguous rows that follow each
 * other in the input are copied as one run.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_mve_copy.h"

/* The rows of one output [a][b] block: out[c * run + d] = in[c * row_step + d * step] for
 * c < rows, d < run, step > 1, as gathers whose offsets fit LANE_BITS bits (8, 16 or 32): the
 * offset vector is built once for all rows, and each row is one tail-predicated loop. */
#define GATHER_ROWS(NAME, LANES, VIDUP, VMUL, LANE_T, SUFFIX)                                      \
    static int8_t *NAME(int8_t *out, const int8_t *in, int32_t rows, uint32_t run,                 \
                        size_t row_step, size_t step)                                              \
    {                                                                                              \
        const LANE_T offsets = VMUL(VIDUP(0, 1), step);                                            \
        const size_t advance = LANES * step;                                                       \
        int8x16_t scratch;                                                                         \
        for (int32_t c = 0; c < rows; ++c) {                                                       \
            const int8_t *row_in = in + (size_t)c * row_step;                                      \
            /* The loop's post-increment rounds up to whole vectors: each row starts afresh. */    \
            int8_t *row_out = out + (size_t)c * run;                                               \
            __asm volatile("   wlstp." SUFFIX " lr, %[count], 1f\n"                                \
                           "2: vldrb.u" SUFFIX " %q[t], [%[in], %q[offsets]]\n"                    \
                           "   vstrb." SUFFIX " %q[t], [%[out]], #" #LANES "\n"                    \
                           "   add %[in], %[in], %[advance]\n"                                     \
                           "   letp lr, 2b\n"                                                      \
                           "1:\n"                                                                  \
                           : [out] "+r"(row_out), [in] "+r"(row_in), [t] "=&w"(scratch)            \
                           : [count] "r"(run), [offsets] "w"(offsets), [advance] "r"(advance)      \
                           : "lr", "memory");                                                      \
        }                                                                                          \
        return out + (size_t)rows * run;                                                           \
    }

GATHER_ROWS(gather_rows_8, 16, vidupq_n_u8, vmulq_n_u8, uint8x16_t, "8")
GATHER_ROWS(gather_rows_16, 8, vidupq_n_u16, vmulq_n_u16, uint16x8_t, "16")
GATHER_ROWS(gather_rows_32, 4, vidupq_n_u32, vmulq_n_u32, uint32x4_t, "32")

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
            if (step[3] == 1) {
                for (int32_t c = 0; c < rows; ++c) {
                    nn_mve_copy_run(output, in + (size_t)c * step[2], (uint32_t)run);
                    output += run;
                }
            } else if (step[3] <= 255 / 15) {
                output = gather_rows_8(output, in, rows, (uint32_t)run, step[2], step[3]);
            } else if (step[3] <= 65535 / 7) {
                output = gather_rows_16(output, in, rows, (uint32_t)run, step[2], step[3]);
            } else {
                output = gather_rows_32(output, in, rows, (uint32_t)run, step[2], step[3]);
            }
        }
    }
}
