/*
 * nn_convolve_1x1_s8_core, Helium (MVE): the pointwise convolution of arm_convolve_1x1_s8.
 *
 * A pointwise convolution is a matrix product (pixels x C_IN) by (C_IN x C_OUT). Four pixels
 * (input rows) at a time go through nn_mve_rows_by_filters, defined here and shared with the
 * im2col path of arm_convolve_s8_mve.c: two filter rows per pass over the four interleaved
 * input rows (VMLADAVA, 16 products per instruction), then four channels per vector
 * requantized for the four pixels. Input channels that are not a multiple of 16 finish with a
 * zero-padded step. No scratch buffer is needed.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

/* nn_mve_rows_by_filters (declared and described in internal/nn_mve.h) and its pieces, kept
 * once for this core and the im2col path of arm_convolve_s8_mve.c; the requantization of its
 * sums (nn_mve_finish_rows) is in internal/nn_mve.h, shared with the transposed convolution. */

/* Interleaves values [k0, k0 + length) of four rows, 16 at a time, into packed (row r's step s
 * at packed + 64 * s + 16 * r), zero-padding the last step. */
static inline void nn_mve_pack_rows(const int8_t *const rows[4], int32_t k0, int32_t length,
                                    int8_t *packed)
{
    const int32_t full_steps = length >> 4;
    const int32_t tail = length & 15;
    for (int32_t r = 0; r < 4; ++r) {
        const int8_t *src = rows[r] + k0;
        int8_t *dst = packed + 16 * r;
        for (int32_t step = 0; step < full_steps; ++step) {
            vstrbq_s8(dst, vldrbq_s8(src));
            src += 16;
            dst += 64;
        }
        if (tail != 0) {
            vstrbq_s8(dst, vldrbq_z_s8(src, vctp8q((uint32_t)tail)));
        }
    }
}

/* The eight VMLADAVA(A) of one 16-value step of nn_mve_pair_steps: `op` is "vmladav" (the
 * first step: the sums start from its products) or "vmladava". */
#define NN_MVE_PAIR_STEP(op)                                                                       \
    "vldrb.u8 q0, [%[pa]], #16\n\t"                                                                \
    "vldrb.u8 q1, [%[pb]], #16\n\t"                                                                \
    "vldrb.u8 q2, [%[px]], #16\n\t"                                                                \
    "vldrb.u8 q3, [%[px]], #16\n\t" op ".s8 %[a0], q2, q0\n\t" op ".s8 %[b0], q2, q1\n\t"          \
    "vldrb.u8 q2, [%[px]], #16\n\t" op ".s8 %[a1], q3, q0\n\t" op ".s8 %[b1], q3, q1\n\t"          \
    "vldrb.u8 q3, [%[px]], #16\n\t" op ".s8 %[a2], q2, q0\n\t" op ".s8 %[b2], q2, q1\n\t" op       \
    ".s8 %[a3], q3, q0\n\t" op ".s8 %[b3], q3, q1\n\t"

/*
 * Dot products of two filter rows (wa, wb) with the four packed rows at x, `steps` (>= 1)
 * 16-value steps, into column i (row wa) and i + 1 (row wb) of *sums: added to the sums there
 * when `accumulate`, else the first step's products start them (no zeroing). Two filter rows
 * share every input load: 6 loads and 8 VMLADAVA per 128 multiply-accumulates. VMLADAVA
 * accumulates only into even registers, and the eight sums need all of them, LR included (so
 * the loop counts with SUBS/BNE rather than LE): GCC cannot be asked for that allocation from
 * C (it spills), hence the assembly.
 */
static inline __attribute__((always_inline)) void
nn_mve_pair_steps(const int8_t *x, const int8_t *wa, const int8_t *wb, int32_t steps,
                  nn_mve_row_sums *sums, int32_t i, bool accumulate)
{
    register int32_t a0 __asm__("r0");
    register int32_t b0 __asm__("r2");
    register int32_t a1 __asm__("r4");
    register int32_t b1 __asm__("r6");
    register int32_t a2 __asm__("r8");
    register int32_t b2 __asm__("r10");
    register int32_t a3 __asm__("r12");
    register int32_t b3 __asm__("r14");
    register const int8_t *px __asm__("r1") = x;
    register const int8_t *pa __asm__("r3") = wa;
    register const int8_t *pb __asm__("r5") = wb;
    register int32_t n __asm__("r9") = steps;
    if (accumulate) {
        a0 = (*sums)[0][i];
        b0 = (*sums)[0][i + 1];
        a1 = (*sums)[1][i];
        b1 = (*sums)[1][i + 1];
        a2 = (*sums)[2][i];
        b2 = (*sums)[2][i + 1];
        a3 = (*sums)[3][i];
        b3 = (*sums)[3][i + 1];
        __asm__ volatile("1:\n\t" NN_MVE_PAIR_STEP("vmladava") "subs %[n], %[n], #1\n\t"
                                                               "bne 1b"
                         : [a0] "+r"(a0), [b0] "+r"(b0), [a1] "+r"(a1), [b1] "+r"(b1),
                           [a2] "+r"(a2), [b2] "+r"(b2), [a3] "+r"(a3), [b3] "+r"(b3),
                           [px] "+r"(px), [pa] "+r"(pa), [pb] "+r"(pb), [n] "+r"(n)
                         :
                         : "q0", "q1", "q2", "q3", "cc", "memory");
    } else {
        __asm__ volatile(NN_MVE_PAIR_STEP("vmladav") "subs %[n], %[n], #1\n\t"
                                                     "beq 2f\n"
                                                     "1:\n\t" NN_MVE_PAIR_STEP(
                                                         "vmladava") "subs %[n], %[n], #1\n\t"
                                                                     "bne 1b\n"
                                                                     "2:"
                         : [a0] "=&r"(a0), [b0] "=&r"(b0), [a1] "=&r"(a1), [b1] "=&r"(b1),
                           [a2] "=&r"(a2), [b2] "=&r"(b2), [a3] "=&r"(a3), [b3] "=&r"(b3),
                           [px] "+r"(px), [pa] "+r"(pa), [pb] "+r"(pb), [n] "+r"(n)
                         :
                         : "q0", "q1", "q2", "q3", "cc", "memory");
    }
    (*sums)[0][i] = a0;
    (*sums)[0][i + 1] = b0;
    (*sums)[1][i] = a1;
    (*sums)[1][i + 1] = b1;
    (*sums)[2][i] = a2;
    (*sums)[2][i + 1] = b2;
    (*sums)[3][i] = a3;
    (*sums)[3][i + 1] = b3;
}

/* The channel pairs of one packed chunk (see nn_mve_rows_by_filters); `accumulate` a constant
 * where this is inlined. Every pair but the last runs all `steps`: a partial last step reads
 * the filter row's next bytes, in the next row, against zero padding. The last pair (whose
 * second row may be the filter's last, or repeat the first row for an odd count) loads its
 * last step predicated. */
static inline __attribute__((always_inline)) void
nn_mve_pairs_of_chunk(const int8_t *packed, const int8_t *w, int32_t depth, int32_t count,
                      int32_t steps, int32_t tail, nn_mve_row_sums *sums, bool accumulate)
{
    const int32_t last_pair = (count - 1) & ~1;
    int32_t i = 0;
    for (; i < last_pair; i += 2) {
        nn_mve_pair_steps(packed, w, w + depth, steps, sums, i, accumulate);
        w += 2 * depth;
    }
    const int8_t *wb = i + 1 < count ? w + depth : w;
    if (steps > 1) {
        nn_mve_pair_steps(packed, w, wb, steps - 1, sums, i, accumulate);
    } else if (!accumulate) {
        for (int32_t r = 0; r < 4; ++r) {
            (*sums)[r][i] = 0;
            (*sums)[r][i + 1] = 0;
        }
    }
    const mve_pred16_t pred = vctp8q((uint32_t)(tail != 0 ? tail : 16));
    const int32_t offset = 16 * (steps - 1);
    const int8x16_t va = vldrbq_z_s8(w + offset, pred);
    const int8x16_t vb = vldrbq_z_s8(wb + offset, pred);
    for (int32_t r = 0; r < 4; ++r) {
        const int8x16_t xv = vldrbq_s8(packed + 4 * offset + 16 * r);
        (*sums)[r][i] = vmladavaq_s8((*sums)[r][i], xv, va);
        (*sums)[r][i + 1] = vmladavaq_s8((*sums)[r][i + 1], xv, vb);
    }
}

void nn_mve_rows_by_filters(const int8_t *rows, int32_t row_stride, int32_t row_count,
                            int32_t depth, const int8_t *filter, int32_t oc_begin, int32_t oc_end,
                            const int32_t *base, const int32_t *multiplier, const int32_t *shift,
                            int32_t output_offset, int32_t act_min, int32_t act_max, int8_t *out,
                            int32_t out_row_stride, nn_mve_shift_class shift_class,
                            mve_pred16_t *overflow)
{
    nn_mve_row_sums sums;
    const int32_t count = oc_end - oc_begin;
    const int8_t *w = filter + (size_t)oc_begin * depth;
    /* Rows beyond row_count repeat row 0 (their sums are not used). */
    const int8_t *const sources[4] = {
        rows,
        rows + (row_count > 1 ? row_stride : 0),
        rows + (row_count > 2 ? 2 * row_stride : 0),
        rows + (row_count > 3 ? 3 * row_stride : 0),
    };

    if (depth <= 16) {
        const mve_pred16_t pred = vctp8q((uint32_t)depth);
        const int8x16_t x0 = vldrbq_z_s8(sources[0], pred);
        const int8x16_t x1 = vldrbq_z_s8(sources[1], pred);
        const int8x16_t x2 = vldrbq_z_s8(sources[2], pred);
        const int8x16_t x3 = vldrbq_z_s8(sources[3], pred);
        /* The inputs' inactive lanes are zero, so a weight load may run past its row into the
         * next ones while 16 bytes of the chunk's rows remain; the last rows load predicated. */
        const int32_t unpredicated = count + 1 - (16 + depth - 1) / depth;
        int32_t i = 0;
        for (; i < unpredicated; ++i) {
            const int8x16_t wv = vldrbq_s8(w);
            sums[0][i] = vmladavq_s8(x0, wv);
            sums[1][i] = vmladavq_s8(x1, wv);
            sums[2][i] = vmladavq_s8(x2, wv);
            sums[3][i] = vmladavq_s8(x3, wv);
            w += depth;
        }
        for (; i < count; ++i) {
            const int8x16_t wv = vldrbq_z_s8(w, pred);
            sums[0][i] = vmladavq_s8(x0, wv);
            sums[1][i] = vmladavq_s8(x1, wv);
            sums[2][i] = vmladavq_s8(x2, wv);
            sums[3][i] = vmladavq_s8(x3, wv);
            w += depth;
        }
    } else {
        int8_t packed[4 * NN_MVE_PACKED_DEPTH] __attribute__((aligned(16)));
        for (int32_t k0 = 0; k0 < depth; k0 += NN_MVE_PACKED_DEPTH) {
            const int32_t length =
                depth - k0 < NN_MVE_PACKED_DEPTH ? depth - k0 : NN_MVE_PACKED_DEPTH;
            const int32_t steps = (length + 15) >> 4;
            const int32_t tail = length & 15;
            nn_mve_pack_rows(sources, k0, length, packed);
            if (k0 == 0) {
                nn_mve_pairs_of_chunk(packed, w, depth, count, steps, tail, &sums, false);
            } else {
                nn_mve_pairs_of_chunk(packed, w + k0, depth, count, steps, tail, &sums, true);
            }
        }
    }
    nn_mve_finish_rows((const nn_mve_row_sums *)&sums, row_count, count, base,
                       multiplier + oc_begin, shift + oc_begin, output_offset, act_min, act_max,
                       out + oc_begin, out_row_stride, shift_class, overflow);
}

arm_cmsis_nn_status nn_convolve_1x1_s8_core(const nn_conv_call *restrict call)
{
    const int32_t in_c = call->input_dims->c;
    const int32_t out_c = call->output_dims->c;
    const int32_t pixels = call->output_dims->n * call->output_dims->h * call->output_dims->w;
    const bool dense = call->conv_params->stride.h == 1 && call->conv_params->stride.w == 1 &&
                       call->output_dims->h == call->input_dims->h &&
                       call->output_dims->w == call->input_dims->w;
    /* Dense input: four consecutive pixels are four rows in_c apart; strided: one at a time. */
    const int32_t per_block = dense ? 4 : 1;
    int32_t base[NN_MVE_CHANNEL_CHUNK];
    const nn_mve_shift_class shift_class = nn_mve_classify_shifts(call->quant_params->shift, out_c);
    mve_pred16_t overflow = 0;
    for (int32_t oc = 0; oc < out_c; oc += NN_MVE_CHANNEL_CHUNK) {
        const int32_t oc_end =
            out_c - oc < NN_MVE_CHANNEL_CHUNK ? out_c : oc + NN_MVE_CHANNEL_CHUNK;
        const nn_mve_shift_class chunk_class = nn_mve_filter_bases(
            call->filter_data, in_c, call->bias_data, call->conv_params->input_offset,
            call->quant_params->shift, oc, oc_end, shift_class, base);
        for (int32_t p = 0; p < pixels; p += per_block) {
            const int32_t count = pixels - p < per_block ? pixels - p : per_block;
            const int8_t *rows =
                dense ? call->input_data + (size_t)p * in_c
                      : nn_pointwise_input_pixel(call->input_data, call->input_dims,
                                                 call->output_dims, &call->conv_params->stride, p);
            nn_mve_rows_by_filters(
                rows, in_c, count, in_c, call->filter_data, oc, oc_end, base,
                call->quant_params->multiplier, call->quant_params->shift,
                call->conv_params->output_offset, call->conv_params->activation.min,
                call->conv_params->activation.max, call->output_data + (size_t)p * out_c, out_c,
                chunk_class, &overflow);
        }
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
