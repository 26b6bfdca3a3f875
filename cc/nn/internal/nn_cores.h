/*
 * nn_cores.h: the inner cores behind the public kernels (not public API).
 *
 * Each public CMSIS-NN function has one home, src/<Family>/<function>.c, holding its entry
 * point, its argument checks and its *_get_buffer_size. Once the arguments are checked it packs
 * them into one of the call structs below and hands them to the inner core of its family. Every
 * core exists once per ISA class, in src/<Family>/<core file>_{scalar,dsp,mve}.c, and the build
 * links exactly one of them (cc/nn/kernel_sources.bzl); a class without its own version of a
 * core links the scalar one. A core may assume the checks of its callers have passed; it
 * reports only what it finds while computing (an overflowing requantization, a pooling window
 * wholly in the padding) as ARM_CMSIS_NN_ARG_ERROR.
 */
#ifndef M55ML_CC_NN_INTERNAL_NN_CORES_H_
#define M55ML_CC_NN_INTERNAL_NN_CORES_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arm_nn_types.h"

/** Checked arguments of arm_convolve_s8, arm_convolve_1x1_s8 and arm_convolve_1x1_s8_fast. */
typedef struct {
    const cmsis_nn_conv_params *conv_params;
    const cmsis_nn_per_channel_quant_params *quant_params;
    const cmsis_nn_dims *input_dims;
    const int8_t *input_data;
    const cmsis_nn_dims *filter_dims;
    const int8_t *filter_data;
    const int32_t *bias_data; /* may be NULL */
    const cmsis_nn_dims *output_dims;
    int8_t *output_data;
    int32_t groups; /* input channels / filter channels; 1 for the 1x1 kernels */
} nn_conv_call;

/** Checked arguments of arm_depthwise_conv_s8. */
typedef struct {
    const cmsis_nn_dw_conv_params *dw_conv_params;
    const cmsis_nn_per_channel_quant_params *quant_params;
    const cmsis_nn_dims *input_dims;
    const int8_t *input_data;
    const cmsis_nn_dims *filter_dims;
    const int8_t *filter_data;
    const int32_t *bias_data; /* may be NULL */
    const cmsis_nn_dims *output_dims;
    int8_t *output_data;
} nn_dw_conv_call;

/** Checked arguments of arm_fully_connected_s8 and arm_fully_connected_per_channel_s8: output
 * channel o is requantized with multipliers[o * quant_stride] and shifts[o * quant_stride], so
 * per-tensor quantization passes stride 0 and per-channel stride 1. */
typedef struct {
    const cmsis_nn_fc_params *fc_params;
    const int32_t *multipliers;
    const int32_t *shifts;
    int32_t quant_stride;
    const cmsis_nn_dims *input_dims;
    const int8_t *input_data;
    const cmsis_nn_dims *filter_dims;
    const int8_t *filter_data;
    const int32_t *bias_data; /* may be NULL */
    const cmsis_nn_dims *output_dims;
    int8_t *output_data;
} nn_fc_call;

/** Checked arguments of arm_avgpool_s8 and arm_max_pool_s8. */
typedef struct {
    const cmsis_nn_pool_params *pool_params;
    const cmsis_nn_dims *input_dims;
    const int8_t *input_data;
    const cmsis_nn_dims *filter_dims;
    const cmsis_nn_dims *output_dims;
    int8_t *output_data;
} nn_pool_call;

/** One pooling window clipped to the image, for every channel: `rows` x `cols` pixels of
 * `channels` int8 values from `first`, rows `row_stride` values apart; `count` = rows * cols. */
typedef struct {
    const int8_t *first;
    int32_t rows;
    int32_t cols;
    int32_t count;
    int32_t row_stride;
    int32_t channels;
    int32_t act_min;
    int32_t act_max;
} nn_pool_window;

/** Checked arguments of arm_elementwise_add_s8 (the public parameters, by the same names). */
typedef struct {
    const int8_t *input_1_vect;
    const int8_t *input_2_vect;
    int32_t input_1_offset;
    int32_t input_1_mult;
    int32_t input_1_shift;
    int32_t input_2_offset;
    int32_t input_2_mult;
    int32_t input_2_shift;
    int32_t left_shift;
    int8_t *output;
    int32_t out_offset;
    int32_t out_mult;
    int32_t out_shift;
    int32_t out_activation_min;
    int32_t out_activation_max;
    int32_t block_size;
} nn_add_call;

/** Checked arguments of arm_elementwise_mul_s8 (the public parameters, by the same names). */
typedef struct {
    const int8_t *input_1_vect;
    const int8_t *input_2_vect;
    int32_t input_1_offset;
    int32_t input_2_offset;
    int8_t *output;
    int32_t out_offset;
    int32_t out_mult;
    int32_t out_shift;
    int32_t out_activation_min;
    int32_t out_activation_max;
    int32_t block_size;
} nn_mul_call;

/* ConvolutionFunctions/arm_convolve_s8_{scalar,dsp,mve}.c */
arm_cmsis_nn_status nn_convolve_s8_core(const nn_conv_call *restrict call);
/* ConvolutionFunctions/arm_convolve_1x1_s8_{scalar,dsp,mve}.c: any stride, no padding. */
arm_cmsis_nn_status nn_convolve_1x1_s8_core(const nn_conv_call *restrict call);
/* ConvolutionFunctions/arm_depthwise_conv_s8_{scalar,dsp,mve}.c */
arm_cmsis_nn_status nn_depthwise_conv_s8_core(const nn_dw_conv_call *restrict call);
/* FullyConnectedFunctions/arm_fully_connected_s8_{scalar,dsp,mve}.c */
arm_cmsis_nn_status nn_fully_connected_s8_core(const nn_fc_call *restrict call);
/* PoolingFunctions/arm_pool_s8_common.c: the walk over the output pixels' windows, each
 * clipped to the image, for every ISA class; max pooling when `take_max`, else the mean. */
arm_cmsis_nn_status nn_pool_s8_walk(const nn_pool_call *restrict call, bool take_max);
/* PoolingFunctions/arm_pool_s8_{scalar,dsp,mve}.c: one window, every channel, to `out`. */
void nn_max_pool_window_s8_core(const nn_pool_window *window, int8_t *out);
void nn_avg_pool_window_s8_core(const nn_pool_window *window, int8_t *out);
/* BasicMathFunctions/arm_elementwise_add_s8_{scalar,mve}.c (the DSP class links the scalar one) */
arm_cmsis_nn_status nn_elementwise_add_s8_core(const nn_add_call *restrict call);
/* BasicMathFunctions/arm_elementwise_mul_s8_{scalar,dsp,mve}.c */
arm_cmsis_nn_status nn_elementwise_mul_s8_core(const nn_mul_call *restrict call);
/* BasicMathFunctions/arm_minimum_maximum_s8_{scalar,mve}.c: the larger of each pair when
 * `take_larger`, else the smaller, inputs broadcast to the output. */
void nn_minimum_maximum_s8_core(const int8_t *input_1_data, const cmsis_nn_dims *input_1_dims,
                                const int8_t *input_2_data, const cmsis_nn_dims *input_2_dims,
                                int8_t *output_data, const cmsis_nn_dims *output_dims,
                                bool take_larger);

/* PadFunctions/arm_pad_s8_{scalar,mve}.c: `output` is `input` (NHWC, `input_size`) with
 * `pre_pad` and `post_pad` elements of `pad_value` before and after it in every dimension. */
void nn_pad_s8_core(const int8_t *input, int8_t *output, int8_t pad_value,
                    const cmsis_nn_dims *input_size, const cmsis_nn_dims *pre_pad,
                    const cmsis_nn_dims *post_pad);

/* TransposeFunctions/arm_transpose_s8_{scalar,mve}.c: output[a][b][c][d] (sizes `out_sizes`,
 * row-major) = input[a * step[0] + b * step[1] + c * step[2] + d * step[3]]. */
void nn_transpose_s8_core(const int8_t *input, int8_t *output, const int32_t out_sizes[4],
                          const size_t step[4]);

/** One matrix product of arm_batch_matmul_s8: output[r][c] (rows x cols, row-major) =
 * requantize(sum over k < depth of (lhs[r][k] + lhs_offset) * (rhs[c][k] + rhs_offset)) +
 * output_offset, clamped to [act_min, act_max]; both operands row-major over depth. */
typedef struct {
    const int8_t *lhs;
    const int8_t *rhs;
    int8_t *output;
    int32_t rows;
    int32_t cols;
    int32_t depth;
    int32_t lhs_offset;
    int32_t rhs_offset;
    int32_t output_offset;
    int32_t act_min;
    int32_t act_max;
    int32_t multiplier;
    int32_t shift;
} nn_matmul_call;

/* BatchMatMulFunctions/arm_batch_matmul_s8_{scalar,mve}.c */
arm_cmsis_nn_status nn_matmul_s8_core(const nn_matmul_call *restrict call);

/** Checked arguments of arm_transpose_conv_s8. */
typedef struct {
    const cmsis_nn_transpose_conv_params *transpose_conv_params;
    const cmsis_nn_per_channel_quant_params *quant_params;
    const cmsis_nn_dims *input_dims;
    const int8_t *input_data;
    const cmsis_nn_dims *filter_dims;
    const int8_t *filter_data;
    const int32_t *bias_data; /* may be NULL */
    const cmsis_nn_dims *output_dims;
    int8_t *output_data;
} nn_transpose_conv_call;

/* ConvolutionFunctions/arm_transpose_conv_s8_{scalar,mve}.c */
arm_cmsis_nn_status nn_transpose_conv_s8_core(const nn_transpose_conv_call *restrict call);

/** The input index that tap k of a transposed convolution maps onto output index o, or -1 when
 * none does (o = i * stride - padding + k * dilation). */
static inline int32_t nn_transpose_conv_source(int32_t o, int32_t k, int32_t stride,
                                               int32_t padding, int32_t dilation, int32_t in_size)
{
    const int32_t numerator = o + padding - k * dilation;
    if (numerator < 0 || numerator % stride != 0) {
        return -1;
    }
    const int32_t i = numerator / stride;
    return i < in_size ? i : -1;
}

#endif /* M55ML_CC_NN_INTERNAL_NN_CORES_H_ */
