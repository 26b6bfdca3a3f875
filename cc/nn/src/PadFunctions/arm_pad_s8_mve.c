/*
 * nn_pad_s8_core, Helium (MVE): the output is written front to back as alternating runs of pad
 * bytes and copies of input channel rows. Adjacent pad runs (the post-pad of one row, the
 * pre-pad of the next, whole rows outside the input) are merged into one run, and an input row
 * without channel padding is copied as one run; each run is a tail-predicated loop of 16 bytes
 * per VSTRB (nn_mve_copy.h), no library call.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve_copy.h"

static inline void fill_run(int8_t *out, int8_t value, size_t count)
{
    nn_mve_fill_run(out, value, (uint32_t)count);
}

static inline void copy_run(int8_t *out, const int8_t *in, size_t count)
{
    nn_mve_copy_run(out, in, (uint32_t)count);
}

void nn_pad_s8_core(const int8_t *input, int8_t *output, int8_t pad_value,
                    const cmsis_nn_dims *input_size, const cmsis_nn_dims *pre_pad,
                    const cmsis_nn_dims *post_pad)
{
    const size_t out_c = (size_t)pre_pad->c + input_size->c + post_pad->c;
    const size_t out_w = (size_t)pre_pad->w + input_size->w + post_pad->w;
    const size_t out_h = (size_t)pre_pad->h + input_size->h + post_pad->h;
    const size_t in_c = (size_t)input_size->c;
    const size_t gap_c = (size_t)post_pad->c + pre_pad->c; /* between two copied pixels */
    /* Pad bytes owed before the next copy. */
    size_t pending = (size_t)pre_pad->n * out_h * out_w * out_c;
    for (int32_t n = 0; n < input_size->n; ++n) {
        pending += (size_t)pre_pad->h * out_w * out_c;
        for (int32_t h = 0; h < input_size->h; ++h) {
            pending += (size_t)pre_pad->w * out_c + pre_pad->c;
            if (gap_c == 0) {
                fill_run(output, pad_value, pending);
                output += pending;
                copy_run(output, input, in_c * input_size->w);
                output += in_c * input_size->w;
                input += in_c * input_size->w;
                pending = 0;
            } else {
                for (int32_t w = 0; w < input_size->w; ++w) {
                    fill_run(output, pad_value, pending);
                    output += pending;
                    copy_run(output, input, in_c);
                    output += in_c;
                    input += in_c;
                    pending = gap_c;
                }
                pending = 0; /* the last pixel's post-pad is added below */
            }
            pending += post_pad->c + (size_t)post_pad->w * out_c;
        }
        pending += (size_t)post_pad->h * out_w * out_c;
    }
    pending += (size_t)post_pad->n * out_h * out_w * out_c;
    fill_run(output, pad_value, pending);
}
