/*
 * arm_nnfunctions.h: int8 neural-network kernels with the CMSIS-NN public API.
 *
 * This is the one public header of //cc/nn. Function names, argument lists, structs and return
 * codes follow Arm's public CMSIS-NN documentation so that //third_party/cmsis_nn can resolve to
 * either this library or Arm's without touching the callers. Every line was written for this
 * project from the documented API and the quantization math; no CMSIS-NN source was used.
 *
 * Numerics (the contract every implementation here, scalar or vector, must honour bit for bit):
 *  - Requantization uses CMSIS-NN's default double rounding (see arm_nnsupportfunctions.h):
 *    left shift by max(shift, 0), rounding doubling high multiply (x*m + 2^30) >> 31 with a
 *    64-bit product, then a rounding right shift by max(-shift, 0) with ties away from zero.
 *  - A requantization whose left shift would overflow int32 is refused: the kernel returns
 *    ARM_CMSIS_NN_ARG_ERROR instead of a wrapped value. Arm's kernels wrap silently; the
 *    reference (int64) does not wrap; refusing is the only answer that is never wrong.
 *  - A multiplier of INT32_MIN or a shift outside [-31, 31] is refused the same way.
 *  - Average pooling rounds the integer mean of the raw int8 window half away from zero.
 *
 * Memory: no kernel allocates. Scratch comes from cmsis_nn_context; ask the *_get_buffer_size
 * function of the kernel for the size. The scalar kernels need no scratch (their sizes are 0)
 * but accept any buffer, so a program planned for Arm's sizes runs unchanged.
 *
 * Layout: activations NHWC, int8, dense. Shapes and strides are int32.
 */
#ifndef M55ML_CC_NN_ARM_NNFUNCTIONS_H_
#define M55ML_CC_NN_ARM_NNFUNCTIONS_H_

#include "arm_nn_math_types.h"
#include "arm_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------
 * Convolution
 * ------------------------------------------------------------------------------------------ */

/**
 * Convolution, choosing the best kernel for the shape (1x1 fast path or the general kernel).
 *
 * out[n, y, x, o] = clamp(requantize(bias[o] + sum_{ky,kx,i} (in[n, y*sy - py + ky*dy,
 *                   x*sx - px + kx*dx, g*Cg + i] + input_offset) * filter[o, ky, kx, i],
 *                   multiplier[o], shift[o]) + output_offset, activation)
 * where g is the group of output channel o and Cg = filter_dims->c channels per group.
 * Input positions outside the image contribute nothing (zero-point padding).
 *
 * @param ctx          scratch; size from arm_convolve_wrapper_s8_get_buffer_size
 * @param conv_params  offsets, stride, padding, dilation, activation range
 * @param quant_params per-output-channel multiplier and shift (output_dims->c entries)
 * @param input_dims   [N, H, W, C_IN]
 * @param filter_dims  [C_OUT, KH, KW, C_IN / groups]; groups = C_IN / filter_dims->c
 * @param bias_dims    [C_OUT] (only c is read); bias_data may be NULL for no bias
 * @param output_dims  [N, OH, OW, C_OUT]
 * @return ARM_CMSIS_NN_SUCCESS, or ARM_CMSIS_NN_ARG_ERROR for inconsistent dimensions or a
 *         requantization that cannot be represented (see file comment)
 */
arm_cmsis_nn_status
arm_convolve_wrapper_s8(const cmsis_nn_context *ctx, const cmsis_nn_conv_params *conv_params,
                        const cmsis_nn_per_channel_quant_params *quant_params,
                        const cmsis_nn_dims *input_dims, const int8_t *input_data,
                        const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                        const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                        const cmsis_nn_dims *output_dims, int8_t *output_data);

/** Scratch bytes arm_convolve_wrapper_s8 needs for these arguments. */
int32_t arm_convolve_wrapper_s8_get_buffer_size(const cmsis_nn_conv_params *conv_params,
                                                const cmsis_nn_dims *input_dims,
                                                const cmsis_nn_dims *filter_dims,
                                                const cmsis_nn_dims *output_dims);

/** General convolution (any kernel size, stride, padding, dilation, groups). Arguments as
 * arm_convolve_wrapper_s8. */
arm_cmsis_nn_status arm_convolve_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_conv_params *conv_params,
                                    const cmsis_nn_per_channel_quant_params *quant_params,
                                    const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                    const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                    const cmsis_nn_dims *output_dims, int8_t *output_data);

/** Scratch bytes arm_convolve_s8 needs. */
int32_t arm_convolve_s8_get_buffer_size(const cmsis_nn_dims *input_dims,
                                        const cmsis_nn_dims *filter_dims);

/** 1x1 convolution without padding, any stride, no dilation, one group. Arguments as
 * arm_convolve_wrapper_s8; returns ARM_CMSIS_NN_ARG_ERROR when the shape is not 1x1/unpadded. */
arm_cmsis_nn_status arm_convolve_1x1_s8(const cmsis_nn_context *ctx,
                                        const cmsis_nn_conv_params *conv_params,
                                        const cmsis_nn_per_channel_quant_params *quant_params,
                                        const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                        const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                        const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                        const cmsis_nn_dims *output_dims, int8_t *output_data);

/** 1x1 convolution, stride 1, no padding: a plain matrix product over all pixels. Arguments as
 * arm_convolve_wrapper_s8; returns ARM_CMSIS_NN_ARG_ERROR when the shape does not qualify. */
arm_cmsis_nn_status
arm_convolve_1x1_s8_fast(const cmsis_nn_context *ctx, const cmsis_nn_conv_params *conv_params,
                         const cmsis_nn_per_channel_quant_params *quant_params,
                         const cmsis_nn_dims *input_dims, const int8_t *input_data,
                         const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                         const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                         const cmsis_nn_dims *output_dims, int8_t *output_data);

/** Scratch bytes arm_convolve_1x1_s8_fast needs. */
int32_t arm_convolve_1x1_s8_fast_get_buffer_size(const cmsis_nn_dims *input_dims);

/**
 * Depthwise convolution with channel multiplier, choosing the best kernel for the shape.
 *
 * Output channel o = i * ch_mult + m reads input channel i:
 * out[n, y, x, o] = clamp(requantize(bias[o] + sum_{ky,kx} (in[n, y*sy - py + ky*dy,
 *                   x*sx - px + kx*dx, i] + input_offset) * filter[0, ky, kx, o],
 *                   multiplier[o], shift[o]) + output_offset, activation)
 *
 * @param input_dims  [N, H, W, C_IN]
 * @param filter_dims [1, KH, KW, C_OUT], C_OUT = C_IN * ch_mult
 * @param output_dims [N, OH, OW, C_OUT]
 * Other arguments as arm_convolve_wrapper_s8.
 */
arm_cmsis_nn_status arm_depthwise_conv_wrapper_s8(
    const cmsis_nn_context *ctx, const cmsis_nn_dw_conv_params *dw_conv_params,
    const cmsis_nn_per_channel_quant_params *quant_params, const cmsis_nn_dims *input_dims,
    const int8_t *input_data, const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
    const cmsis_nn_dims *bias_dims, const int32_t *bias_data, const cmsis_nn_dims *output_dims,
    int8_t *output_data);

/** Scratch bytes arm_depthwise_conv_wrapper_s8 needs. */
int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                      const cmsis_nn_dims *input_dims,
                                                      const cmsis_nn_dims *filter_dims,
                                                      const cmsis_nn_dims *output_dims);

/** General depthwise convolution. Arguments as arm_depthwise_conv_wrapper_s8. */
arm_cmsis_nn_status arm_depthwise_conv_s8(const cmsis_nn_context *ctx,
                                          const cmsis_nn_dw_conv_params *dw_conv_params,
                                          const cmsis_nn_per_channel_quant_params *quant_params,
                                          const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                          const cmsis_nn_dims *filter_dims,
                                          const int8_t *filter_data, const cmsis_nn_dims *bias_dims,
                                          const int32_t *bias_data,
                                          const cmsis_nn_dims *output_dims, int8_t *output_data);

/**
 * Transposed convolution (fractionally strided; "deconvolution"), one group.
 *
 * Input pixel (iy, ix) and kernel tap (ky, kx) land on output (iy*sy - py + ky*dy,
 * ix*sx - px + kx*dx); contributions landing outside the output are dropped:
 * out[n, y, x, o] = clamp(requantize(bias[o] + sum (in[n, iy, ix, i] + input_offset) *
 *                   filter[o, ky, kx, i], multiplier[o], shift[o]) + output_offset, activation)
 *
 * @param ctx         scratch; size from arm_transpose_conv_s8_get_buffer_size
 * @param output_ctx  second scratch; size from arm_transpose_conv_s8_get_reverse_conv_buffer_size
 * @param input_dims  [N, H, W, C_IN]
 * @param filter_dims [C_OUT, KH, KW, C_IN]
 * @param output_dims [N, OH, OW, C_OUT]; padding_offsets (output_padding) only enlarge OH, OW
 */
arm_cmsis_nn_status
arm_transpose_conv_s8(const cmsis_nn_context *ctx, const cmsis_nn_context *output_ctx,
                      const cmsis_nn_transpose_conv_params *transpose_conv_params,
                      const cmsis_nn_per_channel_quant_params *quant_params,
                      const cmsis_nn_dims *input_dims, const int8_t *input_data,
                      const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                      const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                      const cmsis_nn_dims *output_dims, int8_t *output_data);

/** Scratch bytes (ctx) arm_transpose_conv_s8 needs. */
int32_t arm_transpose_conv_s8_get_buffer_size(
    const cmsis_nn_transpose_conv_params *transpose_conv_params, const cmsis_nn_dims *input_dims,
    const cmsis_nn_dims *filter_dims, const cmsis_nn_dims *out_dims);

/** Scratch bytes (output_ctx) arm_transpose_conv_s8 needs. */
int32_t arm_transpose_conv_s8_get_reverse_conv_buffer_size(
    const cmsis_nn_transpose_conv_params *transpose_conv_params, const cmsis_nn_dims *input_dims,
    const cmsis_nn_dims *filter_dims);

/* ------------------------------------------------------------------------------------------
 * Fully connected and matrix multiplication
 * ------------------------------------------------------------------------------------------ */

/**
 * Fully connected layer, per-tensor requantization.
 *
 * out[b, o] = clamp(requantize(bias[o] + sum_k (in[b, k] + input_offset) *
 *             (filter[o, k] + filter_offset), multiplier, shift) + output_offset, activation)
 *
 * @param ctx         scratch; size from arm_fully_connected_s8_get_buffer_size. This library
 *                    never reads it: the bias and the offsets carry everything, so a caller
 *                    holding a precomputed kernel sum passes it as bias with input_offset 0.
 * @param input_dims  [N, H, W, C]: N batches of K = H*W*C values
 * @param filter_dims [K, H, W, C_OUT]: n is the accumulation depth K, c the output count
 * @param bias_dims   [C_OUT] (only c is read); bias_data may be NULL
 * @param output_dims [N, 1, 1, C_OUT]
 */
arm_cmsis_nn_status
arm_fully_connected_s8(const cmsis_nn_context *ctx, const cmsis_nn_fc_params *fc_params,
                       const cmsis_nn_per_tensor_quant_params *quant_params,
                       const cmsis_nn_dims *input_dims, const int8_t *input_data,
                       const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                       const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                       const cmsis_nn_dims *output_dims, int8_t *output_data);

/** Fully connected layer with one multiplier and shift per output channel. Arguments as
 * arm_fully_connected_s8. */
arm_cmsis_nn_status
arm_fully_connected_per_channel_s8(const cmsis_nn_context *ctx, const cmsis_nn_fc_params *fc_params,
                                   const cmsis_nn_per_channel_quant_params *quant_params,
                                   const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                   const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                   const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                   const cmsis_nn_dims *output_dims, int8_t *output_data);

/** Scratch bytes arm_fully_connected_s8 needs. */
int32_t arm_fully_connected_s8_get_buffer_size(const cmsis_nn_dims *filter_dims);

/**
 * Batched matrix product with a transposed right-hand side.
 *
 * out[b, r, c] = clamp(requantize(sum_k (lhs[b, r, k] + fc.input_offset) *
 *                (rhs[b, c, k] + fc.filter_offset), multiplier, shift) + fc.output_offset,
 *                fc.activation)
 *
 * @param input_lhs_dims [N, H, ROWS, K]: batch N*H
 * @param input_rhs_dims [N, H, COLS, K]: the right-hand side, already transposed; a batch
 *                       dimension of 1 broadcasts
 * @param output_dims    [N, H, ROWS, COLS]
 * bmm_params->adj_x and adj_y must be false.
 */
arm_cmsis_nn_status
arm_batch_matmul_s8(const cmsis_nn_context *ctx, const cmsis_nn_bmm_params *bmm_params,
                    const cmsis_nn_per_tensor_quant_params *quant_params,
                    const cmsis_nn_dims *input_lhs_dims, const int8_t *input_lhs,
                    const cmsis_nn_dims *input_rhs_dims, const int8_t *input_rhs,
                    const cmsis_nn_dims *output_dims, int8_t *output);

/* ------------------------------------------------------------------------------------------
 * Elementwise
 * ------------------------------------------------------------------------------------------ */

/**
 * Elementwise quantized add of two vectors of block_size values.
 *
 * a = requantize((in1 + input_1_offset) << left_shift, input_1_mult, input_1_shift)
 * b = requantize((in2 + input_2_offset) << left_shift, input_2_mult, input_2_shift)
 * out = clamp(requantize(a + b, out_mult, out_shift) + out_offset, [act_min, act_max])
 */
arm_cmsis_nn_status arm_elementwise_add_s8(
    const int8_t *input_1_vect, const int8_t *input_2_vect, const int32_t input_1_offset,
    const int32_t input_1_mult, const int32_t input_1_shift, const int32_t input_2_offset,
    const int32_t input_2_mult, const int32_t input_2_shift, const int32_t left_shift,
    int8_t *output, const int32_t out_offset, const int32_t out_mult, const int32_t out_shift,
    const int32_t out_activation_min, const int32_t out_activation_max, const int32_t block_size);

/**
 * Elementwise quantized multiply of two vectors of block_size values.
 *
 * out = clamp(requantize((in1 + input_1_offset) * (in2 + input_2_offset), out_mult, out_shift)
 *             + out_offset, [act_min, act_max])
 */
arm_cmsis_nn_status
arm_elementwise_mul_s8(const int8_t *input_1_vect, const int8_t *input_2_vect,
                       const int32_t input_1_offset, const int32_t input_2_offset, int8_t *output,
                       const int32_t out_offset, const int32_t out_mult, const int32_t out_shift,
                       const int32_t out_activation_min, const int32_t out_activation_max,
                       const int32_t block_size);

/**
 * Elementwise minimum with broadcasting: each dimension of input 1 and input 2 either equals
 * the output's or is 1 (then it is repeated).
 */
arm_cmsis_nn_status arm_minimum_s8(const cmsis_nn_context *ctx, const int8_t *input_1_data,
                                   const cmsis_nn_dims *input_1_dims, const int8_t *input_2_data,
                                   const cmsis_nn_dims *input_2_dims, int8_t *output_data,
                                   const cmsis_nn_dims *output_dims);

/** Elementwise maximum with broadcasting; as arm_minimum_s8. */
arm_cmsis_nn_status arm_maximum_s8(const cmsis_nn_context *ctx, const int8_t *input_1_data,
                                   const cmsis_nn_dims *input_1_dims, const int8_t *input_2_data,
                                   const cmsis_nn_dims *input_2_dims, int8_t *output_data,
                                   const cmsis_nn_dims *output_dims);

/* ------------------------------------------------------------------------------------------
 * Pooling
 * ------------------------------------------------------------------------------------------ */

/**
 * Average pooling. Each output is the mean of the raw int8 values of the window positions that
 * lie inside the input (padding is not counted), rounded half away from zero, then clamped to
 * the activation range. filter_dims->h/w give the window.
 */
arm_cmsis_nn_status arm_avgpool_s8(const cmsis_nn_context *ctx,
                                   const cmsis_nn_pool_params *pool_params,
                                   const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                   const cmsis_nn_dims *filter_dims,
                                   const cmsis_nn_dims *output_dims, int8_t *output_data);

/** Scratch bytes arm_avgpool_s8 needs. */
int32_t arm_avgpool_s8_get_buffer_size(const int dim_dst_width, const int ch_src);

/** Max pooling over the window positions inside the input, clamped to the activation range. */
arm_cmsis_nn_status arm_max_pool_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_pool_params *pool_params,
                                    const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims,
                                    const cmsis_nn_dims *output_dims, int8_t *output_data);

/* ------------------------------------------------------------------------------------------
 * Data movement
 * ------------------------------------------------------------------------------------------ */

/**
 * Transpose of a tensor of up to 4 dimensions, taken as (n, h, w, c) = dimensions 0..3.
 * Output dimension i is input dimension transpose_params->permutations[i]. num_dims must be
 * 4 here; callers with lower ranks add leading dimensions of size 1.
 */
arm_cmsis_nn_status arm_transpose_s8(const int8_t *input_data, int8_t *const output_data,
                                     const cmsis_nn_dims *const input_dims,
                                     const cmsis_nn_dims *const output_dims,
                                     const cmsis_nn_transpose_params *const transpose_params);

/**
 * Constant padding of a 4-D tensor: output dimension d = pre_pad.d + input_size.d + post_pad.d,
 * new positions take pad_value.
 */
arm_cmsis_nn_status arm_pad_s8(const int8_t *input, int8_t *output, const int8_t pad_value,
                               const cmsis_nn_dims *input_size, const cmsis_nn_dims *pre_pad,
                               const cmsis_nn_dims *post_pad);

#ifdef __cplusplus
}
#endif

#endif /* M55ML_CC_NN_ARM_NNFUNCTIONS_H_ */
